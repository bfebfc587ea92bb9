import Clinical
import Grading
import Localization
import Yams

extension ProtocolLoader {
    static let toxicityKeys = ["description", "criteria", "term", "minGrade", "event", "withinDLTWindow"]

    /// One entry of `toxicities:`: either `criteria` (a criteria id, or `any`) with `minGrade` and an
    /// optional `term`, or `event` (an event kind); either may be limited to the DLT window.
    ///
    /// ```yaml
    /// severeCRS: {criteria: astct-2019-crs, minGrade: 3, withinDLTWindow: true}
    /// grade5: {criteria: any, minGrade: 5}
    /// rcl: {event: rclDetected}
    /// ```
    func toxicity(_ id: String, _ node: Node, line: Int) throws(ProtocolError) -> ToxicityDefinition {
        let what = localized("toxicity {id}", ["id": id])
        guard Self.isName(id) else {
            throw ProtocolError(file: file, line: line, message: localized("toxicity name \"{id}\" must start with a letter and hold only letters, digits, - and _", ["id": id]))
        }
        var reader = try YAMLReader(node, file: file, what: what, line: line)
        let description = try reader.text("description")?.0
        let within = try reader.bool("withinDLTWindow") ?? false
        let match: ToxicityDefinition.Match
        if let (kindText, kindLine) = try reader.text("event") {
            guard let kind = EventKind(rawValue: kindText), ToxicityDefinition.eventKinds.contains(kind) else {
                let allowed = ToxicityDefinition.eventKinds.map(\.rawValue).joined(separator: ", ")
                throw reader.error(localized("{what}: event must be one of {allowed}, found \"{value}\"", ["what": what, "allowed": allowed, "value": kindText]), line: kindLine)
            }
            for key in ["criteria", "term", "minGrade"] {
                if let (_, keyLine) = reader.take(key) {
                    throw reader.error(localized("{what}: \"{key}\" applies to graded toxicities, not to an event", ["what": what, "key": key]), line: keyLine)
                }
            }
            match = .event(kind)
        } else {
            let (criteria, criteriaLine) = try reader.requireText("criteria", in: localized("{what} (or give \"event\")", ["what": what]))
            let term = try reader.text("term")
            if criteria != "any", let message = unknownCriteria(criteria) { throw reader.error(localized("{what}: {reason}", ["what": what, "reason": message]), line: criteriaLine) }
            if criteria == "any", let (_, termLine) = term {
                throw reader.error(localized("{what}: a term needs a criteria id, not any", ["what": what]), line: termLine)
            }
            let (minGrade, _) = try reader.requireInteger("minGrade", in: 1...5, what: what)
            match = .grade(criteria: criteria == "any" ? nil : criteria, term: term?.0, minGrade: minGrade)
        }
        try reader.finish(allowed: Self.toxicityKeys, in: what)
        return ToxicityDefinition(id: id, description: description, match: match, withinDLTWindow: within)
    }
}
