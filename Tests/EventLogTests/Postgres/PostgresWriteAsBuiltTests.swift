import Clinical
@testable import EventLog
import Foundation
import Grading
import Synchronization
@testable import PostgresLog
import Testing
import TestSupport

/// An entry built ahead written in one statement between BEGIN and COMMIT
/// (`PostgresEventStore.writeAsBuilt`): the statement takes the site's lock, reads the head and
/// the clock after it, and inserts only when the head is the one assumed, the time taken ahead at
/// most a second before the clock, and (with a kept directory) no account event came after it;
/// otherwise it writes nothing, and the append is made as any other.
@Suite("PostgreSQL entries built ahead written in one statement", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresWriteAsBuiltTests {
    typealias Head = PostgresEventStore.ChainHead

    /// A site where the nurse has recorded one assessment, and an entry built ahead on the head it
    /// left (its time shifted by `shift` seconds), on a store that keeps record times taken ahead
    /// `aheadTimeLimitMillis` (ten minutes unless given: an entry is written as built whatever the
    /// machine's speed, the store's pipelined connection made in between).
    static func entryAhead(_ scratch: Scratch, shift: Double = 0, aheadTimeLimitMillis: Int64 = PostgresRecordAheadTests.tenMinutes) throws
        -> (store: PostgresEventStore, site: String, head: Head, ahead: PostgresEventStore.AppendAhead) {
        let (store, site, nurse) = try PostgresRecordAheadTests.nurseAtSite(scratch, aheadTimeLimitMillis: aheadTimeLimitMillis)
        let head = try #require(try PostgresRecordAheadTests.append(nurse, on: store, try Bedside.crsJSON(patient: "BED-07")).head)
        let (observation, then) = PostgresRecordAheadTests.entry(nurse, try Bedside.crsJSON(patient: "BED-08", celsius: 39.4))
        let assumed = Head(seq: head.seq, hash: head.hash, serverTime: try shifted(head.serverTime, by: shift))
        let ahead = try #require(store.appendAhead(observation, author: nurse.author, signer: nurse.signedIn.signer, after: assumed, by: then))
        return (store, site, head, ahead)
    }

    static func shifted(_ time: String, by seconds: Double) throws -> String {
        guard seconds != 0 else { return time }
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = try #require(format.date(from: time))
        return format.string(from: date.addingTimeInterval(seconds))
    }

    /// How many times the session has run a prepared statement whose text begins with `prefix`.
    static func executions(_ store: PostgresEventStore, _ prefix: String) throws -> Int {
        let rows = try store.session.rows("""
            SELECT coalesce(sum(generic_plans + custom_plans), 0)::text FROM pg_prepared_statements WHERE statement LIKE $1 || '%'
            """, [prefix])
        return Int(rows.first?.first.flatMap { $0 } ?? "") ?? -1
    }

    /// Whichever way the head is handed (`record`'s chained mode wants it before the commit is
    /// answered, one thread with it), the same rows are written and the same head handed; only
    /// before the commit does the writer ask the server to send the statement's rows early (a
    /// flush request, one more send of the server's each transaction).
    @Test(arguments: [HeadHandOff.beforeCommit, .withCommit])
    func onTheHeadAssumedTheEntryIsWrittenAsBuiltWithoutAStatementOfItsOwnForTheHead(handingHead: HeadHandOff) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, _, head, ahead) = try Self.entryAhead(scratch)
        let headReads = try Self.executions(store, "SELECT head_seq")
        var left: Head?
        let trace = scratch.path("messages.trace")
        let written = try store.pipelinedConnection().tracingMessages(into: trace) {
            try store.writeAsBuilt(ahead, unlessAccountEventsAfter: head.seq, handingHead: handingHead, beforeCommit: { left = $0 })
        }
        #expect(written)
        let sent = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("F\t") }
        #expect(sent.contains { $0.hasSuffix("\tSync") } && sent.contains { $0.contains("\tExecute\t") }, "\(sent)")
        #expect(sent.contains { $0.hasSuffix("\tFlush") } == (handingHead == .beforeCommit), "\(sent)")
        #expect(try store.allEvents().suffix(2) == ahead.events[...])
        // The head was read inside the rows' statement, not by one of its own
        #expect(try Self.executions(store, "SELECT head_seq") == headReads)
        #expect(try store.pipelinedConnection().preparedCount == 1)
        // And the head it leaves carries the clock read under its lock, not before the time taken
        let after = try #require(left)
        #expect(after.seq == ahead.events[1].seq && after.hash == ahead.events[1].hash)
        #expect(after.serverTime >= head.serverTime)
        try PostgresRecordAheadTests.expectSignedGapFreeAndIntact(store)
    }

    @Test func anAppendByAnotherWriterFirstLeavesTheEntryUnwritten() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, site, _, ahead) = try Self.entryAhead(scratch)
        let theirs = try PostgresStandingUnderLockTests.administrator(at: site).deactivate(user: AccountsFixture.user(.physician))
        var left: Head?
        #expect(try store.writeAsBuilt(ahead, unlessAccountEventsAfter: nil, beforeCommit: { left = $0 }) == false)
        #expect(left == nil)
        #expect(try store.lastEvent()?.seq == theirs.seq)
        try PostgresRecordAheadTests.expectSignedGapFreeAndIntact(store)
    }

    @Test func aTimeTakenMoreThanASecondBeforeTheClockOrAfterItLeavesTheEntryUnwritten() throws {
        for shift in [-5.0, 5.0] {
            let scratch = try Scratch()
            defer { scratch.remove() }
            let (store, _, head, ahead) = try Self.entryAhead(scratch, shift: shift,
                                                              aheadTimeLimitMillis: PostgresEventStore.defaultAheadTimeLimitMillis)
            #expect(try store.writeAsBuilt(ahead, unlessAccountEventsAfter: nil, beforeCommit: nil) == false, "shift \(shift) s")
            #expect(try store.lastEvent()?.seq == head.seq)
        }
    }

    @Test func anAccountEventAfterTheKeptDirectoryLeavesTheEntryUnwritten() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, _, head, ahead) = try Self.entryAhead(scratch)
        // (the fixture's accounts and the nurse's sign-in are account events after seq 1)
        #expect(try store.writeAsBuilt(ahead, unlessAccountEventsAfter: 1, beforeCommit: nil) == false)
        #expect(try store.lastEvent()?.seq == head.seq)
        #expect(try store.writeAsBuilt(ahead, unlessAccountEventsAfter: head.seq, beforeCommit: nil))
        #expect(try store.allEvents().suffix(2) == ahead.events[...])
    }

    /// Two recordings at one site at once, each on its connection: their entries built ahead meet
    /// heads the other moved, are then built again, and the chain stays whole.
    @Test func twoRecordingsAtOneSiteAtOnceWriteEveryAssessmentOnOneWholeChain() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, site, nurse) = try PostgresRecordAheadTests.nurseAtSite(scratch)
        let physicianStore = try PostgresTestServer.store(site: site, mode: .readWrite(create: false))
        let standing = AccountStanding()
        let signedIn = try Authenticator(store: physicianStore, standing: standing)
            .signIn(user: AccountsFixture.user(.physician), password: AccountsFixture.password, role: .physician)
        let physician = LogRecorder(store: physicianStore, criteria: try CriteriaSet.bundled(), signedIn: signedIn, standing: standing)
        let count = 30
        let before = try #require(try store.lastEvent()).seq
        let inputs = { (prefix: String) in try (0..<count).map { try Bedside.crsJSON(patient: "\(prefix)-\($0)", celsius: 38 + Double($0 % 10) / 10) } }
        let (nurseInputs, physicianInputs) = (try inputs("N"), try inputs("P"))
        let outcomes = Mutex<[String: [LogRecorder.Outcome]]>([:])
        let failures = Mutex<[String]>([])
        let done = DispatchGroup()
        for (name, recorder, given) in [("nurse", nurse, nurseInputs), ("physician", physician, physicianInputs)] {
            done.enter()
            Thread {
                defer { done.leave() }
                do {
                    try recorder.record(count: count, input: { given[$0] }) { outcome in outcomes.withLock { $0[name, default: []] += outcome } }
                } catch {
                    failures.withLock { $0.append("\(name): \(error)") }
                }
            }.start()
        }
        #expect(done.wait(timeout: .now() + 120) == .success, "the recordings did not end")
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        #expect(outcomes.withLock { $0["nurse"]?.count } == count && outcomes.withLock { $0["physician"]?.count } == count)
        // Each recording's assessments in its input order, each observation followed by its grades
        let events = try store.allEvents().filter { $0.seq > before }
        for (recorder, prefix) in [(nurse, "N"), (physician, "P")] {
            let theirs = events.filter { $0.author == recorder.author }
            #expect(theirs.filter { $0.kind == .observation }.map(\.patient) == (0..<count).map { "\(prefix)-\($0)" })
            for (index, event) in theirs.enumerated() where event.kind == .observation {
                #expect(theirs[index + 1].kind == .grades && theirs[index + 1].seq == event.seq + 1)
            }
        }
        let times = events.map(\.recordTime)
        #expect(times == times.sorted())
        try PostgresRecordAheadTests.expectSignedGapFreeAndIntact(store)
    }
}
