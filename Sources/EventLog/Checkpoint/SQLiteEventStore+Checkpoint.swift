import Clinical
import Foundation
import GRDB

/// Signed checkpoints of the log (C2SP tlog-checkpoint over the RFC 6962 tree of its events), the
/// rule that a log never signs two inconsistent checkpoints, and the check of a checkpoint kept
/// outside the log (README, "Signed checkpoints").
extension SQLiteEventStore {
    /// The payload key of a checkpoint event: a `note` by aegrade whose payload holds the signed
    /// checkpoint, so that the chain covers it and an export carries it.
    static let checkpointKey = "checkpoint"

    /// The log's origin, `aegrade/` and the log id of its genesis event.
    package func checkpointOrigin() throws(CheckpointError) -> String {
        let genesis: RecordedEvent?
        do throws(EventLogError) { genesis = try event(seq: 1) } catch { throw .log(error) }
        guard let genesis, genesis.kind == .genesis, case .string(let logId)? = genesis.payload[.logId], !logId.isEmpty,
              !logId.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw .log(.refused("the log's genesis event holds no log id, so its checkpoints cannot be named"))
        }
        return Checkpoint.origin(logId: logId)
    }

    /// The last checkpoint the log signed, with the seq of the event that records it.
    package func lastCheckpoint() throws(CheckpointError) -> (seq: Int64, checkpoint: SignedCheckpoint)? {
        let found: (Int64, String)?
        do {
            // The kind index (kind, patient, seq, …) gives the log-wide notes newest first; the
            // first by aegrade that holds a checkpoint is the last one signed.
            found = try queue.read { db -> (Int64, String)? in
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT seq, payload FROM event WHERE kind = 'note' AND patient IS NULL AND authorId = ? ORDER BY seq DESC
                    """, arguments: [Author.system.id])
                while let row = try rows.next() {
                    let payload: String = row[1]
                    guard let value = try? JSONParser.parse(payload), case .string(let note)? = value[Self.checkpointKey]?["note"] else { continue }
                    return (row[0], note)
                }
                return nil
            }
        } catch {
            throw .log(Self.mapped(error, path: path))
        }
        guard let (seq, note) = found else { return nil }
        do throws(CheckpointError) {
            return (seq, try SignedCheckpoint(parsing: Array(note.utf8)))
        } catch {
            throw .log(.corrupt(path: path, detail: "seq \(seq): the checkpoint it records does not read back (\(error.description))"))
        }
    }

    /// Whether the first `size` events of the log still make `checkpoint`: the consistency proof
    /// from its size to `size` (RFC 6962 §2.1.2), made from the stored hashes in one pass and
    /// verified as RFC 9162 §2.1.4.2 prescribes. Returns the root of the first `size` events.
    package func checkConsistency(of checkpoint: Checkpoint, to size: Int64) throws(CheckpointError) -> MerkleTree.Hash {
        guard checkpoint.size <= size else { throw .beyondLog(size: checkpoint.size, lastSeq: size) }
        let ranges = MerkleProof.consistencyRanges(from: checkpoint.size, to: size)
        let hashes: (root: MerkleTree.Hash, ranges: [MerkleTree.Hash])
        do throws(EventLogError) { hashes = try merkleHashes(size: size, ranges: ranges) } catch { throw .log(error) }
        guard MerkleProof.verifyConsistency(oldSize: checkpoint.size, newSize: size, oldRoot: checkpoint.root, newRoot: hashes.root,
                                            proof: hashes.ranges) else {
            throw .inconsistent(size: checkpoint.size, detail: "the consistency proof from \(checkpoint.size) to \(size) events does not "
                                + "verify against its root, so an event at or before seq \(checkpoint.size) was changed, removed or reordered")
        }
        return hashes.root
    }

    /// Signs a checkpoint of the log as it is now with the log's `key` and records it as an event.
    ///
    /// The log never signs two inconsistent checkpoints (C2SP tlog-checkpoint): the last one it
    /// signed must be a prefix of the tree signed now, shown by a consistency proof, or nothing is
    /// signed. The checkpoint event (a `note` by aegrade) is appended after signing, so the
    /// checkpoint covers the events before it.
    package func signCheckpoint(key: LogKey) throws(CheckpointError) -> (checkpoint: SignedCheckpoint, event: RecordedEvent) {
        let origin = try checkpointOrigin()
        let size: Int64
        do throws(EventLogError) { size = try lastSeq() } catch { throw .log(error) }
        let root: MerkleTree.Hash
        if let (seq, previous) = try lastCheckpoint() {
            guard previous.checkpoint.origin == origin else {
                throw .otherLog(checkpoint: previous.checkpoint.origin, log: origin)
            }
            do throws(CheckpointError) {
                root = try checkConsistency(of: previous.checkpoint, to: size)
            } catch {
                switch error {
                case .inconsistent, .beyondLog:
                    throw .inconsistent(size: previous.checkpoint.size, detail: "refusing to sign: the last checkpoint the log signed "
                                        + "(recorded at seq \(seq)) is not a prefix of the log now — \(error.description)")
                default: throw error
                }
            }
        } else {
            do throws(EventLogError) { root = try merkleHashes(size: size).root } catch { throw .log(error) }
        }
        let signed = try SignedCheckpoint(signing: Checkpoint(origin: origin, size: size, root: root), with: key)
        let base64Root = Data(root).base64EncodedString()
        let payload = JSONValue.object([
            (Self.checkpointKey, .object([("note", .string(signed.text)), ("origin", .string(origin)), ("root", .string(base64Root)),
                                          ("size", .number(Double(size)))])),
            ("text", .string("signed checkpoint: \(size) events, root \(base64Root)")),
        ])
        let recorded: [RecordedEvent]
        do throws(EventLogError) {
            recorded = try append([EventDraft(kind: .note, patient: nil, clinicalTime: nil, payload: payload)], author: .system)
        } catch {
            throw .log(error)
        }
        return (signed, recorded[0])
    }

    /// Checks a checkpoint kept outside the log against it: the log's key signed it
    /// (`publicKeyHex`), it names this log, it covers no more events than the log holds, and the
    /// log extends it (a verified consistency proof from its size to the log's). Returns the
    /// log's size it was checked against; throws what fails.
    package func check(_ signed: SignedCheckpoint, publicKeyHex: String) throws(CheckpointError) -> Int64 {
        let origin = try checkpointOrigin()
        guard signed.checkpoint.origin == origin else { throw .otherLog(checkpoint: signed.checkpoint.origin, log: origin) }
        try signed.verifySignature(publicKeyHex: publicKeyHex)
        let size: Int64
        do throws(EventLogError) { size = try lastSeq() } catch { throw .log(error) }
        _ = try checkConsistency(of: signed.checkpoint, to: size)
        return size
    }
}
