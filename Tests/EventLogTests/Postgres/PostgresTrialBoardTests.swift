@testable import Bedside
import Clinical
@testable import EventLog
import Foundation
@testable import PostgresLog
import Safety
import Terminal
import Testing
import TestSupport

/// The board over the whole trial, in process on the real server (README, "The whole trial"): every
/// site's patients named by their site, the stopping rules counting both sites, every write
/// refused naming how to open one site, a site's new events read again, the monitor's default of
/// every site, and the sign-in at the site that holds the account.
@Suite("PostgreSQL trial-wide board", .serialized, .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresTrialBoardTests {
    static let monitor = SignedIn.unauthenticated(Author(id: "cra.zhou", role: .monitor))
    static let nurse = SignedIn.unauthenticated(Author(id: "nurse.li", role: .nurse))
    /// The clock's now: the rules count what the server recorded by then.
    static var now: ClinicalTime { ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970) }

    /// A febrile assessment of `patient` (CRS grade 1), as `aegrade record` reads it.
    static func fever(_ patient: String) throws -> JSONValue {
        try JSONParser.parse(#"{"patient":{"id":"\#(patient)","ageYears":50},"time":"2026-11-08T08:00:00+08:00","vitals":{"temperature":{"value":38.4,"unit":"C"}}}"#)
    }

    /// Two sites: at ward-a BED-03 died and BED-05 had a fever; at ward-b another BED-03 died and
    /// BED-06 had a fever, its grades event at the seq of BED-05's. Each site alone has one
    /// death; the protocol pauses at two.
    static func twoSites() throws -> (fixture: PostgresTrialFixture, wardA: PostgresEventStore, wardB: PostgresEventStore) {
        let fixture = try PostgresTrialFixture()
        let wardA = try fixture.store(site: "ward-a"), wardB = try fixture.store(site: "ward-b")
        _ = try wardA.append(PostgresTrialTests.subjectWhoDied("BED-03", day: 1), author: PostgresTrialTests.nurse)
        _ = try wardB.append(PostgresTrialTests.subjectWhoDied("BED-03", day: 2), author: PostgresTrialTests.nurse)
        for (store, patient) in [(wardA, "BED-05"), (wardB, "BED-06")] {
            guard case .recorded = try LogRecorder(store: store, criteria: try Fixtures.bundled(), signedIn: nurse).record(try fever(patient)) else {
                throw TestFailure("the fever was not recorded")
            }
        }
        return (fixture, wardA, wardB)
    }

    @Test func theBoardOverTheTrialShowsEverySitesPatientsAndTheRuleOverBothAndRefusesWrites() throws {
        // Given two sites, each with one death
        let (fixture, wardA, wardB) = try Self.twoSites()
        // When the board opens over the whole trial
        let context = try BedsideContext(sites: try fixture.trial(), home: wardA, criteria: try Fixtures.bundled(),
                                         trial: try PostgresTrialTests.loadProtocol(), signedIn: Self.monitor, colors: false, now: { Self.now })
        // Then every site's patients are there, named by their site: two subjects called BED-03
        #expect(Set(context.replay.patients.ids) == ["ward-a/BED-03", "ward-a/BED-05", "ward-b/BED-03", "ward-b/BED-06"])
        let board = TriageBoardScreen(context: context)
        let lines = BedsideApp.frame(stack: [board], context: context, width: 80, height: 24).lines
        for patient in ["ward-a/BED-03", "ward-a/BED-05", "ward-b/BED-03"] {
            #expect(lines.contains { $0.contains(patient) }, "\(patient) in\n\(lines.joined(separator: "\n"))")
        }
        // And the febrile patient's grades (CRS ?≥1: fever, the rest unknown) are found at its own
        // site, where ward-b holds another patient's grades at the same seq
        let row = try #require(board.state.rows.first { $0.patient == "ward-a/BED-05" })
        #expect(row.crs == nil && row.crsAtLeast == 1)
        let gradesSeq = try #require(context.replay.patients["ward-a/BED-05"]?.latestGradesSeq)
        #expect(try wardB.event(seq: gradesSeq)?.patient == "BED-06", "ward-b holds BED-06's grades at the same seq")
        #expect(context.gradesEvent(gradesSeq, of: "ward-a/BED-05")?.kind == .grades)
        #expect(context.gradesEvent(gradesSeq, of: "ward-a/BED-05")?.patient == "ward-a/BED-05")
        // And the stopping rule counts both sites' deaths, which neither site trips alone
        #expect(context.status?.tripped == ["two-deaths"])
        // And the board's verification speaks for every site it shows
        context.finishLogCheck(wait: true)
        #expect(context.logCheck == .passed(events: Int64(context.events.count)), "\(context.logCheck)")
        #expect(context.status?.state == .paused)
        let rules = BedsideApp.frame(stack: [RulesScreen(context: context)], context: context, width: 80, height: 24).lines
        #expect(rules.contains { $0.contains("two-deaths") }, "\(rules.joined(separator: "\n"))")
        // And a patient's timeline reads its own site's events only
        let siteB = context.timelineEvents(of: "ward-b/BED-03")
        #expect(siteB.allSatisfy { $0.patient?.hasPrefix("ward-b/") ?? true } && siteB.contains { $0.patient == "ward-b/BED-03" && $0.kind == .death })
        // read from ward-b when it opens: the patient's events and ward-b's signatures, in its chain's order
        let storedB = try wardB.allEvents().filter { $0.patient == "BED-03" || $0.kind == .signature }
        #expect(siteB.map(\.seq) == storedB.map(\.seq), "ward-b's chain, in its order")
        let timeline = BedsideApp.frame(stack: [PatientTimelineScreen(patient: "ward-b/BED-03", context: context)], context: context,
                                        width: 80, height: 24).lines
        #expect(timeline.contains { $0.contains("Timeline ward-b/BED-03") }, "\(timeline.joined(separator: "\n"))")

        // When a physician's key for a new assessment is pressed
        let before = try wardA.lastEvent()?.seq
        _ = board.handle(.character("a"), context: context)
        // Then it is refused on screen, naming how to open one site for writing, and nothing is written
        let message = try #require(context.message)
        #expect(message.isError && message.text.contains("read only") && message.text.contains("?site=SITE"), "\(message.text)")
        #expect(throws: RecordError.self) { _ = try context.recorder() }
        #expect(try wardA.lastEvent()?.seq == before)
    }

    @Test func aSitesNewEventsAppearWithoutAKey() throws {
        // Given the board over the whole trial
        let (fixture, wardA, wardB) = try Self.twoSites()
        let context = try BedsideContext(sites: try fixture.trial(), home: wardA, criteria: try Fixtures.bundled(),
                                         trial: try PostgresTrialTests.loadProtocol(), signedIn: Self.monitor, colors: false, now: { Self.now })
        #expect(try context.reloadIfChanged() == false)
        // When another terminal writes at ward-b
        _ = try wardB.append(PostgresTrialTests.subjectWhoDied("BED-09", day: 3), author: PostgresTrialTests.nurse)
        // Then the poll reads the trial again and the new patient is there
        #expect(try context.reloadIfChanged())
        #expect(context.replay.patients["ward-b/BED-09"] != nil)
        // And a site begun after the board opened is taken up too
        _ = try fixture.store(site: "ward-c").append(PostgresTrialTests.subjectWhoDied("BED-01", day: 4), author: PostgresTrialTests.nurse)
        #expect(try context.reloadIfChanged())
        #expect(context.replay.patients["ward-c/BED-01"] != nil)
    }

    @Test func aMonitorAtOneSiteReadsTheWholeTrialANurseTheSite() throws {
        // Given a board opened on ward-a, with the trial for the roles that read it
        let (fixture, wardA, _) = try Self.twoSites()
        let context = try BedsideContext(fastStart: wardA, sites: try fixture.trial(), scope: .trialFor(BoardScope.trialReaders),
                                         criteria: try Fixtures.bundled(), trial: try PostgresTrialTests.loadProtocol(), signedIn: nil,
                                         colors: false, now: { Self.now })
        try context.finishLoading(wait: true)
        #expect(Set(context.replay.patients.ids) == ["BED-03", "BED-05"])
        // When a monitor signs in: the whole trial, read only
        context.begin(Self.monitor)
        #expect(Set(context.replay.patients.ids) == ["ward-a/BED-03", "ward-a/BED-05", "ward-b/BED-03", "ward-b/BED-06"])
        #expect(context.status?.tripped == ["two-deaths"])
        #expect(context.readOnlyReason != nil)
        // When a nurse signs in: ward-a, which she may write to
        context.begin(Self.nurse)
        #expect(Set(context.replay.patients.ids) == ["BED-03", "BED-05"])
        #expect(context.readOnlyReason == nil)
        #expect(context.status?.tripped == [], "one site alone has one death")
        _ = try context.recorder()
    }

    @Test func theSignInFindsTheSiteThatHoldsTheAccountAndRefusesAnAmbiguousOne() throws {
        // Given accounts at ward-a only, and a board over the trial opened without a site
        let (fixture, wardA, wardB) = try Self.twoSites()
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try AccountsFixture.make(in: wardA, path: fixture.siteText("ward-a"), keyPath: scratch.path("a.key"))
        let context = try BedsideContext(sites: try fixture.trial(), home: nil, criteria: try Fixtures.bundled(), trial: nil,
                                         signedIn: nil, colors: false, now: { Self.now })
        // Then the monitor signs in at ward-a, whose accounts hold the id
        let found = context.accountStore(for: AccountsFixture.user(.monitor))
        #expect(found.ambiguous.isEmpty)
        #expect((found.store as? PostgresEventStore)?.url.site == "ward-a")
        let signed = try Authenticator(store: found.store).signIn(user: AccountsFixture.user(.monitor), password: AccountsFixture.password, role: nil)
        context.begin(signed, at: found.store)
        #expect((context.store as? PostgresEventStore)?.url.site == "ward-a")
        // When ward-b holds an account of the same id, the sign-in names both sites
        _ = try AccountsFixture.make(in: wardB, path: fixture.siteText("ward-b"), keyPath: scratch.path("b.key"))
        #expect(context.accountStore(for: AccountsFixture.user(.monitor)).ambiguous == ["ward-a", "ward-b"])
    }

    @Test func theTrialsEventsAreFoundBySiteAndSeqAndTheReplayStepsThroughThem() throws {
        // Given the board over two sites whose seqs overlap
        let (fixture, wardA, _) = try Self.twoSites()
        let context = try BedsideContext(sites: try fixture.trial(), home: wardA, criteria: try Fixtures.bundled(),
                                         trial: try PostgresTrialTests.loadProtocol(), signedIn: Self.monitor, colors: false, now: { Self.now })
        let index = try #require(context.trialEvents())
        let siteA = try #require(index.siteNames.firstIndex(of: "ward-a")), siteB = try #require(index.siteNames.firstIndex(of: "ward-b"))
        let observationB = try #require(index.events.first { $0.patient == "ward-b/BED-06" && $0.kind == .observation }).seq
        // Then a look-up by seq reads the site of the event being folded
        index.folding = siteB
        #expect(index.lookup.event(observationB)?.patient == "ward-b/BED-06")
        #expect(index.lookup.gradesOfObservation(observationB)?.patient == "ward-b/BED-06")
        index.folding = siteA
        #expect(index.lookup.event(observationB)?.patient?.hasPrefix("ward-a/") ?? true)
        #expect(index.lookup.gradesOfObservation(observationB)?.patient != "ward-b/BED-06")
        // And the board, which keeps no event, reads an event of a patient's site from that site
        let board = try #require(context.trialBoard)
        #expect(board.event(seq: observationB, patient: "ward-b/BED-06")?.patient == "ward-b/BED-06")
        #expect(board.event(seq: observationB, patient: "ward-a/BED-06")?.patient?.hasPrefix("ward-a/") ?? true)

        // When the replay opens, goes back to the first event and forward to the last again
        let replay = ReplayScreen(context: context)
        let live = replay.state.board.rows
        #expect(replay.state.verified, "\(replay.state.verification)")
        #expect(replay.title.contains("(ward-"), "\(replay.title)")
        _ = replay.handle(.home, context: context)
        #expect(replay.state.board.rows.count <= 1)
        _ = replay.handle(.end, context: context)
        // Then the board it folded again through each site's look-ups is the live one
        #expect(replay.state.board.rows == live)
        // And `g ward-b#N` goes to that site's event, `g #N` to the seq at the current event's site
        var state = replay.state
        state.submit("ward-b#\(observationB)")
        #expect(state.current?.patient == "ward-b/BED-06" || state.moment.contains { $0.patient == "ward-b/BED-06" && $0.seq == observationB },
                "\(String(describing: state.current))")
        state.submit("ward-z#1")
        #expect(state.note != nil)
    }
}
