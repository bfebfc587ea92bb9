import Clinical

extension DecisionTable {
    /// `{"design": …, "title": …, "convention": …, "rows": [{"n": 6, "escalateIfAtMost": 1,
    /// "deescalateIfAtLeast": 3, "eliminateIfAtLeast": 4}, …]}`, null for a count no y ≤ n reaches;
    /// rows carry `stopTrialIfAtLeast` only under the extra-safe rule (the `aegrade rules table
    /// --json` interface; keep its keys).
    package var json: JSONValue {
        func count(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        let extraSafe = design.interval?.elimination.extraSafe ?? false
        return .object([
            ("design", .string(design.name.rawValue)), ("title", .string(design.title)), ("convention", .string(design.convention)),
            ("rows", .array(rows.map { row in
                var members: [(String, JSONValue)] = [("n", .number(Double(row.n))), ("escalateIfAtMost", count(row.escalateIfAtMost)),
                                                      ("deescalateIfAtLeast", count(row.deescalateIfAtLeast)),
                                                      ("eliminateIfAtLeast", count(row.eliminateIfAtLeast))]
                if extraSafe { members.append(("stopTrialIfAtLeast", count(row.stopTrialIfAtLeast))) }
                return .object(members)
            })),
        ])
    }

    /// The table for a reader: the design, the convention, then one line per n (`-` where no y ≤ n
    /// reaches the decision).
    package var textLines: [String] {
        let extraSafe = design.interval?.elimination.extraSafe ?? false
        func count(_ value: Int?) -> String { value.map(String.init) ?? "-" }
        var lines = [design.title, "convention: \(design.convention)",
                     "n\tescalate if y ≤\tde-escalate if y ≥\teliminate if y ≥" + (extraSafe ? "\tstop trial if y ≥ (lowest dose)" : "")]
        for row in rows {
            lines.append("\(row.n)\t\(count(row.escalateIfAtMost))\t\(count(row.deescalateIfAtLeast))\t\(count(row.eliminateIfAtLeast))"
                         + (extraSafe ? "\t\(count(row.stopTrialIfAtLeast))" : ""))
        }
        return lines
    }
}
