import Clinical
import Grading

/// Re-grades every stored observation and compares with the grades stored at the time.
///
/// Where a stored result names a criteria file with the same hash as the one loaded now, the
/// result must come out exactly the same; any difference is a `mismatch` (the engine changed, or
/// the log did). Where the hash differs, the file was revised: the differences are listed as
/// `changed`, which is what re-grading under a newer scale is for.
package struct LogRegrader: Sendable {
    package let criteria: CriteriaSet

    package init(criteria: CriteriaSet) { self.criteria = criteria }

    /// One difference between a stored result and the result re-graded now.
    package struct Difference: Sendable, Equatable {
        package enum Kind: String, Sendable { case mismatch, changed, criteriaMissing }
        package var kind: Kind
        package var observationSeq: Int64
        package var patient: String?
        package var criteria: String
        package var term: String?
        package var storedHash: String
        package var currentHash: String?
        package var stored: JSONValue
        package var regraded: JSONValue?

        package var json: JSONValue {
            var members: [(String, JSONValue)] = [("kind", .string(kind.rawValue)), ("seq", .number(Double(observationSeq))),
                                                  ("patient", patient.map { .string($0) } ?? .null), ("criteria", .string(criteria))]
            if let term { members.append(("term", .string(term))) }
            members += [("storedHash", .string(storedHash)), ("currentHash", currentHash.map { .string($0) } ?? .null),
                        ("stored", stored), ("regraded", regraded ?? .null)]
            return .object(members)
        }
    }

    /// Summary counts of a run.
    package struct Summary: Sendable, Equatable {
        package var observations = 0
        package var results = 0
        package var mismatches = 0
        package var changed = 0
    }

    /// Re-grades the log, calling `report` with each difference.
    package func run(_ store: any EventStore, report: (Difference) -> Void) throws(EventLogError) -> Summary {
        var summary = Summary()
        var pending: [Int64: (patient: String?, assessment: Assessment)] = [:]
        try store.forEachEvent(from: 1) { event in
            switch event.kind {
            case .observation, .correction:
                if let json = event.payload[.assessment], let assessment = try? Assessment(json: json) {
                    pending[event.seq] = (event.patient, assessment)
                }
            case .grades:
                guard case .number(let seqNumber)? = event.payload[.observationSeq],
                      let (patient, assessment) = pending.removeValue(forKey: Int64(seqNumber)),
                      case .array(let stored)? = event.payload[.results] else { break }
                summary.observations += 1
                let now = criteria.evaluate(assessment)
                for old in stored {
                    guard case .string(let id)? = old[.criteria], case .string(let hash)? = old["hash"] else { continue }
                    var term: String?
                    if case .string(let t)? = old[.term] { term = t }
                    summary.results += 1
                    let fresh = now.first { $0.criteria == id && $0.term == term }
                    let diff = Difference(kind: .mismatch, observationSeq: Int64(seqNumber), patient: patient, criteria: id, term: term,
                                          storedHash: hash, currentHash: fresh?.hash, stored: old, regraded: fresh?.json)
                    guard let fresh else {
                        var missing = diff
                        missing.kind = .criteriaMissing
                        report(missing)
                        continue
                    }
                    // The same criteria under another hash may still give the same answer.
                    if Self.answer(fresh.json) == Self.answer(old) { continue }
                    var found = diff
                    found.kind = fresh.hash == hash ? .mismatch : .changed
                    if found.kind == .mismatch { summary.mismatches += 1 } else { summary.changed += 1 }
                    report(found)
                }
            default:
                break
            }
            return true
        }
        return summary
    }

    /// A result without its criteria version and hash: what it says, for comparison.
    static func answer(_ result: JSONValue) -> String {
        guard case .object(let members) = result else { return result.canonicalText }
        return JSONValue.object(members.filter { $0.0 != "hash" && $0.0 != "version" }).canonicalText
    }
}
