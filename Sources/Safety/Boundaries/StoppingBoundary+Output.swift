import Clinical

extension StoppingBoundary {
    /// `{"method": …, "n": N, "boundary": [b1, …, bN]}`, with null where no stop is possible after
    /// n subjects (the `aegrade rules boundary --json` interface; keep its keys exactly).
    package var json: JSONValue {
        .object([("method", .string(method.name)), ("n", .number(Double(maxSubjects))),
                 ("boundary", .array(looks.map { n in stopsAt(n).map { .number(Double($0)) } ?? .null }))])
    }

    /// The boundary with operating characteristics at `rates`: the keys of ``json`` and `oc`, one
    /// object per rate with `rate`, `stopProbability`, `expectedSubjects`, `expectedToxicities`,
    /// `continueProbability` and `stopAt` (P(stop at n), n = 1 … N).
    package func json(operatingCharacteristics: [OperatingCharacteristics]) -> JSONValue {
        guard case .object(var members) = json else { return json }
        members.append(("oc", .array(operatingCharacteristics.map { oc in
            .object([("rate", .number(oc.rate)), ("stopProbability", .number(oc.stopProbability)),
                     ("expectedSubjects", .number(oc.expectedSubjects)), ("expectedToxicities", .number(oc.expectedToxicities)),
                     ("continueProbability", .number(oc.continueProbability)),
                     ("stopAt", .array(oc.stopAt.map(JSONValue.number)))])
        })))
        return .object(members)
    }

    /// n = 1 … N.
    private var looks: StrideThrough<Int> { stride(from: 1, through: maxSubjects, by: 1) }

    /// One line naming the method and its inputs (`pocock p0 0.2 alpha 0.1 N 20 (nominal level c = 0.0377)`).
    package var title: String {
        switch method {
        case .pocock(let p0, let alpha, let nominal):
            "pocock p0 \(JSONValue.format(p0)) alpha \(JSONValue.format(alpha)) N \(maxSubjects) (nominal level c = \(Self.short(nominal)))"
        case .bayes(let p0, let a, let b, let threshold):
            "bayes p0 \(JSONValue.format(p0)) prior Beta(\(JSONValue.format(a)), \(JSONValue.format(b))) threshold \(JSONValue.format(threshold)) N \(maxSubjects)"
        }
    }

    /// The boundary in one line, `-` where no stop is possible: `- - 3 3 4 …`.
    package var compactText: String {
        looks.map { stopsAt($0).map(String.init) ?? "-" }.joined(separator: " ")
    }

    /// The boundary as a table: one line per n with the number of toxicities that stops.
    package var tableLines: [String] {
        [title, "n\tstop at ≥"] + looks.map { "\($0)\t\(stopsAt($0).map(String.init) ?? "-")" }
    }

    /// Operating characteristics as a table: rate, P(stop by N), expected subjects, expected toxicities.
    package func tableLines(operatingCharacteristics: [OperatingCharacteristics]) -> [String] {
        [title, "boundary: \(compactText)", "rate\tP(stop by N)\tE(subjects)\tE(toxicities)"]
            + operatingCharacteristics.map { oc in
                "\(JSONValue.format(oc.rate))\t\(Self.short(oc.stopProbability, digits: 6))\t\(Self.short(oc.expectedSubjects, digits: 4))\t\(Self.short(oc.expectedToxicities, digits: 4))"
            }
    }

    /// A number with `digits` decimals, for tables (JSON keeps full precision).
    static func short(_ value: Double, digits: Int = 4) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = JSONValue.format(rounded)
        if value != 0, rounded == 0 { text = "\(value)" }
        return text
    }
}
