extension SQLiteEventStore {
    /// `verify`, and then `signed` checked against the log (`check(_:publicKeyHex:)`) when the
    /// chain is intact: one answer naming the first thing that fails.
    ///
    /// The seq named for a checkpoint that does not hold: the first missing one for a truncated
    /// log, the checkpoint's size for a log that does not extend it (an event at or before it was
    /// changed; the chain check names which when only part of the chain was recomputed), 0 for a
    /// signature or origin that is wrong whatever the events.
    package func verify(signedCheckpoint signed: SignedCheckpoint, publicKeyHex: String, quick: Bool) throws(EventLogError) -> LogVerification {
        var answer = try verify(checkpoint: nil, quick: quick)
        guard answer.isIntact else { return answer }
        do throws(CheckpointError) {
            _ = try check(signed, publicKeyHex: publicKeyHex)
        } catch {
            let seq: Int64
            switch error {
            case .log(let logError): throw logError
            case .beyondLog(_, let lastSeq): seq = lastSeq + 1
            case .inconsistent(let size, _): seq = size
            case .malformed, .signature, .otherLog, .key: seq = 0
            }
            let note = answer.structureNote
            answer = LogVerification(checked: answer.checked, head: nil, failure: (seq, .signedCheckpoint(error.description)))
            answer.structureNote = note
        }
        return answer
    }
}
