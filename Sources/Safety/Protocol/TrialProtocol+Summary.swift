import Clinical

extension TrialProtocol {
    /// What `aegrade rules check` prints for a protocol that loads: the trial, each toxicity, and
    /// each rule with its boundary and its probability of stopping when the rate is p0 (a Bayesian
    /// rule is not calibrated, so that figure matters most there).
    package var summaryLines: [String] {
        var lines = ["ok  \(trial)  \(productClass.rawValue) (long-term follow-up \(productClass.followUpYears) years)  "
                     + "DLT window days 0–\(dltWindowDays)  assessment every \(assessmentIntervalHours) h"]
        for toxicity in toxicities {
            let what: String = switch toxicity.match {
            case .grade(let criteria, let term, let minGrade):
                "\(criteria ?? "any criteria")\(term.map { " \($0)" } ?? "") grade ≥ \(minGrade)"
            case .event(let kind): "event \(kind.rawValue)"
            }
            let flags = (toxicity.withinDLTWindow ? ", within the DLT window" : "") + (dltToxicities.contains(toxicity.id) ? ", DLT" : "")
            lines.append("toxicity \(toxicity.id): \(what)\(flags)")
        }
        for rule in rules {
            let head = "rule \(rule.id) (\(rule.action.rawValue)): "
            switch rule.kind {
            case .count(let names, let atLeast, let ofFirst):
                lines.append(head + "≥ \(atLeast) subjects with \(names.joined(separator: " or "))"
                             + (ofFirst.map { " among the first \($0) evaluable" } ?? ""))
            case .monitoring(let names, let boundary):
                let stop = boundary.operatingCharacteristics(rate: boundary.method.p0).stopProbability
                lines.append(head + "\(names.joined(separator: " or ")): \(boundary.title)")
                lines.append("    boundary: \(boundary.compactText)")
                lines.append("    P(stop by N | rate p0) = \(StoppingBoundary.short(stop, digits: 4))")
            case .stagger(let stagger):
                lines.append(head + "infusions at least \(stagger.days) days apart"
                             + (stagger.firstSubjects.map { " for the first \($0) subjects" } ?? "")
                             + (stagger.perCohort ? " within each cohort" : ""))
            }
        }
        if let doseFinding { lines += doseFinding.summaryLines }
        return lines
    }
}
