import Clinical
@testable import EventLog
import Foundation
import GRDB
import Testing
import TestSupport

/// The store itself, in process, on a real SQLite file: sequence, chain, genesis, record time.
@Suite("Store: appending") struct StoreAppendTests {
    /// A fresh log in a temporary directory; the caller removes the directory.
    private func makeLog() throws -> (store: SQLiteEventStore, scratch: Scratch) {
        let scratch = try Scratch()
        return (try SQLiteEventStore(path: scratch.path("log.db"), mode: .readWrite(create: true)), scratch)
    }

    private func note(_ text: String, patient: String? = "P-1") -> EventDraft {
        EventDraft(kind: .note, patient: patient, clinicalTime: "2026-11-22T08:00:00+08:00", payload: .object([("text", .string(text))]))
    }

    private let nurse = Author(id: "li.m", role: .nurse)

    @Test func appendsAreGapFreeFromOneAfterTheGenesisEvent() throws {
        // Given a fresh log
        let (store, scratch) = try makeLog()
        defer { scratch.remove() }
        // When single events, a batch and a linked pair are appended
        let singles = try (0..<3).map { try store.append([note("single \($0)")], author: nurse) }
        let batch = try store.append([note("batch a"), note("batch b")], author: nurse)
        let pair = try store.appendLinked(note("first"), author: nurse) { first in self.note("made from \(first.seq)") }
        // Then the sequence runs 1, 2, 3, … without a gap, the genesis event first
        #expect(singles.map { $0.map(\.seq) } == [[2], [3], [4]])
        #expect(batch.map(\.seq) == [5, 6])
        #expect(pair.map(\.seq) == [7, 8])
        let all = try store.allEvents()
        #expect(all.map(\.seq) == Array(1...8))
        #expect(all.first?.kind == .genesis)
        #expect(all.dropFirst().allSatisfy { $0.kind == .note })
        #expect(try LogFile.rows(store.path).map(\.seq) == Array(1...8))
    }

    @Test func everyEventLinksToThePreviousHash() throws {
        // Given a log with a few events
        let (store, scratch) = try makeLog()
        defer { scratch.remove() }
        for index in 0..<5 { _ = try store.append([note("n\(index)")], author: nurse) }
        // When the events are read back
        let all = try store.allEvents()
        // Then each names its predecessor's hash, the first names 64 zeros, and each hash is the
        // hash of its canonical form; verify agrees and names the head
        #expect(all.first?.prevHash == String(repeating: "0", count: 64))
        for (previous, event) in zip(all, all.dropFirst()) {
            #expect(event.prevHash == previous.hash, "seq \(event.seq)")
        }
        for event in all {
            #expect(event.hash == CanonicalEvent.hash(event), "seq \(event.seq)")
            #expect(event.hash.count == 64 && event.hash.allSatisfy { "0123456789abcdef".contains($0) })
        }
        let verification = try store.verify()
        #expect(verification.isIntact)
        #expect(verification.checked == 6)
        #expect(verification.head?.seq == 6 && verification.head?.hash == all.last?.hash)
        #expect(Set(all.map(\.id)).count == all.count, "event ids are unique")
    }

    @Test func genesisRecordsTheSQLiteAndProductVersions() throws {
        // Given the SQLite library version this process links
        let library = try DatabaseQueue().read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") }
        // When a log is created
        let (store, scratch) = try makeLog()
        defer { scratch.remove() }
        // Then its first event is a system genesis event naming both versions and the schema
        let genesis = try #require(try store.event(seq: 1))
        #expect(genesis.kind == .genesis)
        #expect(genesis.author == .system)
        #expect(genesis.patient == nil && genesis.clinicalTime == nil)
        #expect(genesis.payloadString(.sqliteVersion) == library)
        #expect(genesis.payloadString(.productVersion) == Product.version)
        #expect(genesis.productVersion == Product.version)
        #expect(genesis.payload[.schemaVersion] == .number(3))
        #expect(genesis.payloadString(.logId).flatMap(UUID.init(uuidString:)) != nil)
        #expect(try store.allEvents().count == 1, "a new log holds its genesis event only")
    }

    @Test func recordTimeIsTheSystemsUTCTime() throws {
        // Given a fresh log
        let (store, scratch) = try makeLog()
        defer { scratch.remove() }
        // When an event is appended between two reads of the system clock
        let before = Date().timeIntervalSince1970
        let event = try store.append([note("now")], author: nurse)[0]
        let after = Date().timeIntervalSince1970
        // Then its record time is UTC with milliseconds and lies between them (to the millisecond)
        #expect(event.recordTime.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(event.recordTime)")
        let recorded = try #require(event.recordInstant).secondsSinceEpoch
        #expect(recorded >= (before * 1000).rounded(.down) / 1000, "\(event.recordTime) before \(before)")
        #expect(recorded <= after, "\(event.recordTime) after \(after)")
        // And the clinical time stays as entered, the writer's zone and terminal are recorded
        #expect(event.clinicalTime == "2026-11-22T08:00:00+08:00")
        #expect(event.timeZone.wholeMatch(of: /\S+ [+-]\d\d:\d\d/) != nil, "\(event.timeZone)")
        #expect(event.terminal.contains("pid \(ProcessInfo.processInfo.processIdentifier)"))
        #expect(try store.event(id: event.id) == event)
    }

    @Test func aLinkedPairIsWrittenInOneTransactionWithTheSecondNamingTheFirst() throws {
        // Given a fresh log
        let (store, scratch) = try makeLog()
        defer { scratch.remove() }
        // When a linked pair is appended
        let pair = try store.appendLinked(note("observation"), author: nurse) { first in
            EventDraft(kind: .note, patient: first.patient, clinicalTime: first.clinicalTime,
                       payload: .object([("of", .string(first.id)), ("ofSeq", .number(Double(first.seq)))]))
        }
        // Then the second names the first as recorded, and both share one record time
        #expect(pair.count == 2)
        #expect(pair[1].payload["of"] == .string(pair[0].id))
        #expect(pair[1].payload["ofSeq"] == .number(Double(pair[0].seq)))
        #expect(pair[1].prevHash == pair[0].hash)
        #expect(pair[0].recordTime == pair[1].recordTime)
    }

    @Test func aReopenedLogContinuesItsSequenceWithoutASecondGenesis() throws {
        // Given a log with events, closed
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        do {
            let store = try SQLiteEventStore(path: path, mode: .readWrite(create: true))
            _ = try store.append([note("before")], author: nurse)
        }
        // When it is opened again (with and without create) and appended to
        let again = try SQLiteEventStore(path: path, mode: .readWrite(create: true))
        let next = try again.append([note("after")], author: nurse)
        let third = try SQLiteEventStore(path: path, mode: .readWrite(create: false)).append([note("later")], author: nurse)
        // Then the sequence continues and there is one genesis event
        #expect(next.map(\.seq) == [3])
        #expect(third.map(\.seq) == [4])
        #expect(try again.allEvents().filter { $0.kind == .genesis }.map(\.seq) == [1])
        #expect(try again.verify().isIntact)
    }

    @Test func forEachEventStreamsFromASequenceNumberAndStopsWhenAsked() throws {
        // Given a log of ten notes
        let (store, scratch) = try makeLog()
        defer { scratch.remove() }
        _ = try store.append((0..<10).map { note("n\($0)") }, author: nurse)
        // When it is read from seq 4, stopping after three events
        var seen: [Int64] = []
        try store.forEachEvent(from: 4) { event in
            seen.append(event.seq)
            return seen.count < 3
        }
        // Then exactly 4, 5, 6 were read, and the last event is the head
        #expect(seen == [4, 5, 6])
        #expect(try store.lastEvent()?.seq == 11)
        #expect(try store.event(seq: 12) == nil)
    }
}

/// Triggers refuse UPDATE and DELETE, whoever asks (21 CFR 11.10(e): records are never obscured).
@Suite("Store: append-only") struct AppendOnlyTests {
    /// A log of a genesis event and four notes, in a temporary directory.
    private func makeLog() throws -> (path: String, scratch: Scratch) {
        let scratch = try Scratch()
        let store = try SQLiteEventStore(path: scratch.path("log.db"), mode: .readWrite(create: true))
        _ = try store.append((0..<4).map { index in
            EventDraft(kind: .note, patient: "P-1", clinicalTime: nil, payload: .object([("text", .string("note \(index)"))]))
        }, author: Author(id: "li.m", role: .nurse))
        return (scratch.path("log.db"), scratch)
    }

    @Test(arguments: [
        ("UPDATE event SET payload = '{\"text\":\"changed\"}' WHERE seq = 3", "events cannot be changed"),
        ("UPDATE event SET authorId = 'mallory'", "events cannot be changed"),
        ("DELETE FROM event WHERE seq = 3", "events cannot be deleted"),
        ("DELETE FROM event", "events cannot be deleted"),
    ])
    func rawSQLThroughGRDBIsRefused(sql: String, message: String) throws {
        // Given a log
        let (path, scratch) = try makeLog()
        defer { scratch.remove() }
        let before = try LogFile.rows(path)
        // When raw SQL tries to change or delete an event through GRDB
        let queue = try DatabaseQueue(path: path)
        let error = #expect(throws: DatabaseError.self) { try queue.write { db in try db.execute(sql: sql) } }
        try queue.close()
        // Then the trigger aborts it with its message and nothing changed
        #expect(error?.message?.contains("the aegrade log is append-only: \(message)") == true, "\(String(describing: error))")
        #expect(try LogFile.rows(path) == before)
        #expect(try SQLiteEventStore(path: path, mode: .readOnly).verify().isIntact)
    }

    @Test func rawSQLThroughTheSQLiteShellIsRefused() throws {
        // Given a log
        let (path, scratch) = try makeLog()
        defer { scratch.remove() }
        let before = try LogFile.rows(path)
        // When the sqlite3 shell tries an UPDATE, then a DELETE
        let update = try LogFile.sqlite(path, "UPDATE event SET payload = '{}' WHERE seq = 2;")
        let delete = try LogFile.sqlite(path, "DELETE FROM event WHERE seq = 5;")
        // Then both fail with the triggers' messages and the log is unchanged
        #expect(update.status != 0)
        #expect(update.stderr.contains("append-only: events cannot be changed"), "\(update.transcript)")
        #expect(delete.status != 0)
        #expect(delete.stderr.contains("append-only: events cannot be deleted"), "\(delete.transcript)")
        #expect(try LogFile.rows(path) == before)
        #expect(try SQLiteEventStore(path: path, mode: .readOnly).verify().isIntact)
    }

    @Test func replacingARowIsRefusedByTheInsertTrigger() throws {
        // Given a log
        let (path, scratch) = try makeLog()
        defer { scratch.remove() }
        // When the sqlite3 shell replaces event 3 with INSERT OR REPLACE (SQLite fires no delete
        // trigger for REPLACE unless recursive_triggers is on, which the attacker controls)
        let replace = try LogFile.sqlite(path, """
            INSERT OR REPLACE INTO event SELECT seq, id, kind, patient, clinicalTime, recordTime, timeZone, 'mallory',
                authorRole, terminal, productVersion, payload, prevHash, hash FROM event WHERE seq = 3;
            """)
        // Then the trigger refuses it like UPDATE and DELETE, and the log is intact
        #expect(replace.status != 0, "INSERT OR REPLACE must be refused: \(replace.transcript)")
        #expect(replace.transcript.contains("append-only"))
        let verification = try SQLiteEventStore(path: path, mode: .readOnly).verify()
        #expect(verification.isIntact, "\(verification.report)")
    }
}

/// The configuration every connection asserts (T-config): durability and identity pragmas.
@Suite("Store: configuration") struct PragmaTests {
    enum OpenPath: String, CaseIterable, CustomTestStringConvertible {
        case create, reopenWithCreate, readWrite, readOnly
        var testDescription: String { rawValue }
    }

    @Test(arguments: OpenPath.allCases)
    func pragmasHoldOnEveryOpenPath(path openPath: OpenPath) throws {
        // Given a log opened one of the ways the product opens it
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        if openPath != .create { _ = try SQLiteEventStore(path: path, mode: .readWrite(create: true)) }
        let store: SQLiteEventStore
        switch openPath {
        case .create, .reopenWithCreate: store = try SQLiteEventStore(path: path, mode: .readWrite(create: true))
        case .readWrite: store = try SQLiteEventStore(path: path, mode: .readWrite(create: false))
        case .readOnly: store = try SQLiteEventStore(path: path, mode: .readOnly)
        }
        // When its own connection is asked
        let (synchronous, journal, application, version, triggers) = try store.queue.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA synchronous"), try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try Int32.fetchOne(db, sql: "PRAGMA application_id"), try Int.fetchOne(db, sql: "PRAGMA user_version"),
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"))
        }
        // Then synchronous is FULL, the journal is the rollback journal (never WAL), the file is
        // an aegrade log of schema 3 with the triggers of events, credentials and signatures (writers waiting for each other is
        // BusyWait's, tested in BusyWaitTests and by the lock tests through the binary)
        #expect(synchronous == 2)
        #expect(journal?.lowercased() == "delete")
        #expect(application == 0x6165_6772)
        #expect(version == 3)
        #expect(triggers == ["credentialNoDelete", "credentialNoUpdate", "eventNoDelete", "eventNoReplace", "eventNoUpdate",
                             "eventWriteNoDelete", "eventWriteNoUpdate"])
    }
}

/// What is not a log is refused and left as it was; what is missing is not created.
@Suite("Store: opening") struct OpeningTests {
    static let modes: [(String, SQLiteEventStore.Mode)] = [
        ("read-write, create", .readWrite(create: true)), ("read-write", .readWrite(create: false)), ("read-only", .readOnly),
    ]

    /// Opens `path` in every mode: each must be refused as not a log, with a detail among `details`.
    private func expectNotALog(_ path: String, details: [String]) throws {
        let hash = try Bytes.sha256(path)
        for (name, mode) in Self.modes {
            let error = #expect(throws: EventLogError.self, "\(name)") { try SQLiteEventStore(path: path, mode: mode) }
            if case .notALog(_, let found)? = error {
                #expect(details.contains { found.contains($0) }, "\(name): \(found)")
            } else {
                Issue.record("\(name): expected notALog, got \(String(describing: error))")
            }
            #expect(error?.description.contains("left untouched") == true)
        }
        #expect(try Bytes.sha256(path) == hash, "the file is byte-identical")
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
    }

    @Test func aForeignSQLiteDatabaseIsNotALogAndIsLeftUntouched() throws {
        // Given an SQLite database of another application
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("other.db")
        let created = try LogFile.sqlite(path, "CREATE TABLE patients (id TEXT, name TEXT); INSERT INTO patients VALUES ('1', 'x');")
        try #require(created.status == 0, "\(created.transcript)")
        // When aegrade opens it in every mode
        // Then it is refused as not a log and left byte-identical
        try expectNotALog(path, details: ["with other tables", "without the aegrade event table"])
    }

    @Test func aFileThatIsNotSQLiteIsNotALogAndIsLeftUntouched() throws {
        // Given a CSV file
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("visits.csv")
        try Data("patient,time,temperature\nP-1,2026-11-22T08:00:00Z,38.6\n".utf8).write(to: URL(fileURLWithPath: path))
        // When aegrade opens it in every mode
        // Then it is refused as not a log and left byte-identical
        try expectNotALog(path, details: ["not an SQLite database"])
    }

    @Test func anSQLiteFileWithAnEventTableButNoAegradeIdentityIsNotALog() throws {
        // Given an SQLite file with a table named "event" but not aegrade's application id
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("event.db")
        _ = try LogFile.sqlite(path, "CREATE TABLE event (seq INTEGER PRIMARY KEY); PRAGMA user_version = 1;")
        // When it is opened read-only
        let error = #expect(throws: EventLogError.self) { try SQLiteEventStore(path: path, mode: .readOnly) }
        // Then it is refused as not a log
        if case .notALog? = error {} else { Issue.record("expected notALog, got \(String(describing: error))") }
    }

    @Test func aMissingFileOpenedReadOnlyIsMissingAndIsNotCreated() throws {
        // Given a path where no file is
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("absent.db")
        // When it is opened read-only, or read-write without create
        let readOnly = #expect(throws: EventLogError.self) { try SQLiteEventStore(path: path, mode: .readOnly) }
        let readWrite = #expect(throws: EventLogError.self) { try SQLiteEventStore(path: path, mode: .readWrite(create: false)) }
        // Then it is reported missing and nothing was created
        #expect(readOnly == .missing(path: path))
        #expect(readWrite == .missing(path: path))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aLogOfAnotherSchemaVersionIsRefused() throws {
        // Given a log whose user_version says schema 4
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        _ = try SQLiteEventStore(path: path, mode: .readWrite(create: true))
        _ = try LogFile.sqlite(path, "PRAGMA user_version = 4;")
        // When it is opened in each mode
        for (name, mode) in Self.modes {
            let error = #expect(throws: EventLogError.self, "\(name)") { try SQLiteEventStore(path: path, mode: mode) }
            // Then it is refused as an unknown schema
            #expect(error == .unknownSchema(path: path, version: 4), "\(name)")
        }
    }

    @Test func aLogSwitchedToWALIsRefusedForWriting() throws {
        // Given a log someone switched to WAL with the sqlite3 shell
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        _ = try SQLiteEventStore(path: path, mode: .readWrite(create: true))
        let switched = try LogFile.sqlite(path, "PRAGMA journal_mode = WAL;")
        try #require(switched.stdout.contains("wal"), "\(switched.transcript)")
        // When it is opened for writing
        let error = #expect(throws: EventLogError.self) { try SQLiteEventStore(path: path, mode: .readWrite(create: false)) }
        // Then it is refused: aegrade never writes in WAL mode
        if case .notALog(_, let detail)? = error {
            #expect(detail.contains("WAL"))
        } else {
            Issue.record("expected notALog, got \(String(describing: error))")
        }
    }

    @Test func aCreationInterruptedAfterTheSchemaGetsItsGenesisEventOnTheNextOpen() throws {
        // Given a file left by a writer killed between creating the schema and appending the
        // genesis event (the schema alone, no event)
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in try SQLiteEventStore.createSchema(db) }
            try queue.close()
        }
        // When the product opens it to append
        let store = try SQLiteEventStore(path: path, mode: .readWrite(create: true))
        _ = try store.append([EventDraft(kind: .note, patient: "P-1", clinicalTime: nil, payload: .object([]))],
                             author: Author(id: "li.m", role: .nurse))
        // Then the log starts with its genesis event and verifies
        let events = try store.allEvents()
        #expect(events.map(\.kind) == [.genesis, .note])
        let verification = try store.verify()
        #expect(verification.isIntact, "\(verification.report)")
    }
}
