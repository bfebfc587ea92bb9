import Clinical
import Foundation

/// The safety summary a data monitoring committee reads (`aegrade report`): per subject the worst
/// grade of each episode criteria (CRS, ICANS) with onset day, duration and treatments; totals over
/// the infused subjects; the rule status. Built from a ``TrialStatus``, so it shows exactly what the
/// rules were evaluated on.
package struct SafetyReport: Sendable {
    package let status: TrialStatus
    /// The episode criteria, in protocol order.
    package let criteria: [String]

    package init(status: TrialStatus, criteria: [String]) {
        self.status = status
        self.criteria = criteria
    }

    /// Totals for one criteria id over the infused subjects.
    package struct Totals: Sendable, Equatable {
        package let criteria: String
        package let infused: Int
        /// Subjects with at least one episode (any grade ≥ 1).
        package let anyGrade: Int
        /// Subjects whose worst grade is 3 or more.
        package let gradeThreeOrMore: Int
        /// Median study day of the first episode's onset; nil with no episode.
        package let medianOnsetDay: Double?
        /// Median duration in days of the first episodes that resolved; nil with none.
        package let medianDurationDays: Double?
    }

    /// One subject's line for one criteria id.
    package struct Line: Sendable, Equatable {
        /// The worst grade from infusion on; nil with no grade recorded.
        package let worst: Int?
        package let episodes: Int
        package let firstOnsetDay: Int?
        package let firstDurationDays: Double?
        /// Drugs given during any episode, in the order first given.
        package let treatments: [String]
    }

    /// The line of `subject` for `criteria`.
    package func line(_ subject: SubjectSummary, _ criteria: String) -> Line {
        let episodes = subject.episodes.filter { $0.key.criteria == criteria }
        let worst = subject.worstOverall.filter { $0.key.criteria == criteria }.map(\.value).max()
        var seen: Set<String> = []
        let drugs = episodes.flatMap(\.drugs).filter { seen.insert($0).inserted }
        return Line(worst: worst, episodes: episodes.count, firstOnsetDay: episodes.first?.onsetDay,
                    firstDurationDays: episodes.first?.durationDays, treatments: drugs)
    }

    /// The totals per episode criteria.
    package var totals: [Totals] {
        let infused = status.subjects.filter { $0.infusion != nil }
        return criteria.map { criteria in
            let lines = infused.map { line($0, criteria) }
            return Totals(criteria: criteria, infused: infused.count, anyGrade: lines.filter { $0.episodes > 0 }.count,
                          gradeThreeOrMore: lines.filter { ($0.worst ?? 0) >= 3 }.count,
                          medianOnsetDay: Self.median(lines.compactMap(\.firstOnsetDay).map(Double.init)),
                          medianDurationDays: Self.median(lines.compactMap(\.firstDurationDays)))
        }
    }

    /// The per-subject table as CSV (RFC 4180 fields via `PrintableText.csvField`, comma, LF line
    /// ends), for R and SAS: one row per subject, columns `patient, cohort, infusion, evaluable, firstDLT`, then per criteria
    /// `<id>.worst, <id>.episodes, <id>.onsetDay, <id>.durationDays, <id>.treatments` (drugs joined
    /// by `;`), then `death, notTreated`. Empty cells are missing values.
    package var csv: String {
        var header = ["patient", "cohort", "infusion", "evaluable", "firstDLT"]
        for id in criteria { header += ["\(id).worst", "\(id).episodes", "\(id).onsetDay", "\(id).durationDays", "\(id).treatments"] }
        header += ["death", "notTreated"]
        var rows = [header]
        for subject in status.subjects {
            var row = [subject.patient, subject.cohort ?? "", subject.infusion?.utcText ?? "", subject.evaluability.name,
                       subject.firstDLT?.utcText ?? ""]
            for id in criteria {
                let line = line(subject, id)
                row += [line.worst.map(String.init) ?? "", String(line.episodes), line.firstOnsetDay.map(String.init) ?? "",
                        line.firstDurationDays.map(Self.decimal) ?? "", line.treatments.joined(separator: ";")]
            }
            row += [subject.death?.time.utcText ?? "", subject.notTreated?.text ?? ""]
            rows.append(row)
        }
        return rows.map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// A number of days with up to three decimals (`2.5`, `0.333`).
    static func decimal(_ value: Double) -> String {
        JSONValue.format((value * 1000).rounded() / 1000)
    }

    /// RFC 4180 quoting, control characters escaped, and a cell that a spreadsheet would take
    /// for a formula (`=HYPERLINK(…)`, `@SUM`, `+`, `-`) neutralised as OWASP recommends.
    static func csvField(_ text: String) -> String { PrintableText.csvField(text) }
}
