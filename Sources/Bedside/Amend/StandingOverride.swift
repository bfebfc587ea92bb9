import Clinical
import EventLog
import Localization

/// A clinician's override that stands on the grades a correction is about to supersede.
///
/// The rule (README, "At the bedside"): an override names one `grades` event; a correction of the
/// assessment those grades came from lapses it, unless the correcting clinician, allowed to
/// override, confirms that it still stands — it is then recorded again against the corrected
/// grades, attributed to them, its reason saying so.
package struct StandingOverride: Equatable, Sendable {
    package let criteria: String
    package let term: String?
    /// The clinician's grade.
    package let grade: Int
    /// The grade computed before the override.
    package let computed: Int?
    /// The override event, its author and reason.
    package let seq: Int64
    package let author: String
    package let reason: String

    /// The overrides standing on `patient`'s current grades (the ones a correction of the current
    /// assessment supersedes), in criteria order.
    package static func of(_ patient: Replay.Patient?) -> [StandingOverride] {
        guard let patient else { return [] }
        let events = Dictionary(patient.overrides.map { ($0.seq, $0) }, uniquingKeysWith: { _, last in last })
        return patient.grades.values.filter(\.overridden).compactMap { grade -> StandingOverride? in
            guard let event = events[grade.seq], let value = grade.grade else { return nil }
            var computed: Int?
            if case .number(let number)? = event.payload[.computedGrade] { computed = Int(exactly: number) }
            return StandingOverride(criteria: grade.criteria, term: grade.term, grade: value, computed: computed, seq: event.seq,
                                    author: event.author.id, reason: event.payloadString(.reason) ?? "")
        }.sorted { ($0.criteria, $0.term ?? "") < ($1.criteria, $1.term ?? "") }
    }

    /// "ICANS 2 → 3 by dr.wang (#14: aphasia on exam)".
    package var text: String {
        "\(OverrideScreen.name(criteria))\(term.map { " \($0)" } ?? "") \(computed.map(String.init) ?? "?") → \(grade) by \(author) (#\(seq): \(reason))"
    }

    /// ``text`` in the current language.
    var localizedText: String {
        localized("{criteria} {computed} → {grade} by {user} (#{seq}: {reason})",
                  ["criteria": OverrideScreen.name(criteria) + (term.map { " \($0)" } ?? ""), "computed": computed.map(String.init) ?? "?",
                   "grade": String(grade), "user": author, "seq": String(seq), "reason": reason])
    }

    /// The reason of the override recorded again against the corrected grades.
    package func restatedReason(correctionSeq: Int64, by author: Author) -> String {
        "stands after correction #\(correctionSeq), confirmed by \(author.id); first recorded #\(seq) by \(self.author): \(reason)"
    }
}
