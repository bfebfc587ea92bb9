import Clinical
import Localization

extension SafetyReport {
    /// The report as `aegrade report` prints it for `trial` (without `--csv`): a heading, the
    /// totals per episode criteria, a line per subject, then the rule status. Ids, cohorts and
    /// drug names come from the log: each line is escaped (``PrintableText``), so that none can
    /// repaint the reader's terminal or forge a line of the report. The words follow the process's
    /// language (`--lang`); the CSV stays English for R and SAS.
    package func textLines(trial: TrialProtocol) -> [String] {
        var lines = [localized("Safety report — trial {trial}, as of {time}", ["trial": PrintableText.escaped(trial.trial), "time": status.asOf.utcText]), ""]
        for totals in self.totals {
            let onset = totals.medianOnsetDay.map { JSONValue.format($0) } ?? "-"
            let duration = totals.medianDurationDays.map { JSONValue.format(($0 * 10).rounded() / 10) } ?? "-"
            lines.append(localized("{criteria}: {any} of {infused} infused with any grade, {severe} grade ≥ 3; median onset day {onset}, median duration {duration} days",
                                   ["criteria": PrintableText.escaped(totals.criteria), "any": String(totals.anyGrade), "infused": String(totals.infused),
                                    "severe": String(totals.gradeThreeOrMore), "onset": onset, "duration": duration]))
        }
        lines.append("")
        for subject in status.subjects {
            var parts = ["\(subject.patient)", subject.infusion.map { localized("infused {time}", ["time": $0.utcText]) } ?? localized("not infused"),
                         Self.evaluabilityText(subject.evaluability)]
            for id in criteria {
                let line = self.line(subject, id)
                parts.append(localized("{criteria} worst {grade}", ["criteria": id, "grade": line.worst.map(String.init) ?? "-"])
                             + (line.firstOnsetDay.map { localized(" onset D+{day}", ["day": String($0)]) } ?? "")
                             + (line.treatments.isEmpty ? "" : localized(" treated {treatments}", ["treatments": line.treatments.joined(separator: ", ")])))
            }
            lines.append("  " + PrintableText.escaped(parts.joined(separator: " · ")))
        }
        lines.append("")
        lines += status.textLines.map { PrintableText.escaped($0) }
        return lines
    }

    /// Whether a subject can be evaluated for DLT, in the report's language (the CSV keeps `name`).
    static func evaluabilityText(_ evaluability: Evaluability) -> String {
        switch evaluability {
        case .evaluable: localized("evaluable")
        case .notInfused: localized("notInfused")
        case .inDLTWindow: localized("inDLTWindow")
        case .diedInDLTWindowWithoutDLT: localized("diedInDLTWindowWithoutDLT")
        }
    }
}
