import Clinical
@testable import EventLog
import Foundation
import Grading
@testable import PostgresLog
import Testing
import TestSupport

/// `record`'s entries built ahead on PostgreSQL (``AppendsAhead``; README, "Tests and benchmarks",
/// `postgres-append.sh`): built on the head the previous append leaves, with the server's clock
/// that append read under the site's lock, and written as built only when, under the appending
/// transaction's lock, the head is still that one and the time within a second before the
/// server's clock; otherwise built again in the transaction. What is written is as without it: a
/// gap-free chain that verifies, every entry signed by its author's key.
@Suite("PostgreSQL record builds ahead", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresRecordAheadTests {
    typealias Head = PostgresEventStore.ChainHead

    /// A site with the fixture's accounts and the nurse's recorder (password sign-in, her key
    /// signing), grading with the bundled criteria.
    /// A limit for record times taken ahead that no test's pace reaches.
    static let tenMinutes: Int64 = 600_000

    static func nurseAtSite(_ scratch: Scratch, aheadTimeLimitMillis: Int64 = PostgresEventStore.defaultAheadTimeLimitMillis)
        throws -> (store: PostgresEventStore, site: String, nurse: LogRecorder) {
        let (store, site, nurse, standing) = try PostgresStandingUnderLockTests.nurseAtSite(scratch, aheadTimeLimitMillis: aheadTimeLimitMillis)
        return (store, site, LogRecorder(store: store, criteria: try CriteriaSet.bundled(), signedIn: nurse.signedIn, standing: standing))
    }

    /// The observation of `json` as the recorder prepares it, and its grades' drafts.
    static func entry(_ recorder: LogRecorder, _ json: JSONValue) -> (EventDraft, (RecordedEvent) -> [EventDraft]) {
        guard case let .accepted(observation, results, warnings, _, _) = recorder.prepare(json) else {
            Issue.record("the test's assessment was rejected")
            return (PostgresStoreTests.note("rejected"), { _ in [] })
        }
        return (observation, { [LogRecorder.gradesDraft(of: $0, resultsText: results, warnings: warnings)] })
    }

    /// Appends `json`'s entry by `recorder` (its standing checked, signed with its key), with
    /// `ahead`; the events, what became of `ahead`, and the head given before the commit.
    static func append(_ recorder: LogRecorder, on store: PostgresEventStore, _ json: JSONValue, ahead: PostgresEventStore.AppendAhead? = nil)
        throws -> (events: [RecordedEvent], use: AheadUse?, head: Head?) {
        let (observation, then) = entry(recorder, json)
        try recorder.permit(.enterAssessment)
        var left: Head?
        let (events, use) = try recorder.signedIn.signing { () throws(EventLogError) in
            try store.appendFollowed(observation, author: recorder.author, ahead: ahead, by: then, handingHead: .beforeCommit) { left = $0 }
        }
        return (events, use, left)
    }

    /// Gap-free seqs, every event of a signed-in account signed by its registered key, and the site verifies.
    static func expectSignedGapFreeAndIntact(_ store: PostgresEventStore, _ sourceLocation: SourceLocation = #_sourceLocation) throws {
        let events = try store.allEvents()
        #expect(events.map(\.seq) == Array(1...Int64(events.count)), "gap-free seqs", sourceLocation: sourceLocation)
        let directory = try AccountDirectory(store: store)
        let signatures = try PostgresSignatureTests.signatures(store.url.site)
        for event in events where event.author != .system {
            guard let key = directory[event.author.id]?.signingKey else { continue }
            #expect(signatures[event.seq] == key, "seq \(event.seq) signed by its author's key", sourceLocation: sourceLocation)
        }
        let verification = try PostgresTestServer.store(site: store.url.site, mode: .readOnly).verify()
        #expect(verification.isIntact, "\(verification.report)", sourceLocation: sourceLocation)
    }

    /// A trigger that refuses, at COMMIT, a transaction writing `patient`'s events at `site`
    /// (deferred: the rows are inserted, the commit is what fails); removed by the function returned.
    static func refuseAtCommit(site: String, patient: String) throws -> () throws -> Void {
        let admin = try PostgresTestServer.session(try PostgresTestServer.adminURL())
        let name = "refuse_" + site.filter { $0.isLetter || $0.isNumber }
        try admin.run("""
            CREATE FUNCTION \(name)() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'refused at commit by the test' USING ERRCODE = 'P0001'; END $$
            """)
        try admin.run("""
            CREATE CONSTRAINT TRIGGER \(name) AFTER INSERT ON event DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
            WHEN (NEW.site = '\(site)' AND NEW.patient = '\(patient)') EXECUTE FUNCTION \(name)()
            """)
        return {
            try admin.run("DROP TRIGGER \(name) ON event")
            try admin.run("DROP FUNCTION \(name)()")
        }
    }

    @Test func anEntryBuiltAheadIsWrittenAsBuiltWhenTheHeadIsTheOneItAssumed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given the nurse's first assessment, and the head its append gave before its commit (on
        // a store that keeps record times taken ahead for ten minutes, not a second: whatever the
        // machine's speed, and the pipelined connection is made in between)
        let (store, _, nurse) = try Self.nurseAtSite(scratch, aheadTimeLimitMillis: Self.tenMinutes)
        let first = try Self.append(nurse, on: store, try Bedside.crsJSON(patient: "BED-07"))
        let head = try #require(first.head)
        #expect(first.use == nil)
        #expect(head == Head(seq: first.events[1].seq, hash: first.events[1].hash, serverTime: first.events[1].recordTime))
        // When the next assessment is built ahead on that head, then appended
        let (observation, then) = Self.entry(nurse, try Bedside.crsJSON(patient: "BED-08", celsius: 39.2))
        let ahead = try #require(store.appendAhead(observation, author: nurse.author, signer: nurse.signedIn.signer, after: head, by: then))
        let second = try Self.append(nurse, on: store, try Bedside.crsJSON(patient: "BED-08", celsius: 39.2), ahead: ahead)
        // Then it is written as built: the same ids, hashes and record time (the server's clock
        // the first append read), right after the head
        #expect(second.use == .used)
        #expect(second.events == ahead.events)
        #expect(second.events.map(\.seq) == [head.seq + 1, head.seq + 2] && second.events[0].prevHash == head.hash)
        #expect(second.events.map(\.recordTime) == [head.serverTime, head.serverTime])
        #expect(second.events.map(\.kind) == [.observation, .grades] && second.events[1].payload["observationSeq"] == .number(Double(head.seq + 1)))
        #expect(try store.allEvents().suffix(2) == second.events[...])
        // and the head it leaves carries the clock read under its own lock, not before its events'
        let left = try #require(second.head)
        #expect(left.seq == second.events[1].seq && left.hash == second.events[1].hash && left.serverTime >= head.serverTime)
        try Self.expectSignedGapFreeAndIntact(store)
    }

    @Test func anAppendByAnotherWriterAtTheSiteBeforeTheTransactionHasTheEntryBuiltAgainAfterIt() throws {
        // (The test that fails when the head is not compared: the entry built ahead would be
        // inserted at a seq the other writer took, and the append refused.)
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given an assessment built ahead on the nurse's head
        let (store, site, nurse) = try Self.nurseAtSite(scratch)
        let head = try #require(try Self.append(nurse, on: store, try Bedside.crsJSON(patient: "BED-07")).head)
        let json = try Bedside.crsJSON(patient: "BED-08")
        let (observation, then) = Self.entry(nurse, json)
        let ahead = try #require(store.appendAhead(observation, author: nurse.author, signer: nurse.signedIn.signer, after: head, by: then))
        // When the administrator appends at another terminal of the site first
        let theirs = try PostgresStandingUnderLockTests.administrator(at: site).deactivate(user: AccountsFixture.user(.physician))
        let written = try Self.append(nurse, on: store, json, ahead: ahead)
        // Then the entry built ahead is not written: the same entry is built again after theirs,
        // on the clock read under its own lock
        #expect(written.use == .headMoved)
        #expect(written.events.map(\.seq) == [theirs.seq + 1, theirs.seq + 2])
        #expect(written.events[0].prevHash == theirs.hash && written.events[0].id != ahead.events[0].id)
        #expect(written.events[0].payload == ahead.events[0].payload && written.events[1].payload["observationSeq"] == .number(Double(theirs.seq + 1)))
        #expect(written.events[0].recordTime >= theirs.recordTime)
        try Self.expectSignedGapFreeAndIntact(store)
    }

    @Test func aTimeTakenAheadTooLongBeforeOrAfterTheServersClockIsTakenAgain() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, _, nurse) = try Self.nurseAtSite(scratch)
        let head = try #require(try Self.append(nurse, on: store, try Bedside.crsJSON(patient: "BED-07")).head)
        let served = try #require(ClinicalTime(iso8601: head.serverTime))
        // Given entries built ahead on the right head, with a time five seconds older and a minute
        // later than the server's clock the head's append read
        for (seconds, patient) in [(-5.0, "BED-08"), (60.0, "BED-09")] {
            let shifted = WriterIdentity.recordTime(millis: Int64(((served.secondsSinceEpoch + seconds) * 1000).rounded()))
            let last = try #require(try store.lastEvent())
            let assumed = Head(seq: last.seq, hash: last.hash, serverTime: shifted)
            let json = try Bedside.crsJSON(patient: patient)
            let (observation, then) = Self.entry(nurse, json)
            let ahead = try #require(store.appendAhead(observation, author: nurse.author, signer: nurse.signedIn.signer, after: assumed, by: then))
            #expect(ahead.events[0].recordTime == shifted)
            // When each is appended
            let written = try Self.append(nurse, on: store, json, ahead: ahead)
            // Then it is built again on the server's clock read under the lock
            #expect(written.use == .timeStale, "\(seconds) s")
            #expect(written.events.map(\.seq) == [last.seq + 1, last.seq + 2] && written.events[0].id != ahead.events[0].id)
            #expect(written.events[0].recordTime != shifted && written.events[0].recordTime >= last.recordTime)
        }
        // And record times follow the chain
        let times = try store.allEvents().map(\.recordTime)
        #expect(times == times.sorted())
        try Self.expectSignedGapFreeAndIntact(store)
    }

    @Test func anEntryBuiltForAnotherAuthorOrKeyIsBuiltAgain() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, _, nurse) = try Self.nurseAtSite(scratch)
        let head = try #require(try Self.append(nurse, on: store, try Bedside.crsJSON(patient: "BED-07")).head)
        let json = try Bedside.crsJSON(patient: "BED-08")
        let (observation, then) = Self.entry(nurse, json)
        // Given an entry built ahead without her key
        let ahead = try #require(store.appendAhead(observation, author: nurse.author, signer: nil, after: head, by: then))
        // When she appends it, signing
        let written = try Self.append(nurse, on: store, json, ahead: ahead)
        // Then it is built again, and signed
        #expect(written.use == .notForThisWrite)
        #expect(written.events.map(\.seq) == [head.seq + 1, head.seq + 2] && written.events[0].id != ahead.events[0].id)
        try Self.expectSignedGapFreeAndIntact(store)
    }

    @Test func aRefusedCommitLeavesTheLogAsItWasAndTheNextAppendIsBuiltAgainOnTheHeadThere() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, site, nurse) = try Self.nurseAtSite(scratch)
        let head = try #require(try Self.append(nurse, on: store, try Bedside.crsJSON(patient: "BED-07")).head)
        let before = try store.allEvents()
        // Given the server refusing, at COMMIT, a transaction writing patient F-1's events
        let remove = try Self.refuseAtCommit(site: site, patient: "F-1")
        defer { try? remove() }
        // When the nurse's entry for F-1 is appended, built ahead, and gives its head before the commit
        let refusedJSON = try Bedside.crsJSON(patient: "F-1")
        let (observation, then) = Self.entry(nurse, refusedJSON)
        let ahead = try #require(store.appendAhead(observation, author: nurse.author, signer: nurse.signedIn.signer, after: head, by: then))
        var left: Head?
        do {
            try nurse.permit(.enterAssessment)
            _ = try nurse.signedIn.signing { () throws(EventLogError) in
                try store.appendFollowed(observation, author: nurse.author, ahead: ahead, by: then, handingHead: .beforeCommit) { left = $0 }
            }
            Issue.record("a commit the server refused was acknowledged")
        } catch {
            #expect("\(error)".contains("refused at commit by the test"), "\(error)")
        }
        // Then the log is as it was, though the head the refused rows would have left was given
        #expect(try store.allEvents() == before)
        let refusedHead = try #require(left)
        #expect(refusedHead.seq == head.seq + 2)
        // And the next entry, built ahead on that head, is built again on the log as it is
        let json = try Bedside.crsJSON(patient: "F-2")
        let (next, nextThen) = Self.entry(nurse, json)
        let built = try #require(store.appendAhead(next, author: nurse.author, signer: nurse.signedIn.signer, after: refusedHead, by: nextThen))
        let written = try Self.append(nurse, on: store, json, ahead: built)
        #expect(written.use == .headMoved)
        #expect(written.events.map(\.seq) == [head.seq + 1, head.seq + 2] && written.events[0].prevHash == head.hash)
        try Self.expectSignedGapFreeAndIntact(store)
    }

    @Test func aRecordingEndsAtACommitTheServerRefusesAndARecordingAfterItAppendsOnTheLogAsItIs() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, site, nurse) = try Self.nurseAtSite(scratch)
        let inputs = try (0..<12).map { try Bedside.crsJSON(patient: "F-\($0)", celsius: 38 + Double($0 % 10) / 10) }
        // Given the server refusing, at COMMIT, the eighth assessment's transaction
        let remove = try Self.refuseAtCommit(site: site, patient: "F-7")
        defer { try? remove() }
        // When the nurse records the twelve
        var given: [LogRecorder.Outcome] = []
        var failure: RecordError?
        do {
            try nurse.record(count: inputs.count, input: { inputs[$0] }) { given += $0 }
        } catch {
            failure = error
        }
        // Then the recording ends at the eighth, refused, with the seventh the last entry written
        guard case .storage(.refused)? = failure else { Issue.record("expected the commit refused, got \(String(describing: failure))"); return }
        #expect(given.count == 7)
        let events = try store.allEvents()
        guard case .recorded(_, _, let last)? = given.last else { Issue.record("the seventh was not recorded"); return }
        #expect(events.last?.seq == last.last)
        #expect(events.filter { $0.kind == .observation }.map(\.patient) == (0..<7).map { "F-\($0)" })
        try Self.expectSignedGapFreeAndIntact(store)
        // And a recording after it (F-7 refused still, so from F-8) appends on the log as it is
        var after: [LogRecorder.Outcome] = []
        let counts = try nurse.record(count: 4, input: { inputs[8 + $0] }) { after += $0 }
        #expect(after.count == 4 && counts.built == 3)
        #expect(try store.allEvents().filter { $0.kind == .observation }.map(\.patient) == ((0..<7).map { "F-\($0)" } + (8..<12).map { "F-\($0)" }))
        try Self.expectSignedGapFreeAndIntact(store)
    }

    @Test func anotherWriterAppendingBetweenTwoOfRecordsAssessmentsHasTheNextBuiltAgain() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given the nurse recording 24 assessments, and the administrator at another terminal of the site
        let (store, site, nurse) = try Self.nurseAtSite(scratch)
        let administrator = try PostgresStandingUnderLockTests.administrator(at: site)
        let inputs = try (0..<24).map { try Bedside.crsJSON(patient: "N-\($0)", celsius: 38 + Double($0 % 10) / 10) }
        let before = try #require(try store.lastEvent()).seq
        // When the administrator writes after every fifth of her commits
        var given: [LogRecorder.Outcome] = []
        var theirs: [Int64] = []
        let counts = try nurse.record(count: inputs.count, input: { inputs[$0] }) { outcomes in
            given += outcomes
            if given.count % 5 == 2, let event = try? administrator.deactivate(user: AccountsFixture.user(.monitor)) {
                theirs.append(event.seq)
                _ = try? administrator.reactivate(user: AccountsFixture.user(.monitor))
            }
        }
        // Then each assessment after theirs was built ahead on her own head and built again
        #expect(theirs.count == 5)
        #expect(counts.built == 23, "every assessment after the first is built ahead")
        // (at least the five: an append whose guarded INSERT found the account events, and was
        // made again, had given a head it never wrote, so what was built on it is built again too)
        #expect(counts.headMoved >= 5)
        #expect(counts.used + counts.timeStale + counts.headMoved == 23 && counts.notForThisWrite == 0)
        // And every assessment is written whole, in input order, between the administrator's events
        let events = try store.allEvents().filter { $0.seq > before }
        let mine = events.filter { $0.author == nurse.author }
        #expect(mine.filter { $0.kind == .observation }.map(\.patient) == (0..<24).map { "N-\($0)" })
        for (index, event) in mine.enumerated() where event.kind == .observation {
            #expect(mine[index + 1].kind == .grades && mine[index + 1].seq == event.seq + 1)
        }
        #expect(Set(mine.map(\.seq)).isDisjoint(with: theirs))
        let times = events.map(\.recordTime)
        #expect(times == times.sorted())
        try Self.expectSignedGapFreeAndIntact(store)
    }

    /// `record`'s pacing on the server (``RecordPacing``): on one thread, and changing mode from
    /// segment to segment, across rejected assessments at a segment's end and another writer at
    /// the site, each assessment is written once, whole, in input order, built ahead on the head
    /// the write before left and built again after the other writer's.
    @Test(arguments: [[RecordPacing.Mode.oneThread], [.oneThread, .chained]])
    func everyPacingModeWritesTheAssessmentsInOrder(modes: [RecordPacing.Mode]) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, site, recorder) = try Self.nurseAtSite(scratch, aheadTimeLimitMillis: Self.tenMinutes)
        var nurse = recorder
        nurse.pacing = RecordPacing(fixed: modes)
        let administrator = try PostgresStandingUnderLockTests.administrator(at: site)
        let segment = RecordPacing.segment
        let rejected: Set<Int> = [segment - 1, segment]
        let count = 2 * segment + 12
        let inputs = try (0..<count).map { index in
            rejected.contains(index) ? JSONValue.object([("patient", .string("no assessment"))])
                : try Bedside.crsJSON(patient: "P-\(index)", celsius: 38 + Double(index % 10) / 10)
        }
        let before = try #require(try store.lastEvent()).seq
        var given: [LogRecorder.Outcome] = []
        var theirs: [Int64] = []
        let counts = try nurse.record(count: count, input: { inputs[$0] }) { outcomes in
            given += outcomes
            // Another terminal writes in the first segment and in the second.
            if given.count == 20 || given.count == segment + 30, let event = try? administrator.deactivate(user: AccountsFixture.user(.monitor)) {
                theirs.append(event.seq)
                _ = try? administrator.reactivate(user: AccountsFixture.user(.monitor))
            }
        }
        #expect(theirs.count == 2)
        #expect(given.count == count)
        for index in rejected {
            guard case .rejected = given[index] else { Issue.record("assessment \(index) was not rejected"); continue }
        }
        #expect(counts.built == count - rejected.count - 1 && counts.notForThisWrite == 0 && counts.timeStale == 0, "\(counts)")
        #expect(counts.headMoved >= 2 && counts.used + counts.headMoved == counts.built, "\(counts)")
        let mine = try store.allEvents().filter { $0.seq > before && $0.author == nurse.author }
        #expect(mine.filter { $0.kind == .observation }.map(\.patient) == (0..<count).filter { !rejected.contains($0) }.map { "P-\($0)" })
        for (index, event) in mine.enumerated() where event.kind == .observation {
            #expect(mine[index + 1].kind == .grades && mine[index + 1].seq == event.seq + 1)
        }
        try Self.expectSignedGapFreeAndIntact(store)
    }

    @Test func whatARecordingWritesIsWhatItWroteWithoutBuildingAhead() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given two sites made alike, each with the nurse's recorder (record times taken ahead
        // kept ten minutes, so that some are written as built whatever the machine's speed)
        let otherScratch = try Scratch()
        defer { otherScratch.remove() }
        let (aheadStore, _, aheadNurse) = try Self.nurseAtSite(scratch, aheadTimeLimitMillis: Self.tenMinutes)
        let (plainStore, _, plainNurse) = try Self.nurseAtSite(otherScratch)
        let inputs = try (0..<10).map { try Bedside.crsJSON(patient: "S-\($0)", celsius: 37.5 + Double($0) / 5, hypotension: $0 % 3 == 0) }
        let aheadFirst = try #require(try aheadStore.lastEvent()).seq
        let plainFirst = try #require(try plainStore.lastEvent()).seq
        // When one records them in one recording (built ahead), the other one assessment at a time
        let counts = try aheadNurse.record(count: inputs.count, input: { inputs[$0] }) { _ in }
        for json in inputs { _ = try plainNurse.record(json) }
        // Then the same events are written: kinds, authors, payloads (the grades naming their own
        // observation), in the same order, each signed by her key
        #expect(counts.built == 9 && counts.used > 0)
        let built = try aheadStore.allEvents().filter { $0.seq > aheadFirst }
        let plain = try plainStore.allEvents().filter { $0.seq > plainFirst }
        #expect(built.map(\.kind) == plain.map(\.kind) && built.map(\.author) == plain.map(\.author))
        #expect(built.map(\.patient) == plain.map(\.patient) && built.map(\.clinicalTime) == plain.map(\.clinicalTime))
        func comparable(_ event: RecordedEvent, among events: [RecordedEvent]) -> JSONValue {
            guard event.kind == .grades, case .object(let members) = event.payload else { return event.payload }
            // The grades' reference to their observation: its id and seq, which differ by site.
            let observation = events.first { candidate in
                if case .string(let id)? = event.payload["observation"] { return candidate.id == id }
                return false
            }
            #expect(observation?.seq == event.seq - 1 && event.payload["observationSeq"] == .number(Double(event.seq - 1)))
            return .object(members.filter { $0.0 != "observation" && $0.0 != "observationSeq" })
        }
        #expect(built.map { comparable($0, among: built) } == plain.map { comparable($0, among: plain) })
        try Self.expectSignedGapFreeAndIntact(aheadStore)
        try Self.expectSignedGapFreeAndIntact(plainStore)
    }
}
