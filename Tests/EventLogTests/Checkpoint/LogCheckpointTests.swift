import Clinical
@testable import EventLog
import Foundation
import GRDB
import Testing
import TestSupport

/// Signed checkpoints of a real log file: made, recorded, kept and checked later against the log
/// after appends and after tampering with the `sqlite3` shell and a recomputed chain.
@Suite("Signed checkpoints of the log")
struct LogCheckpointTests {
    /// A log of `count` notes and its key, in a scratch directory.
    static func makeLog(notes count: Int) throws -> (store: SQLiteEventStore, key: LogKey, path: String, scratch: Scratch) {
        let scratch = try Scratch()
        let path = scratch.path("trial.db")
        try LogFile.writeNotes(path, count: count, patientPrefix: "BED-")
        let key = try LogKey.create(at: LogKey.path(forLog: path))
        return (try SQLiteEventStore(path: path, mode: .readWrite(create: false)), key, path, scratch)
    }

    static func appendNotes(_ store: SQLiteEventStore, _ count: Int) throws {
        _ = try store.append((0..<count).map { index in
            EventDraft(kind: .note, patient: "BED-\(index % 5)", clinicalTime: nil, payload: .object([("text", .string("later \(index)"))]))
        }, author: Author(id: "li.m", role: .nurse))
    }

    /// Rewrites the payload of event `seq` and recomputes every hash from it on, as a forger with
    /// the sqlite3 shell and the published hash rule would; the triggers are put back as they were.
    static func rewriteRecomputingTheChain(_ path: String, seq target: Int64) throws {
        let triggers = try LogFile.sqlite(path, "SELECT sql || ';' FROM sqlite_master WHERE name IN ('eventNoUpdate');").stdout
        try #require(try LogFile.sqlite(path, "DROP TRIGGER eventNoUpdate;").status == 0)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            var prevHash: String = try String.fetchOne(db, sql: "SELECT hash FROM event WHERE seq = ?", arguments: [target - 1])!
            for row in try Row.fetchAll(db, sql: "SELECT \(SQLiteEventStore.columns) FROM event WHERE seq >= ? ORDER BY seq", arguments: [target]) {
                let seq: Int64 = row[0]
                let payload: String = seq == target ? #"{"text":"rewritten"}"# : row[11]
                let hash = CanonicalEvent.hash(CanonicalEvent.Fields(
                    seq: seq, id: row[1], kind: row[2], patient: row[3], clinicalTime: row[4], recordTime: row[5], timeZone: row[6],
                    authorId: row[7], authorRole: row[8], terminal: row[9], productVersion: row[10], payloadText: payload, prevHash: prevHash))
                try db.execute(sql: "UPDATE event SET payload = ?, prevHash = ?, hash = ? WHERE seq = ?", arguments: [payload, prevHash, hash, seq])
                prevHash = hash
            }
        }
        try queue.close()
        try #require(try LogFile.sqlite(path, triggers).status == 0)
    }

    @Test func everyEarlierCheckpointHoldsAcrossManyAppends() throws {
        // Given a log of 40 events and its key
        let (store, key, _, scratch) = try Self.makeLog(notes: 40)
        defer { scratch.remove() }
        var kept: [SignedCheckpoint] = []
        // When checkpoints are signed between batches of appends of different sizes
        for batch in [1, 7, 16, 33, 2, 64] {
            let (signed, event) = try store.signCheckpoint(key: key)
            // Then each covers the log up to the event that records it, which the log remembers
            #expect(event.seq == signed.checkpoint.size + 1)
            #expect(try store.lastCheckpoint()?.seq == event.seq)
            #expect(try store.lastCheckpoint()?.checkpoint == signed)
            #expect(signed.checkpoint.origin == (try store.checkpointOrigin()))
            kept.append(try SignedCheckpoint(parsing: Array(signed.text.utf8)))
            try Self.appendNotes(store, batch)
            // And every checkpoint kept so far is extended by the log, with its signature valid
            let size = try store.lastSeq()
            for checkpoint in kept {
                #expect(try store.check(checkpoint, publicKeyHex: key.publicKeyHex) == size, "checkpoint of \(checkpoint.checkpoint.size)")
            }
        }
        // And the root signed is the tree hash of the stored event hashes, leaf i being seq i + 1
        let last = try #require(kept.last)
        let hashes = try LogFile.rows(store.path).prefix(Int(last.checkpoint.size)).map { hex($0.hash) }
        #expect(last.checkpoint.root == MerkleTree.root(of: hashes.map(MerkleTree.leafHash)))
        #expect(try store.verify().isIntact)
    }

    @Test func aTruncatedLogFailsItsCheckpoint() throws {
        // Given a log, a checkpoint kept outside, and later events
        let (store, key, path, scratch) = try Self.makeLog(notes: 30)
        defer { scratch.remove() }
        let signed = try store.signCheckpoint(key: key).checkpoint
        try Self.appendNotes(store, 5)
        // When its tail is deleted down to below the checkpoint, the trigger put back
        let trigger = try LogFile.sqlite(path, "SELECT sql || ';' FROM sqlite_master WHERE name = 'eventNoDelete';").stdout
        try #require(try LogFile.sqlite(path, "DROP TRIGGER eventNoDelete; DELETE FROM event WHERE seq > 27; \(trigger)").status == 0)
        // Then the chain alone holds, and the checkpoint names the truncation at its first missing seq
        let reader = try SQLiteEventStore(path: path, mode: .readOnly)
        #expect(try reader.verify().isIntact)
        #expect(throws: CheckpointError.beyondLog(size: 31, lastSeq: 27)) { try reader.check(signed, publicKeyHex: key.publicKeyHex) }
        let answer = try reader.verify(signedCheckpoint: signed, publicKeyHex: key.publicKeyHex, quick: true)
        #expect(answer.failure?.seq == 28)
        #expect(answer.report.hasPrefix("FAIL at seq 28: truncated: the checkpoint covers 31 events, the log ends at seq 27"), "\(answer.report)")
    }

    @Test func aRewrittenEventWithTheWholeChainRecomputedFailsTheSignedRoot() throws {
        // Given a log and a checkpoint kept outside
        let (store, key, path, scratch) = try Self.makeLog(notes: 30)
        defer { scratch.remove() }
        let signed = try store.signCheckpoint(key: key).checkpoint
        let sizeBefore = try store.lastSeq()
        // When event 9 is rewritten and every later hash recomputed (the forger knows the rule)
        try Self.rewriteRecomputingTheChain(path, seq: 9)
        // Then the chain alone verifies …
        let reader = try SQLiteEventStore(path: path, mode: .readOnly)
        #expect(try reader.verify().isIntact)
        // … but the signed root is not the root of the log's first 31 events any more
        #expect(throws: CheckpointError.self) { try reader.check(signed, publicKeyHex: key.publicKeyHex) }
        let answer = try reader.verify(signedCheckpoint: signed, publicKeyHex: key.publicKeyHex, quick: true)
        #expect(answer.failure?.seq == 31)
        #expect(answer.report.contains("does not extend the checkpoint of 31 events"), "\(answer.report)")
        // And the log refuses to sign a checkpoint inconsistent with the one it signed; nothing is appended
        let writer = try SQLiteEventStore(path: path, mode: .readWrite(create: false))
        do {
            _ = try writer.signCheckpoint(key: key)
            Issue.record("an inconsistent checkpoint was signed")
        } catch {
            guard case .inconsistent(let size, let detail) = error else { Issue.record("\(error)"); return }
            #expect(size == 31)
            #expect(detail.contains("refusing to sign"), "\(detail)")
        }
        #expect(try writer.lastSeq() == sizeBefore)
    }

    @Test func aCheckpointSignedByAnotherKeyOrOfAnotherLogFails() throws {
        // Given a log and a checkpoint of it signed by a key that is not the log's
        let (store, key, _, scratch) = try Self.makeLog(notes: 12)
        defer { scratch.remove() }
        let origin = try store.checkpointOrigin()
        let root = try store.merkleHashes(size: 12).root
        let forged = try SignedCheckpoint(signing: Checkpoint(origin: origin, size: 12, root: root), with: LogKey.generate())
        // Then its signature is refused, naming the key it expected
        do {
            _ = try store.check(forged, publicKeyHex: key.publicKeyHex)
            Issue.record("a checkpoint signed by another key passed")
        } catch {
            guard case .signature(let detail) = error else { Issue.record("\(error)"); return }
            #expect(detail.contains("not signed by this log's key"), "\(detail)")
        }
        // And the log's own signature over another log's origin is refused as another log's
        let elsewhere = try SignedCheckpoint(signing: Checkpoint(origin: "aegrade/another", size: 12, root: root), with: key)
        #expect(throws: CheckpointError.otherLog(checkpoint: "aegrade/another", log: origin)) {
            try store.check(elsewhere, publicKeyHex: key.publicKeyHex)
        }
        // And the genuine one passes
        let genuine = try SignedCheckpoint(signing: Checkpoint(origin: origin, size: 12, root: root), with: key)
        #expect(try store.check(genuine, publicKeyHex: key.publicKeyHex) == 13, "a prefix of the 13 events (genesis and 12 notes)")
    }

    @Test func theRootIsReadInShortSlices() throws {
        // Given a log read in slices of 3 rows (each its own read transaction)
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("trial.db")
        try LogFile.writeNotes(path, count: 50, patientPrefix: "BED-")
        var settings = SQLiteEventStore.Settings()
        settings.sliceRowLimit = 3
        let sliced = try SQLiteEventStore(path: path, mode: .readOnly, settings: settings)
        let whole = try SQLiteEventStore(path: path, mode: .readOnly)
        // Then the root and the proof nodes are those of one read
        let ranges = MerkleProof.consistencyRanges(from: 17, to: 51)
        let a = try sliced.merkleHashes(size: 51, ranges: ranges)
        let b = try whole.merkleHashes(size: 51, ranges: ranges)
        #expect(a.root == b.root && a.ranges == b.ranges)
        #expect(a.ranges.count == ranges.count)
    }
}
