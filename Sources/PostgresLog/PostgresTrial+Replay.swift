import Clinical
import EventLog

/// `log replay` over the whole trial: each site's chain is folded by its own replay (corrections
/// and overrides name the events of their site by its seq), and the patients of all sites are
/// listed together, qualified by their site (README, "The whole trial").
extension PostgresTrial {
    /// `{"sites": [{"site", "asOf"}…], "patients": […]}`: each site's point of its chain, and the
    /// patients of every site as one site's replay shows them (``Replay/json``), their ids
    /// qualified, sorted by qualified id.
    package func replayJSON(until limit: Replay.Limit) throws(EventLogError) -> JSONValue {
        var sitesJSON: [JSONValue] = []
        var patients: [(id: String, value: JSONValue)] = []
        for site in sites {
            let json = try store(of: site).replay(until: limit).json
            sitesJSON.append(.object([("site", .string(site)), ("asOf", json["asOf"] ?? .null)]))
            guard case .array(let list)? = json["patients"] else { continue }
            for case .object(var members) in list {
                guard let index = members.firstIndex(where: { $0.0 == "patient" }), case .string(let id) = members[index].1 else { continue }
                let qualified = Self.qualified(site: site, patient: id)
                members[index].1 = .string(qualified)
                patients.append((qualified, .object(members)))
            }
        }
        patients.sort { $0.id < $1.id }
        return .object([("sites", .array(sitesJSON)), ("patients", .array(patients.map(\.value)))])
    }
}
