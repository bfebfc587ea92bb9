import Clinical
@testable import EventLog
import Foundation
import GRDB
import Testing
import TestSupport

extension ThroughTheBinary {
    /// Someone with the sqlite3 shell drops the triggers and edits, deletes, swaps or truncates;
    /// `verify` names the first bad sequence number each time.
    @Suite("Tamper evidence") struct TamperTests {

        private func tamper(_ path: String, _ sql: String) throws {
            let output = try LogFile.sqlite(path, sql)
            try #require(output.status == 0, "the tampering itself failed: \(output.transcript)")
        }

        private func verify(_ path: String, checkpoint: String? = nil) throws -> ProcessOutput {
            try Run.aegrade(["log", "verify", "--db", path] + (checkpoint.map { ["--checkpoint", $0] } ?? []))
        }

        @Test func anUntouchedLogVerifiesWithExitZero() throws {
            // Given a log written through the product
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            // When it is verified
            let output = try verify(path)
            // Then verify exits 0 and prints the checkpoint to keep
            let head = try #require(try LogFile.rows(path).last)
            #expect(output.status == 0, "\(output.transcript)")
            #expect(output.stdout == "ok: 24 events, seq 1..24 intact; checkpoint 24:\(head.hash)\n")
            #expect(output.stderr.isEmpty)
        }

        @Test(arguments: [
            // (the product log's observations and grades are seq 12 to 17, after its accounts)
            ("payload", Int64(12), "replace(payload, '\"value\":38.6', '\"value\":37.6')"),
            ("authorId", Int64(14), "'mallory'"),
            ("recordTime", Int64(16), "'2026-11-22T00:00:00.000Z'"),
        ])
        func aChangedFieldIsNamedAtItsSequenceNumber(column: String, seq: Int64, value: String) throws {
            // Given a product-written log
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let before = try LogFile.rows(path)
            // When the update trigger is dropped and one field of one event is changed
            try tamper(path, "DROP TRIGGER eventNoUpdate; UPDATE event SET \(column) = \(value) WHERE seq = \(seq);")
            let changed = try LogFile.sqlite(path, "SELECT \(column) FROM event WHERE seq = \(seq);")
            try #require(changed.stdout.contains(value == "'mallory'" ? "mallory" : (column == "payload" ? "37.6" : "00:00:00.000Z")))
            #expect(try LogFile.rows(path).map(\.hash) == before.map(\.hash), "the stored hashes were not touched")
            // Then verify exits 1 naming exactly that seq as changed content
            let output = try verify(path)
            #expect(output.status == 1, "\(output.transcript)")
            #expect(output.stdout.hasPrefix("FAIL at seq \(seq): content changed after it was written"), "\(output.stdout)")
            let verification = try SQLiteEventStore(path: path, mode: .readOnly).verify()
            #expect(verification.failure?.seq == seq)
            if case .contentChanged(let stored, let recomputed)? = verification.failure?.problem {
                #expect(stored == before[Int(seq) - 1].hash && recomputed != stored)
            } else {
                Issue.record("expected contentChanged, got \(verification.report)")
            }
        }

        @Test func aDeletedMiddleRowIsNamedAsAGap() throws {
            // Given a product-written log
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            // When the delete trigger is dropped and event 17 deleted
            try tamper(path, "DROP TRIGGER eventNoDelete; DELETE FROM event WHERE seq = 17;")
            // Then verify names seq 17 as a gap
            let output = try verify(path)
            #expect(output.status == 1)
            #expect(output.stdout.hasPrefix("FAIL at seq 17: sequence gap: expected seq 17, found 18"), "\(output.stdout)")
            let verification = try SQLiteEventStore(path: path, mode: .readOnly).verify()
            #expect(verification.failure?.seq == 17)
            #expect(verification.failure?.problem == .gap(expected: 17, found: 18))
        }

        @Test func twoSwappedRowsAreNamedAtTheFirst() throws {
            // Given a product-written log
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let before = try LogFile.rows(path)
            // When events 15 and 21 swap places (their seq values, through a temporary seq)
            try tamper(path, """
                DROP TRIGGER eventNoUpdate;
                UPDATE event SET seq = 1000 WHERE seq = 15;
                UPDATE event SET seq = 15 WHERE seq = 21;
                UPDATE event SET seq = 21 WHERE seq = 1000;
                """)
            let after = try LogFile.rows(path)
            try #require(after[14].hash == before[20].hash && after[20].hash == before[14].hash)
            // Then the sequence is still gap-free, but verify names seq 15
            #expect(after.map(\.seq) == Array(1...24))
            let output = try verify(path)
            #expect(output.status == 1)
            #expect(output.stdout.hasPrefix("FAIL at seq 15: "), "\(output.stdout)")
            let verification = try SQLiteEventStore(path: path, mode: .readOnly).verify()
            #expect(verification.failure?.seq == 15)
        }

        @Test func aTruncatedTailPassesAloneButNotAgainstTheEarlierCheckpoint() throws {
            // Given a product-written log and its checkpoint, kept outside
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let checkpoint = try Run.aegrade(["log", "checkpoint", "--chain", "--db", path])
            try #require(checkpoint.status == 0, "\(checkpoint.transcript)")
            let line = checkpoint.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(line == "24:\(try LogFile.rows(path)[23].hash)")
            #expect(try verify(path, checkpoint: line).status == 0, "the checkpoint holds on the untouched log")
            // When the last three events are deleted, the trigger put back as it was
            let trigger = try LogFile.sqlite(path, "SELECT sql FROM sqlite_master WHERE name = 'eventNoDelete';").stdout
            try tamper(path, "DROP TRIGGER eventNoDelete; DELETE FROM event WHERE seq > 21; \(trigger);")
            // Then verify alone still passes (the prefix is a valid chain, the schema as created) …
            let alone = try verify(path)
            #expect(alone.status == 0)
            #expect(alone.stdout.hasPrefix("ok: 21 events, seq 1..21 intact"))
            // … but against the checkpoint it names the truncation
            let against = try verify(path, checkpoint: line)
            #expect(against.status == 1)
            #expect(against.stdout.hasPrefix("FAIL at seq 22: truncated: the log ends at seq 21, before the checkpoint"), "\(against.stdout)")
            let parts = line.split(separator: ":")
            let verification = try SQLiteEventStore(path: path, mode: .readOnly).verify(checkpoint: (Int64(parts[0])!, String(parts[1])))
            #expect(verification.failure?.seq == 22)
            #expect(verification.failure?.problem == .truncated(lastSeq: 21))
        }

        @Test func aRewrittenTailWithRecomputedHashesPassesAloneButNotAgainstTheCheckpoint() throws {
            // Given a product-written log and its checkpoint
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let head = try #require(try LogFile.rows(path).last)
            // When someone rewrites event 22 and recomputes every later hash (the trigger dropped,
            // and put back as it was afterwards)
            let trigger = try LogFile.sqlite(path, "SELECT sql FROM sqlite_master WHERE name = 'eventNoUpdate';").stdout
            try tamper(path, "DROP TRIGGER eventNoUpdate;")
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                var prevHash: String = try String.fetchOne(db, sql: "SELECT hash FROM event WHERE seq = 21")!
                for row in try Row.fetchAll(db, sql: "SELECT \(SQLiteEventStore.columns) FROM event WHERE seq >= 22 ORDER BY seq") {
                    let seq: Int64 = row[0]
                    let payload: String = seq == 22 ? #"{"text":"rewritten"}"# : row[11]
                    let hash = CanonicalEvent.hash(CanonicalEvent.Fields(
                        seq: seq, id: row[1], kind: row[2], patient: row[3], clinicalTime: row[4], recordTime: row[5], timeZone: row[6],
                        authorId: row[7], authorRole: row[8], terminal: row[9], productVersion: row[10], payloadText: payload, prevHash: prevHash))
                    try db.execute(sql: "UPDATE event SET payload = ?, prevHash = ?, hash = ? WHERE seq = ?", arguments: [payload, prevHash, hash, seq])
                    prevHash = hash
                }
            }
            try queue.close()
            try tamper(path, "\(trigger);")
            // Then the chain alone is consistent (the trigger put back), but the rewritten event's
            // signature no longer verifies, and the checkpoint names its seq
            let alone = try verify(path)
            #expect(alone.status == 1 && alone.stdout.hasPrefix("FAIL at seq 22: signature"), "\(alone.stdout)")
            let against = try verify(path, checkpoint: "24:\(head.hash)")
            #expect(against.status == 1)
            #expect(against.stdout.hasPrefix("FAIL at seq 24: checkpoint mismatch"), "\(against.stdout)")
        }

        /// Tamperings whose first bad event falls at the start, the end and the inside of a range
        /// when the log is read in ranges of 1 to 13 events.
        static let tamperings: [String] = [
            "SELECT 1;",
            "DROP TRIGGER eventNoUpdate; UPDATE event SET payload = replace(payload, '\"value\":38.6', '\"value\":37.6') WHERE seq = 12;",
            "DROP TRIGGER eventNoUpdate; UPDATE event SET authorId = 'mallory' WHERE seq = 4;",
            "DROP TRIGGER eventNoUpdate; UPDATE event SET kind = 'memo' WHERE seq = 8;",
            "DROP TRIGGER eventNoUpdate; UPDATE event SET authorRole = 'admin' WHERE seq = 3;",
            "DROP TRIGGER eventNoUpdate; UPDATE event SET patient = NULL WHERE seq = 6;",
            "DROP TRIGGER eventNoUpdate; UPDATE event SET prevHash = (SELECT hash FROM event WHERE seq = 7) WHERE seq = 9;",
            "DROP TRIGGER eventNoUpdate; UPDATE event SET kind = 'note' WHERE seq = 1;",
            "DROP TRIGGER eventNoDelete; DELETE FROM event WHERE seq = 7;",
            "DROP TRIGGER eventNoDelete; DELETE FROM event WHERE seq = 1;",
            "DROP TRIGGER eventNoDelete; DELETE FROM event WHERE seq BETWEEN 4 AND 8;",
            "DROP TRIGGER eventNoDelete; DELETE FROM event WHERE seq > 9;",
            "DROP TRIGGER eventNoDelete; DELETE FROM event;",
            "DROP TRIGGER eventNoUpdate; UPDATE event SET seq = 1000 WHERE seq = 5; UPDATE event SET seq = 5 WHERE seq = 9; UPDATE event SET seq = 9 WHERE seq = 1000;",
            "DROP TRIGGER eventNoUpdate; UPDATE event SET seq = 40 WHERE seq = 24;",
        ]

        @Test(arguments: tamperings)
        func readingInRangesFindsWhatOnePassFinds(sql: String) throws {
            // Given a product-written log, its checkpoint, and then a tampering
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let head = try #require(try LogFile.rows(path).last)
            try tamper(path, sql)
            let store = try SQLiteEventStore(path: path, mode: .readOnly)
            for checkpoint in [nil, (seq: head.seq, hash: head.hash), (seq: Int64(6), hash: String(repeating: "0", count: 64))] {
                // When it is verified in one pass and in ranges of every size from 1 to 13 events
                let onePass = try store.verify(checkpoint: checkpoint, rangeSize: 1 << 40)
                for size in Int64(1)...13 {
                    // Then every answer is the one pass's: the same first bad seq and problem, the same count and head
                    #expect(try store.verify(checkpoint: checkpoint, rangeSize: size) == onePass,
                            "range size \(size), checkpoint \(checkpoint.map { "\($0.seq)" } ?? "none"): \(onePass.report)")
                }
            }
        }

        @Test func verifyRefusesAMalformedCheckpointAndAMissingLogAsUsageErrors() throws {
            // Given a product-written log
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            // When verify gets a checkpoint that is not SEQ:HASH, or a log that is not there
            let malformed = try verify(path, checkpoint: "12:abc")
            let missing = try Run.aegrade(["log", "verify", "--db", scratch.path("absent.db")])
            // Then both exit 2 with a message, and nothing is created
            #expect(malformed.status == 2)
            #expect(malformed.stderr.contains("12:abc"), "\(malformed.stderr)")
            #expect(malformed.stderr.contains("SEQ:HASH"), "\(malformed.stderr)")
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("no such log"))
            #expect(!FileManager.default.fileExists(atPath: scratch.path("absent.db")))
        }
    }
}
