/// What a signer means by an electronic signature (21 CFR 11.50(a)(3): "the meaning (such as
/// review, approval, responsibility, or authorship) associated with the signature"). The raw values
/// are stored in the log and never change.
package enum SignatureMeaning: String, Sendable, CaseIterable {
    /// I wrote this entry (only one's own entries).
    case authored
    /// I made this correction.
    case corrected
    /// I replaced the computed grade with mine.
    case overrode
    /// I, a physician, have reviewed this grade ≥ 3 and confirm it.
    case confirmed
    /// I, the principal investigator, sign off this episode's record.
    case approved
    /// I, a monitor or data manager, have reviewed this record.
    case reviewed
    /// I have seen that the trial's stopping rule tripped.
    case acknowledged

    /// The meaning in plain words, as screens and reports print it beside the signer's name.
    package var words: String {
        switch self {
        case .authored: "authored entry"
        case .corrected: "corrected entry"
        case .overrode: "overrode grade"
        case .confirmed: "confirmed grade ≥ 3"
        case .approved: "approved episode"
        case .reviewed: "reviewed record"
        case .acknowledged: "acknowledged stopping rule"
        }
    }

    /// The lowest grade a physician must confirm (`confirmed`) before it counts as signed: the
    /// severe and life-threatening grades (ASTCT 2019, CTCAE v5.0 grade 3 and above).
    package static let gradeNeedingConfirmation = 3

    /// Why `target` cannot be signed by `signer` with this meaning, or nil when it can: a
    /// signature means something only of content it applies to (21 CFR 11.10(f), operational
    /// checks: a signature only after the content exists, an acknowledgement only of a rule that
    /// tripped).
    package func refusal(signing target: RecordedEvent, by signer: Author) -> String? {
        let seq = target.seq
        if target.kind == .signature { return "event \(seq) is a signature: a signature signs content, not another signature" }
        if target.kind == .genesis { return "event \(seq) is the genesis event: there is no content to sign" }
        switch self {
        case .authored:
            guard target.author.id == signer.id else {
                return "event \(seq) was written by \(PrintableText.escaped(target.author.id)): one signs as author only one's own entries"
            }
            guard target.kind != .grades, target.kind != .ruleStatus else {
                return "event \(seq) is a \(target.kind.rawValue) event, which aegrade computes: sign the entry it follows"
            }
        case .corrected:
            guard target.kind == .correction else { return "event \(seq) is a \(target.kind.rawValue) event: only a correction is signed as corrected" }
        case .overrode:
            guard target.kind == .override else { return "event \(seq) is a \(target.kind.rawValue) event: only an override is signed as overrode" }
        case .confirmed:
            guard target.kind == .grades else { return "event \(seq) is a \(target.kind.rawValue) event: only a grades event is confirmed" }
            guard Self.needsConfirmation(target) else {
                return "event \(seq) has no grade ≥ \(Self.gradeNeedingConfirmation): only grades ≥ \(Self.gradeNeedingConfirmation) are confirmed"
            }
        case .approved:
            guard target.patient != nil else { return "event \(seq) concerns no patient: an episode's sign-off signs that patient's events" }
        case .reviewed:
            break
        case .acknowledged:
            guard target.loggedRuleStatus?.status == "paused" else {
                return "event \(seq) is not a rule status that paused the trial: only a tripped stopping rule is acknowledged"
            }
        }
        return nil
    }

    /// Whether a `grades` event holds a grade a physician must confirm.
    package static func needsConfirmation(_ grades: RecordedEvent) -> Bool {
        grades.kind == .grades && grades.loggedGrades.contains { ($0.grade ?? 0) >= gradeNeedingConfirmation }
    }
}

/// Why a signature was not written: the role may not sign with that meaning, or the content named
/// is not what the meaning applies to.
package enum SignatureRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// The signer's role may not sign with this meaning (the table of ``Role/maySign(_:)``).
    case roleMayNotSign(Role, SignatureMeaning)
    /// The event named cannot be signed with this meaning: the message says why.
    case notApplicable(message: String)
    /// No event was named.
    case nothingNamed
    /// The same event was named twice.
    case namedTwice(seq: Int64)
    /// The printed name is empty or holds a control character.
    case badName(message: String)

    package var description: String {
        switch self {
        case let .roleMayNotSign(role, meaning): role.signingRefusal(meaning) ?? "\(role.rawValue) may not sign \(meaning.rawValue)"
        case .notApplicable(let message): message
        case .nothingNamed: "a signature names at least one event"
        case .namedTwice(let seq): "event \(seq) is named twice"
        case .badName(let message): message
        }
    }
}
