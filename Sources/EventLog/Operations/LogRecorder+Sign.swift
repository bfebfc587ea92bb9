import Clinical
import Foundation

/// Electronic signatures with meaning (README, "Electronic signatures"): a `signature` event by the
/// signer, naming the event versions it signs by id, seq and hash (21 CFR 11.50, 11.70).
extension LogRecorder {
    /// The printed name signatures carry: the signed-in user's full name, as set when the account
    /// was created.
    package var signerName: String { signedIn.name }

    /// Signs events `seqs` with `meaning` as this recorder's author, under the printed `name`,
    /// with a reason when given; refused before anything is written when the role may not sign
    /// with that meaning, or a named event is not content the meaning applies to.
    package func sign(_ seqs: [Int64], meaning: SignatureMeaning, name: String, reason: String? = nil) throws(RecordError) -> RecordedEvent {
        guard author.role.maySign(meaning) else { throw .refused(.signing(.roleMayNotSign(author.role, meaning))) }
        // A service account's key signs nothing: a signature is a person's act (21 CFR 11.100(a)).
        guard !signedIn.isService else { throw .refused(.account("\(author.id) is a service account; a signature is a person's")) }
        try checkStanding()
        guard !seqs.isEmpty else { throw .refused(.signing(.nothingNamed)) }
        var seen: Set<Int64> = []
        for seq in seqs where !seen.insert(seq).inserted { throw .refused(.signing(.namedTwice(seq: seq))) }
        try Self.checkName(name)
        if let reason { try requireReason(reason) }
        var targets: [RecordedEvent] = []
        for seq in seqs {
            guard let target = try stored({ () throws(EventLogError) in try store.event(seq: seq) }) else {
                throw .refused(.noSuchEvent(seq: seq, action: "sign"))
            }
            if let why = meaning.refusal(signing: target, by: author) { throw .refused(.signing(.notApplicable(message: why))) }
            targets.append(target)
        }
        let draft = Self.signatureDraft(signing: targets, meaning: meaning, name: name, reason: reason)
        return try stored { () throws(EventLogError) in try store.append([draft], author: author)[0] }
    }

    /// The meaning this recorder's author signs a correction with, in the correction's own
    /// transaction: `corrected`, or `authored` for a role that signs only its own entries (a nurse
    /// correcting her entry); nil for a role that signs neither (the correction is then unsigned).
    package var correctionMeaning: SignatureMeaning? {
        [.corrected, .authored].first { author.role.maySign($0) }
    }

    /// The signature written with an override or correction, in the same transaction (the
    /// authentication that allowed the write is the signing), or nil when the author's role may
    /// not sign it with `meaning`.
    func sameTransactionSignature(of event: RecordedEvent, meaning: SignatureMeaning?) -> EventDraft? {
        guard let meaning, author.role.maySign(meaning), meaning.refusal(signing: event, by: author) == nil else { return nil }
        return Self.signatureDraft(signing: [event], meaning: meaning, name: signerName, reason: nil)
    }

    /// A `signature` draft: trial-level (no patient, no clinical time), naming each version.
    static func signatureDraft(signing targets: [RecordedEvent], meaning: SignatureMeaning, name: String, reason: String?) -> EventDraft {
        EventDraft(kind: .signature, patient: nil, clinicalTime: nil,
                   payload: EventPayload.signature(meaning: meaning, name: name, signs: targets.map(SignedVersion.init), reason: reason))
    }

    /// A printed name is one line of text with something in it (``TextInput``).
    static func checkName(_ name: String) throws(RecordError) {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw .refused(.signing(.badName(message: "name: a printed name is required"))) }
        do { try TextInput.check(name, at: "name", as: .singleLine) } catch { throw .refused(.signing(.badName(message: error.description))) }
    }
}
