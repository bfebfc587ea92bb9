@testable import Bedside
import Clinical
@testable import EventLog
import Foundation
@testable import PostgresLog
import Safety
import Testing
import TestSupport

/// The trial-wide board's reload (README, "The whole trial"): when a site's head moves it reads
/// that site's new events only, from the seq it last read, and folds them in — unless they come
/// before events already merged (a pushed offline log's), when it merges the trial again.
@Suite("PostgreSQL trial-wide board's reload", .serialized, .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresTrialBoardReloadTests {
    /// A clock that stands still, after every event the tests record: the boards compared are
    /// evaluated at the same time.
    static let now = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970 + 3_600)

    static func board(_ sites: PostgresTrial, home: any EventStore) throws -> BedsideContext {
        try BedsideContext(sites: sites, home: home, criteria: try Fixtures.bundled(), trial: try PostgresTrialTests.loadProtocol(),
                           signedIn: PostgresTrialBoardTests.monitor, colors: false, now: { Self.now })
    }

    /// What the board shows and holds, against a board opened afresh on the same trial.
    static func expectSame(_ context: BedsideContext, asFresh fixture: PostgresTrialFixture, home: any EventStore,
                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fresh = try board(try fixture.trial(), home: home)
        #expect(context.events == fresh.events, "the merged order", sourceLocation: sourceLocation)
        #expect(context.trialEvents()?.sites == fresh.trialEvents()?.sites, sourceLocation: sourceLocation)
        #expect(context.trialBoard?.read == fresh.trialBoard?.read, "each site's last seq folded", sourceLocation: sourceLocation)
        #expect(context.status?.tripped == fresh.status?.tripped, sourceLocation: sourceLocation)
        #expect(context.status?.state == fresh.status?.state, sourceLocation: sourceLocation)
        #expect(TriageBoardScreen(context: context).state.rows == TriageBoardScreen(context: fresh).state.rows, sourceLocation: sourceLocation)
        #expect(context.headSeq == fresh.headSeq, sourceLocation: sourceLocation)
    }

    @Test func aSitesNewEventsAreReadFromThatSiteAloneFromWhereTheBoardLastRead() throws {
        // Given the board over two sites, each with one death and a febrile patient
        let (fixture, wardA, wardB) = try PostgresTrialBoardTests.twoSites()
        let sites = try fixture.trial()
        let context = try Self.board(sites, home: wardA)
        #expect(context.status?.tripped == ["two-deaths"])
        let before = sites.rowsRead
        #expect(before["ward-a"] ?? 0 > 0 && before["ward-b"] ?? 0 > 0)
        // When ward-b appends a subject who died (three events) and the board polls
        _ = try wardB.append(PostgresTrialTests.subjectWhoDied("BED-09", day: 3), author: PostgresTrialTests.nurse)
        #expect(try context.reloadIfChanged())
        // Then only ward-b's three new rows were read; ward-a's chain was not read again
        let after = sites.rowsRead
        #expect(after["ward-a"] == before["ward-a"], "\(before) → \(after)")
        #expect((after["ward-b"] ?? 0) - (before["ward-b"] ?? 0) == 3, "\(before) → \(after)")
        // And the board is what a board opened afresh shows: the new patient, its grades, the rule
        #expect(context.replay.patients["ward-b/BED-09"] != nil)
        try Self.expectSame(context, asFresh: fixture, home: wardA)
        // And a poll with no site grown reads nothing (the comparison read the trial as the board folded it)
        let settled = sites.rowsRead
        #expect(try context.reloadIfChanged() == false)
        #expect(sites.rowsRead == settled)
        // And a febrile assessment at ward-a is read from ward-a alone, its grades on its row
        guard case .recorded = try LogRecorder(store: wardA, criteria: try Fixtures.bundled(), signedIn: PostgresTrialBoardTests.nurse)
            .record(try PostgresTrialBoardTests.fever("BED-11")) else { throw TestFailure("the fever was not recorded") }
        #expect(try context.reloadIfChanged())
        #expect(sites.rowsRead["ward-b"] == settled["ward-b"])
        let row = try #require(TriageBoardScreen(context: context).state.rows.first { $0.patient == "ward-a/BED-11" })
        #expect(row.crsAtLeast == 1)
        try Self.expectSame(context, asFresh: fixture, home: wardA)
    }

    @Test func aPushedOfflineEventRecordedBeforeOthersMergedIsFoldedInItsPlace() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given ward-a with a death, and an offline ward ("offline", first by name) whose log, its
        // subject enrolled, was pushed once, and which, while the network is down, records the
        // subject's infusion and death — before ward-b, on the server, records a febrile patient
        let fixture = try PostgresTrialFixture()
        let trial = try fixture.offlineWardPushedOnce(in: scratch)
        let (wardA, wardB, offline, centre) = (trial.wardA, trial.wardB, trial.offline, trial.centre)
        guard case .recorded = try LogRecorder(store: wardB, criteria: try Fixtures.bundled(), signedIn: PostgresTrialBoardTests.nurse)
            .record(try PostgresTrialBoardTests.fever("BED-06")) else { throw TestFailure("the fever was not recorded") }
        // And the board open over the trial: one death, nothing tripped
        let sites = try fixture.trial()
        let context = try Self.board(sites, home: wardA)
        #expect(context.status?.tripped == [])
        let board = try #require(context.trialBoard)
        let offlineSite = try #require(board.siteNames.firstIndex(of: "offline"))
        // When the offline ward's log is pushed: its new events were recorded before ward-b's
        // fever, which the board merged after the ward's last event
        _ = try centre.receive(try offline.allEvents())
        let pushed = try #require(try centre.event(seq: 3))
        #expect(board.follows(pushed, site: offlineSite) == false, "the pushed event comes before one already merged")
        #expect(try context.reloadIfChanged())
        // Then the board shows what a board opened afresh shows: the events in the trial's
        // order, the febrile patient's grades, and the rule tripped by the two deaths
        #expect(context.status?.tripped == ["two-deaths"])
        let row = try #require(TriageBoardScreen(context: context).state.rows.first { $0.patient == "ward-b/BED-06" })
        #expect(row.crsAtLeast == 1)
        try Self.expectSame(context, asFresh: fixture, home: wardA)
        let order = context.events.map(\.patient)
        let death = try #require(order.lastIndex(of: "offline/BED-01")), fever = try #require(order.firstIndex(of: "ward-b/BED-06"))
        #expect(death < fever, "the offline death is merged before ward-b's fever: \(order)")
    }
}
