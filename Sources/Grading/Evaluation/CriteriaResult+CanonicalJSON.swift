import Clinical

extension CriteriaResult {
    /// ``json`` in canonical form (`JSONValue.canonical`: keys sorted at every depth), as the log
    /// keeps a grades event's results: made from the fields for a grade or a criteria set, whose
    /// values are whole numbers, texts and lists of texts. A score, whose probability is a
    /// fraction as its text prints it, is still written, read back and sorted.
    ///
    /// Why not always `json.canonical`: writing each result and parsing it back, then sorting its
    /// keys, was about 8 % of `record`'s CPU (`perf`; README, "Tests and benchmarks",
    /// `postgres-append.sh`). `CanonicalResultTests` holds the two equal on the golden panels and
    /// on random patients.
    package var canonicalJSON: JSONValue {
        // Room for every member a result has (twelve at most, a criteria set's), made once.
        var members: [(String, JSONValue)] = []
        members.reserveCapacity(12)
        members += [("criteria", .string(criteria)), ("hash", .string(hash)), ("version", .string(version))]
        if let term { members.append(("term", .string(term))) }
        switch value {
        case .grade(let outcome):
            members.append(("grade", outcome.grade.map { .number(Double($0)) } ?? .null))
            if let atLeast = outcome.atLeast { members.append(("atLeast", .number(Double(atLeast)))) }
            if !outcome.reasons.isEmpty { members.append(("reasons", Self.texts(outcome.reasons))) }
            if outcome.grade == nil { members.append(("missing", Self.texts(outcome.missing.map(\.text)))) }
            if !outcome.interpretations.isEmpty { members.append(("interpretations", Self.texts(outcome.interpretations))) }
        case .criteriaSet(let outcome):
            if outcome.decides { members.append(("met", outcome.met.map { .bool($0) } ?? .null)) }
            members += [("count", .number(Double(outcome.count))), ("of", .number(Double(outcome.of))),
                        ("criteriaMet", Self.texts(outcome.criteriaMet)), ("criteriaNotMet", Self.texts(outcome.criteriaNotMet)),
                        ("criteriaUnknown", Self.texts(outcome.criteriaUnknown))]
            if !outcome.missing.isEmpty || (outcome.decides && outcome.met == nil) {
                members.append(("missing", Self.texts(outcome.missing.map(\.text))))
            }
            if !outcome.interpretations.isEmpty { members.append(("interpretations", Self.texts(outcome.interpretations))) }
        case .score:
            return json.canonical
        }
        // Sorted as `canonical` sorts: by the keys' UTF-8 bytes (no two keys here are equal).
        return .object(members.sorted { JSONValue.keyPrecedes($0.0, $1.0) })
    }

    private static func texts(_ list: [String]) -> JSONValue { .array(list.map { .string($0) }) }
}
