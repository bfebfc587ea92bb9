import Clinical
@testable import EventLog
import Foundation
import GRDB
import Grading
import Testing
import TestSupport

/// `record`'s chain stage on an SQLite log (`LogRecorder.recordChained`): each assessment's events
/// are built ahead — seqs, record time, hashes, signatures — on the head the previous transaction
/// leaves, and written as built only when the head is still that one; otherwise built again in
/// the transaction. What is written and given back is as without it: a chain that verifies,
/// gap-free seqs, every entry signed by its author's key, nothing after a failed write.
@Suite struct RecordChainAheadTests {
    static let note = EventDraft(kind: .note, patient: "BED-01", clinicalTime: nil, payload: .object([("text", .string("ward round"))]))

    /// The grades draft of `observation` for a CRS assessment, as the recorder makes it.
    static func grades(_ recorder: LogRecorder, _ json: JSONValue) -> (EventDraft, (RecordedEvent) -> [EventDraft]) {
        guard case let .accepted(observation, results, warnings, _, _) = recorder.prepare(json) else {
            Issue.record("the test's assessment was rejected")
            return (note, { _ in [] })
        }
        return (observation, { [LogRecorder.gradesDraft(of: $0, resultsText: results, warnings: warnings)] })
    }

    /// Every event's signature is its author's registered key's, the seqs run without a gap, and the log verifies.
    static func expectSignedGapFreeAndIntact(_ store: SQLiteEventStore, _ sourceLocation: SourceLocation = #_sourceLocation) throws {
        let events = try store.allEvents()
        #expect(events.map(\.seq) == Array(1...Int64(events.count)), "gap-free seqs", sourceLocation: sourceLocation)
        let directory = try AccountDirectory(store: store)
        let rows = try store.queue.read { db in try SQLiteEventStore.writeRows(db, from: 1, to: Int64(events.count) + 1) }
        let rowBySeq = Dictionary(uniqueKeysWithValues: rows.map { ($0.seq, $0) })
        for event in events where event.author != .system && event.kind != .genesis {
            guard let key = directory[event.author.id]?.signingKey else { continue }
            let row = rowBySeq[event.seq]
            #expect(row?.publicKey == key && EventSignature.isValid(signatureHex: row?.signature ?? "", hash: event.hash, publicKeyHex: key),
                    "seq \(event.seq) signed by its author's key", sourceLocation: sourceLocation)
        }
        #expect(try SQLiteEventStore(path: store.path, mode: .readOnly).verify().isIntact, sourceLocation: sourceLocation)
    }

    @Test func anEntryBuiltAheadIsWrittenAsBuiltWhenTheHeadIsTheOneItAssumed() throws {
        // Given the fixture's log with the nurse signed in and one assessment recorded (its
        // record times taken ahead kept for ten minutes, not a second: whatever the machine's speed)
        var settings = SQLiteEventStore.Settings()
        settings.aheadTimeLimitMillis = 600_000
        let log = try AccountLog(settings: settings)
        defer { log.remove() }
        let nurse = try log.signIn(.nurse)
        let recorder = try log.recorder(nurse)
        _ = try recorder.record(try Bedside.crsJSON(patient: "BED-07"))
        let head = SQLiteEventStore.ChainHead(try #require(try log.store.lastEvent()))
        // When the next assessment is built ahead on that head, then appended
        let (observation, then) = Self.grades(recorder, try Bedside.crsJSON(patient: "BED-08", celsius: 39.2))
        let ahead = try #require(log.store.appendAhead(observation, author: nurse.author, signer: nurse.signer, after: head, by: then))
        var left: SQLiteEventStore.ChainHead?
        let (events, use) = try nurse.signing { () throws(EventLogError) in
            try log.store.appendFollowed(observation, author: nurse.author, ahead: ahead, by: then, handingHead: .beforeCommit) { left = $0 }
        }
        // Then it is written as built: the same ids, hashes and record time, right after the head
        #expect(use == .used)
        #expect(events == ahead.events.map(\.event))
        #expect(events.map(\.seq) == [head.seq + 1, head.seq + 2] && events[0].prevHash == head.hash)
        #expect(events.map(\.kind) == [.observation, .grades] && events[1].payload["observationSeq"] == .number(Double(head.seq + 1)))
        #expect(try log.store.allEvents().suffix(2) == events[...])
        // and the head it leaves was given before the commit
        #expect(left == SQLiteEventStore.ChainHead(events[1]))
        try Self.expectSignedGapFreeAndIntact(log.store)
    }

    @Test func anAppendByAnotherConnectionBeforeTheTransactionHasTheEntryBuiltAgainAfterIt() throws {
        // Given an assessment built ahead on the log's head
        let log = try AccountLog()
        defer { log.remove() }
        let nurse = try log.signIn(.nurse)
        let recorder = try log.recorder(nurse)
        _ = try recorder.record(try Bedside.crsJSON(patient: "BED-07"))
        let head = SQLiteEventStore.ChainHead(try #require(try log.store.lastEvent()))
        let (observation, then) = Self.grades(recorder, try Bedside.crsJSON(patient: "BED-08"))
        let ahead = try #require(log.store.appendAhead(observation, author: nurse.author, signer: nurse.signer, after: head, by: then))
        // When another connection appends the physician's assessment first
        let other = try SQLiteEventStore(path: log.fixture.path, mode: .readWrite(create: false))
        let physician = try log.signIn(.physician)
        guard case .recorded(_, _, let theirs) = try LogRecorder(store: other, criteria: recorder.criteria, signedIn: physician, now: recorder.now)
            .record(try Bedside.crsJSON(patient: "BED-09")) else { Issue.record("the physician's assessment was rejected"); return }
        let (events, use) = try nurse.signing { () throws(EventLogError) in
            try log.store.appendFollowed(observation, author: nurse.author, ahead: ahead, by: then, handingHead: .beforeCommit) { _ in }
        }
        // Then the entry built ahead is not written: the same entry is built again after the other's
        #expect(use == .headMoved)
        #expect(events[0].seq == theirs.last.map { $0 + 1 } && events[0].id != ahead.events[0].event.id)
        #expect(events[0].payload == ahead.events[0].event.payload && events[1].payload["observationSeq"] == .number(Double(events[0].seq)))
        try Self.expectSignedGapFreeAndIntact(log.store)
    }

    @Test func aRecordTimeTakenAheadIsNeverBeforeTheHeadsAndIsTakenAgainWhenTheClockMovedBack() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        let nurse = Author(id: "nurse.li", role: .nurse)
        let store = try SQLiteEventStore(path: path, mode: .readWrite(create: true))
        let then: (RecordedEvent) -> [EventDraft] = { _ in [] }
        // Given a head written by a clock a minute ahead of this one
        var ahead = SQLiteEventStore.Settings()
        ahead.clockOffsetSeconds = 60
        let minuteAhead = try SQLiteEventStore(path: path, mode: .readWrite(create: false), settings: ahead)
        let future = SQLiteEventStore.ChainHead(try minuteAhead.append([Self.note], author: nurse)[0])
        // Then nothing is built ahead on it: the record time would be before the head's
        #expect(store.appendAhead(Self.note, author: nurse, signer: nil, after: future, by: then) == nil)
        // Given an entry built ahead on a head of this clock
        let head = SQLiteEventStore.ChainHead(try store.append([Self.note], author: nurse)[0])
        let built = try #require(store.appendAhead(Self.note, author: nurse, signer: nil, after: head, by: then))
        // When it is written by a connection whose clock is ten seconds behind
        var behind = SQLiteEventStore.Settings()
        behind.clockOffsetSeconds = -10
        let (events, use) = try SQLiteEventStore(path: path, mode: .readWrite(create: false), settings: behind)
            .appendFollowed(Self.note, author: nurse, ahead: built, by: then, handingHead: .beforeCommit) { _ in }
        // Then its time is taken again in the transaction, after the clock anomaly that time is due
        #expect(use == .timeStale)
        #expect(events.count == 1 && events[0].recordTime != built.events[0].event.recordTime)
        let all = try store.allEvents()
        // (the minute-ahead head and the note back on this clock had their anomalies too)
        #expect(all.map(\.kind) == [.genesis, .clockAnomaly, .note, .clockAnomaly, .note, .clockAnomaly, .note])
        #expect(all[all.count - 2].payloadString(.direction) == "backward" && all[all.count - 2].payloadString(.previousRecordTime) == head.recordTime)
        #expect(all.last?.seq == events[0].seq)
        #expect(try SQLiteEventStore(path: path, mode: .readOnly).verify().isIntact)
    }

    @Test func anotherConnectionAppendingBetweenTwoOfRecordsAssessmentsHasTheNextBuiltAgain() throws {
        // Given the nurse recording 24 assessments, and a physician on another connection
        let log = try AccountLog()
        defer { log.remove() }
        let nurse = try log.signIn(.nurse)
        let recorder = try log.recorder(nurse)
        let other = LogRecorder(store: try SQLiteEventStore(path: log.fixture.path, mode: .readWrite(create: false)), criteria: recorder.criteria,
                                signedIn: try log.signIn(.physician), now: recorder.now)
        let inputs = try (0..<24).map { try Bedside.crsJSON(patient: "N-\($0)", celsius: 38 + Double($0 % 10) / 10) }
        let before = log.head
        // When the physician records an assessment after every fifth of the nurse's commits
        var given: [LogRecorder.Outcome] = []
        var theirs: [[Int64]] = []
        let counts = try recorder.record(count: inputs.count, input: { inputs[$0] }) { outcomes in
            given += outcomes
            if given.count % 5 == 2, case .recorded(_, _, let seqs)? = try? other.record(try Bedside.crsJSON(patient: "P-\(given.count)")) {
                theirs.append(seqs)
            }
        }
        // Then each assessment after theirs was built ahead on the nurse's own head and built again
        #expect(theirs.count == 5)
        #expect(counts.built == 23, "every assessment after the first is built ahead")
        #expect(counts.headMoved == 5)
        #expect(counts.used + counts.timeStale == 18 && counts.notForThisWrite == 0)
        // And every assessment is written whole, in input order, between the physician's
        let mine = given.compactMap { outcome -> [Int64]? in
            if case .recorded(_, _, let seqs) = outcome { return seqs }
            return nil
        }
        #expect(mine.count == 24)
        let events = try log.store.allEvents().filter { $0.seq > before }
        #expect(events.filter { $0.author == nurse.author && $0.kind == .observation }.map(\.patient) == (0..<24).map { "N-\($0)" })
        #expect(Set(mine.joined()).isDisjoint(with: theirs.joined()))
        for seqs in mine { #expect(seqs.count == 2 && seqs[1] == seqs[0] + 1) }
        // And the chain verifies, gap-free, every entry signed by its author
        try Self.expectSignedGapFreeAndIntact(log.store)
    }

    @Test func aCommitThatFailsMidWayEndsTheRecordingWithNothingWrittenAfterIt() throws {
        // Given a log whose writer waits a fifth of a second for the lock
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        _ = try SQLiteEventStore(path: path, mode: .readWrite(create: true))
        let store = try SQLiteEventStore(path: path, mode: .readWrite(create: false), settings: .init(busyTimeoutSeconds: 0.2))
        let recorder = LogRecorder(store: store, criteria: try CriteriaSet.bundled(), signedIn: .unauthenticated(Author(id: "nurse.li", role: .nurse)),
                                   now: { ClinicalTime(secondsSinceEpoch: 1_796_000_000) })
        let inputs = try (0..<20).map { try Bedside.crsJSON(patient: "F-\($0)", celsius: 38 + Double($0 % 10) / 10) }
        // When, after the seventh commit, a reader holds the log (its shared lock keeps the next
        // commit from writing the file: SQLite's locking, https://sqlite.org/lockingv3.html)
        var configuration = Configuration()
        configuration.readonly = true
        // Its read transaction is left open between two accesses: that is what holds the lock.
        configuration.allowsUnsafeTransactions = true
        let reader = try DatabaseQueue(path: path, configuration: configuration)
        var given: [LogRecorder.Outcome] = []
        var failure: EventLog.RecordError?
        do {
            try recorder.record(count: inputs.count, input: { inputs[$0] }) { outcomes in
                given += outcomes
                if given.count == 7 { try? reader.inDatabase { db in try db.execute(sql: "BEGIN DEFERRED; SELECT count(*) FROM event") } }
            }
        } catch {
            failure = error
        }
        try reader.inDatabase { db in try db.execute(sql: "ROLLBACK") }
        // Then the eighth assessment's commit fails with the log locked, and the recording ends there
        guard case .storage(.locked)? = failure else { Issue.record("expected the log locked, got \(String(describing: failure))"); return }
        #expect(given.count == 7)
        // And the log ends with the seventh entry, whole: neither the eighth nor the ninth, built
        // ahead on the eighth's head, was written
        let events = try store.allEvents()
        guard case .recorded(_, _, let last)? = given.last else { Issue.record("the seventh was not recorded"); return }
        #expect(events.last?.seq == last.last)
        #expect(events.filter { $0.kind == .observation }.map(\.patient) == (0..<7).map { "F-\($0)" })
        #expect(events.filter { $0.kind == .grades }.count == 7)
        #expect(try SQLiteEventStore(path: path, mode: .readOnly).verify().isIntact)
        // And a recording after it appends on the log as it is
        var after: [LogRecorder.Outcome] = []
        try recorder.record(count: 3, input: { inputs[$0] }) { after += $0 }
        #expect(after.count == 3)
        #expect(try store.allEvents().map(\.seq) == Array(1...Int64(events.count + 6)))
        #expect(try SQLiteEventStore(path: path, mode: .readOnly).verify().isIntact)
    }
}
