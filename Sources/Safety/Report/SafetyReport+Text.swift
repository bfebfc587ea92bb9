import Clinical

extension SafetyReport {
    /// The report as `aegrade report` prints it for `trial` (without `--csv`): a heading, the
    /// totals per episode criteria, a line per subject, then the rule status. Ids, cohorts and
    /// drug names come from the log: each line is escaped (``PrintableText``), so that none can
    /// repaint the reader's terminal or forge a line of the report.
    package func textLines(trial: TrialProtocol) -> [String] {
        var lines = ["Safety report — trial \(PrintableText.escaped(trial.trial)), as of \(status.asOf.utcText)", ""]
        for totals in self.totals {
            let onset = totals.medianOnsetDay.map { JSONValue.format($0) } ?? "-"
            let duration = totals.medianDurationDays.map { JSONValue.format(($0 * 10).rounded() / 10) } ?? "-"
            lines.append("\(PrintableText.escaped(totals.criteria)): \(totals.anyGrade) of \(totals.infused) infused with any grade, "
                         + "\(totals.gradeThreeOrMore) grade ≥ 3; median onset day \(onset), median duration \(duration) days")
        }
        lines.append("")
        for subject in status.subjects {
            var parts = ["\(subject.patient)", subject.infusion.map { "infused \($0.utcText)" } ?? "not infused", subject.evaluability.name]
            for id in criteria {
                let line = self.line(subject, id)
                parts.append("\(id) worst \(line.worst.map(String.init) ?? "-")" + (line.firstOnsetDay.map { " onset D+\($0)" } ?? "")
                             + (line.treatments.isEmpty ? "" : " treated \(line.treatments.joined(separator: ", "))"))
            }
            lines.append("  " + PrintableText.escaped(parts.joined(separator: " · ")))
        }
        lines.append("")
        lines += status.textLines.map { PrintableText.escaped($0) }
        return lines
    }
}
