import Clinical

extension DoseFindingOC {
    /// `{"method": "exact"|"simulation", "paths"|"trials"+"seed", "doses": [{"dose": 1, "truth": …,
    /// "selected": …, "subjects": …, "dlts": …}, …], "noneSelected": …, "totalSubjects": …,
    /// "totalDLTs": …}`; under simulation each figure has a `…Error` key with its Monte Carlo
    /// standard error (the `aegrade rules oc --design … --json` interface).
    package func json(design: DoseFindingDesign, labels: [String]) -> JSONValue {
        func figure(_ key: String, _ estimate: Estimate) -> [(String, JSONValue)] {
            [(key, .number(estimate.value))] + (estimate.standardError.map { [(key + "Error", .number($0))] } ?? [])
        }
        var members: [(String, JSONValue)] = [("design", .string(design.name.rawValue)), ("title", .string(design.title))]
        switch method {
        case .exact(let paths): members += [("method", .string("exact")), ("paths", .number(Double(paths)))]
        case .simulation(let trials, let seed): members += [("method", .string("simulation")), ("trials", .number(Double(trials))), ("seed", .number(Double(seed)))]
        }
        members.append(("doses", .array(truth.indices.map { index in
            .object([("dose", .number(Double(index + 1))), ("label", .string(labels[safe: index] ?? "\(index + 1)")), ("truth", .number(truth[index]))]
                    + figure("selected", selected[index]) + figure("subjects", subjects[index]) + figure("dlts", dlts[index]))
        })))
        members += figure("noneSelected", noneSelected) + figure("totalSubjects", totalSubjects) + figure("totalDLTs", totalDLTs)
        return .object(members)
    }

    /// The figures for a reader: one line per dose, then none and the totals; a simulated figure
    /// is followed by ± its Monte Carlo standard error.
    package func textLines(design: DoseFindingDesign, labels: [String]) -> [String] {
        let how = switch method {
        case .exact(let paths): "exact: \(paths) cohort outcome paths enumerated, each weighted by its binomial probability"
        case .simulation(let trials, let seed): "simulated: \(trials) trials from seed \(seed); each figure ± one Monte Carlo standard error"
        }
        func show(_ estimate: Estimate, digits: Int) -> String {
            decimalText(estimate.value, digits: digits) + (estimate.standardError.map { " ± \(decimalText($0, digits: digits + 1))" } ?? "")
        }
        var lines = [design.title, how, "dose\ttruth\tP(selected)\tE(subjects)\tE(DLTs)"]
        for index in truth.indices {
            lines.append("\(labels[safe: index] ?? "\(index + 1)")\t\(decimalText(truth[index]))\t\(show(selected[index], digits: 4))"
                         + "\t\(show(subjects[index], digits: 2))\t\(show(dlts[index], digits: 2))")
        }
        lines.append("none\t\t\(show(noneSelected, digits: 4))")
        lines.append("total\t\t\(show(.init(selected.reduce(0) { $0 + $1.value } + noneSelected.value), digits: 4))"
                     + "\t\(show(totalSubjects, digits: 2))\t\(show(totalDLTs, digits: 2))")
        return lines
    }
}

private extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
