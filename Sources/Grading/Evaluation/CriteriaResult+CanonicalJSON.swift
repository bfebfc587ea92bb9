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
        // Room for every member a result has (twelve at most, a criteria set's), made once. The
        // members are appended in canonical order, the keys' UTF-8 order (`JSONValue.keyPrecedes`),
        // not sorted after: the sort moved them about for 2 % of `record`'s CPU (`perf`).
        var members: [(String, JSONValue)] = []
        members.reserveCapacity(12)
        switch value {
        case .grade(let outcome):
            if let atLeast = outcome.atLeast { members.append(("atLeast", .number(Double(atLeast)))) }
            members.append(("criteria", .string(criteria)))
            members.append(("grade", outcome.grade.map { .number(Double($0)) } ?? .null))
            members.append(("hash", .string(hash)))
            if !outcome.interpretations.isEmpty { members.append(("interpretations", Self.texts(outcome.interpretations))) }
            if outcome.grade == nil { members.append(("missing", Self.texts(outcome.missing.map(\.text)))) }
            if !outcome.reasons.isEmpty { members.append(("reasons", Self.texts(outcome.reasons))) }
        case .criteriaSet(let outcome):
            members += [("count", .number(Double(outcome.count))), ("criteria", .string(criteria)),
                        ("criteriaMet", Self.texts(outcome.criteriaMet)), ("criteriaNotMet", Self.texts(outcome.criteriaNotMet)),
                        ("criteriaUnknown", Self.texts(outcome.criteriaUnknown)), ("hash", .string(hash))]
            if !outcome.interpretations.isEmpty { members.append(("interpretations", Self.texts(outcome.interpretations))) }
            if outcome.decides { members.append(("met", outcome.met.map { .bool($0) } ?? .null)) }
            if !outcome.missing.isEmpty || (outcome.decides && outcome.met == nil) {
                members.append(("missing", Self.texts(outcome.missing.map(\.text))))
            }
            members.append(("of", .number(Double(outcome.of))))
        case .score:
            return json.canonical
        }
        if let term { members.append(("term", .string(term))) }
        members.append(("version", .string(version)))
        return .object(members)
    }

    private static func texts(_ list: [String]) -> JSONValue { .array(list.map { .string($0) }) }
}
