/// The payloads of the clinical event kinds: how each is written and read, by key.
///
/// Payloads are JSON objects so that the log stays readable and verifiable without aegrade; these
/// helpers are the one place that knows their keys.
package enum EventPayload {
    /// `grades`: the observation graded and the results (as the batch interface prints them).
    package static func grades(observation: String, observationSeq: Int64, results: [JSONValue]) -> JSONValue {
        .object([("observation", .string(observation)), ("observationSeq", .number(Double(observationSeq))), ("results", .array(results))])
    }

    /// `observation`: the assessment as entered.
    package static func observation(_ assessment: JSONValue) -> JSONValue { .object([("assessment", assessment)]) }

    /// `correction`: the corrected assessment, the observation it supersedes, and why.
    package static func correction(supersedes: String, supersedesSeq: Int64, reason: String, assessment: JSONValue) -> JSONValue {
        .object([("assessment", assessment), ("reason", .string(reason)), ("supersedes", .string(supersedes)),
                 ("supersedesSeq", .number(Double(supersedesSeq)))])
    }

    /// `override`: a clinician's grade for one criteria id (and term) of a grades event, and why.
    package static func override(supersedes: String, supersedesSeq: Int64, criteria: String, term: String?, computedGrade: Int?,
                                 grade: Int, reason: String) -> JSONValue {
        var members: [(String, JSONValue)] = [("computedGrade", computedGrade.map { .number(Double($0)) } ?? .null),
                                              ("criteria", .string(criteria)), ("grade", .number(Double(grade))),
                                              ("reason", .string(reason)), ("supersedes", .string(supersedes)),
                                              ("supersedesSeq", .number(Double(supersedesSeq)))]
        if let term { members.append(("term", .string(term))) }
        return .object(members)
    }
}

/// One grade read back from a `grades` or `override` event.
package struct LoggedGrade: Sendable, Equatable {
    package var criteria: String
    package var term: String?
    package var grade: Int?
}

extension RecordedEvent {
    /// The grades a `grades` event carries (criteria results without a grade, such as criteria
    /// sets, are left out), or the one grade of an `override`.
    package var loggedGrades: [LoggedGrade] {
        switch kind {
        case .grades:
            return LoggedGrade.results(payload["results"])
        case .override:
            guard case .string(let criteria)? = payload["criteria"], case .number(let g)? = payload["grade"] else { return [] }
            var term: String?
            if case .string(let t)? = payload["term"] { term = t }
            return [LoggedGrade(criteria: criteria, term: term, value: .number(g))].compactMap { $0 }
        default:
            return []
        }
    }

    /// A string field of the payload.
    package func payloadString(_ key: String) -> String? {
        if case .string(let value)? = payload[key] { return value }
        return nil
    }
}
