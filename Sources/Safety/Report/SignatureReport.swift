import Clinical
import Localization

/// The signatures section of `aegrade report`: each signed entry with its signatures — printed
/// name, user id, role, meaning, and time at the signer's offset with the zone (21 CFR 11.50(b):
/// shown in every human-readable form of the signed record) — the grades ≥ 3 still awaiting a
/// physician's confirmation, and any signature naming a version the log does not hold.
package enum SignatureReport {
    /// The section's lines for `events` (the log up to the report's limit, in order).
    package static func lines(_ events: [RecordedEvent]) -> [String] {
        let ledger = SignatureLedger(events)
        var lines = [localized("Signatures — name, user, role, meaning and time of signing beside each signed entry")]
        var byseq: [Int64: RecordedEvent] = [:]
        for event in events { byseq[event.seq] = event }
        let signed = ledger.signed
        if signed.isEmpty { lines.append("  " + localized("no entry is signed")) }
        for (seq, signatures) in signed {
            guard let event = byseq[seq] else { continue }
            lines.append("  " + entry(event))
            lines += signatures.map { "      ✍ " + $0.localizedManifestation }
        }
        let awaiting = standingGrades(events).filter { ledger.awaitsConfirmation($0) }
        if !awaiting.isEmpty {
            lines.append("")
            lines.append(localized("Awaiting signature — grades ≥ {grade} no physician has confirmed", ["grade": String(SignatureMeaning.gradeNeedingConfirmation)]))
            lines += awaiting.map { "  " + entry($0) + localized(" · awaits signature") }
        }
        if !ledger.unlinked.isEmpty {
            lines.append("")
            lines.append(localized("Signatures not linked to their records (21 CFR 11.70) — check the log with aegrade log verify"))
            lines += ledger.unlinked.map { "  " + localized("signature #{seq}", ["seq": String($0.signatureSeq)]) + " \($0.why)" }
        }
        return lines
    }

    /// `#12 P-003 override · CRS 2→3`, `#9 P-002 grades · cytokine-release-syndrome 3`, `#30 rule status paused`.
    static func entry(_ event: RecordedEvent) -> String {
        var text = "#\(event.seq) " + (event.patient.map { PrintableText.escaped($0) + " " } ?? "") + localized(event.kind.rawValue)
        switch event.kind {
        case .grades, .override:
            let grades = event.loggedGrades.map { "\($0.criteria)\($0.term.map { " \($0)" } ?? "") \($0.grade.map(String.init) ?? "?")" }
            if !grades.isEmpty { text += " · " + PrintableText.escaped(grades.joined(separator: ", ")) }
        case .ruleStatus:
            if let status = event.loggedRuleStatus {
                text += " " + PrintableText.escaped(localized(status.status) + (status.tripped.isEmpty ? "" : localized(" (tripped {rules})", ["rules": status.tripped.joined(separator: ", ")])))
            }
        case .correction:
            if let target = event.supersedesSeq { text += localized(" of #{seq}", ["seq": String(target)]) }
        default:
            break
        }
        return text
    }

    /// The grades events that stand: the latest of each assessment not superseded by a correction
    /// (README, "Corrections and overrides").
    static func standingGrades(_ events: [RecordedEvent]) -> [RecordedEvent] {
        var superseded: Set<Int64> = []
        var latest: [Int64: RecordedEvent] = [:]
        var alone: [RecordedEvent] = []
        for event in events {
            switch event.kind {
            case .correction: if let target = event.supersedesSeq { superseded.insert(target) }
            case .grades:
                if let assessment = event.observationSeq { latest[assessment] = event } else { alone.append(event) }
            default: break
            }
        }
        let standing = latest.filter { !superseded.contains($0.key) }.map(\.value) + alone
        return standing.sorted { $0.seq < $1.seq }
    }
}
