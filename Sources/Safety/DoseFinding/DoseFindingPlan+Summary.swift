extension DoseFindingPlan {
    /// What `aegrade rules check` prints for the section: the design, the doses, how cohorts run,
    /// and the decision table the protocol carries.
    package var summaryLines: [String] {
        var lines = ["dose finding: \(design.title)"]
        lines.append("    doses: " + doses.enumerated().map { "\($0.offset + 1) \($0.element.label) (\($0.element.dose))" }.joined(separator: ", "))
        if case .threePlusThree = design {
            lines.append("    cohorts of 3, at most 6 subjects per dose")
        } else {
            lines.append("    cohorts of \(cohortSize), at most \(maxSubjects) subjects"
                         + (stopAtSubjectsOnDose.map { "; stop once \($0) are at the current dose and it stays" } ?? ""))
        }
        lines += decisionTable.textLines.dropFirst().map { "    " + $0 }
        return lines
    }
}
