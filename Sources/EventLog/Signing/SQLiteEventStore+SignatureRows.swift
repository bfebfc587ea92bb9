import GRDB

/// An event's Ed25519 signature as a store keeps it beside the event: the public key that made it
/// and the signature over the event's hash, both hex (README, "Signed events").
package struct StoredSignature: Sendable, Equatable {
    package var publicKey: String
    package var signature: String

    package init(publicKey: String, signature: String) {
        self.publicKey = publicKey
        self.signature = signature
    }
}

extension SQLiteEventStore {
    /// The signatures of the events `seqs` (unsigned events have none), in one read: what
    /// `log push` sends with the events to the central store.
    package func signatures(_ seqs: ClosedRange<Int64>) throws(EventLogError) -> [Int64: StoredSignature] {
        do {
            let rows = try queue.read { db in try Self.writeRows(db, from: seqs.lowerBound, to: seqs.upperBound + 1) }
            var signatures: [Int64: StoredSignature] = [:]
            for row in rows {
                if let publicKey = row.publicKey, let signature = row.signature {
                    signatures[row.seq] = StoredSignature(publicKey: publicKey, signature: signature)
                }
            }
            return signatures
        } catch {
            throw Self.mapped(error, path: path)
        }
    }
}
