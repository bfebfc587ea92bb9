@testable import Bedside
import Clinical
@testable import EventLog
import Foundation
@testable import PostgresLog
import Safety
import Testing
import TestSupport

/// The trial-wide board's memory does not grow with the trial (issue 19, goal 5; README, "The
/// whole trial"): like one log's board it keeps what it shows per patient — the replay's state,
/// the protocol's fold, each row's latest grades event — and per site its last seq folded, never
/// the merged events; a timeline and the replay read them from the sites when they open.
@Suite("PostgreSQL trial-wide board's memory", .serialized, .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresTrialBoardMemoryTests {
    static let patients = ["BED-01", "BED-02", "BED-03"]

    /// `rounds` assessments of every patient at `store`, an hour apart from `hour` (a fever
    /// every other round), as `aegrade record` writes them: an observation and its grades each.
    static func assessAll(_ store: PostgresEventStore, rounds: Int, from hour: Int) throws {
        let recorder = LogRecorder(store: store, criteria: try Fixtures.bundled(), signedIn: PostgresTrialBoardTests.nurse)
        for round in 0..<rounds {
            // Local times on 2026-11-08 and after, at +08:00.
            let at = ClinicalTime(secondsSinceEpoch: 1_794_124_800 + Double((hour + round) * 3600))
            let local = String(ClinicalTime(secondsSinceEpoch: at.secondsSinceEpoch + 8 * 3600).utcText.dropLast()) + "+08:00"
            let temperature = round % 2 == 0 ? 38.4 : 36.8
            for patient in patients {
                let text = #"{"patient":{"id":"\#(patient)","ageYears":50},"time":"\#(local)","vitals":{"temperature":{"value":\#(temperature),"unit":"C"}}}"#
                guard case .recorded = try recorder.record(try JSONParser.parse(text)) else { throw TestFailure("the assessment was not recorded") }
            }
        }
    }

    @Test func theBoardKeepsEventsPerPatientNotPerEventAsTheTrialGrows() throws {
        // Given two sites, each with a subject who died and three patients assessed four times
        let fixture = try PostgresTrialFixture()
        let wardA = try fixture.store(site: "ward-a"), wardB = try fixture.store(site: "ward-b")
        _ = try wardA.append(PostgresTrialTests.subjectWhoDied("BED-09", day: 1), author: PostgresTrialTests.nurse)
        _ = try wardB.append(PostgresTrialTests.subjectWhoDied("BED-09", day: 2), author: PostgresTrialTests.nurse)
        try Self.assessAll(wardA, rounds: 4, from: 0)
        try Self.assessAll(wardB, rounds: 4, from: 0)
        // And the board open over the trial, its rows drawn
        let sites = try fixture.trial()
        let context = try PostgresTrialBoardReloadTests.board(sites, home: wardA)
        _ = TriageBoardScreen(context: context).state.rows
        let merged = context.events.count
        let kept = KeptEvents.count(in: context, opaque: { $0 is PostgresSession })
        // Then it holds a few events per patient (each row's latest grades), not the trial's
        #expect(merged > 50)
        // (the latest observation and grades of each row: eight patients, two sites' four each)
        #expect(context.replay.patients.ids.count == 8)
        #expect(kept <= 2 * 8, "\(kept) events kept of \(merged)")
        #expect(context.status?.tripped == ["two-deaths"])

        // When the trial grows fourfold and the board reloads what the sites appended
        try Self.assessAll(wardA, rounds: 12, from: 4)
        try Self.assessAll(wardB, rounds: 12, from: 4)
        #expect(try context.reloadIfChanged())
        _ = TriageBoardScreen(context: context).state.rows
        // Then it holds no more events than before, and shows what a board opened afresh shows
        #expect(context.events.count > 3 * merged)
        #expect(KeptEvents.count(in: context, opaque: { $0 is PostgresSession }) <= kept, "\(KeptEvents.count(in: context, opaque: { $0 is PostgresSession })) events kept of \(context.events.count)")
        try PostgresTrialBoardReloadTests.expectSame(context, asFresh: fixture, home: wardA)

        // And a board opened afresh on the grown trial (its one fold read as a stream) holds as few
        let fresh = try PostgresTrialBoardReloadTests.board(try fixture.trial(), home: wardA)
        _ = TriageBoardScreen(context: fresh).state.rows
        #expect(KeptEvents.count(in: fresh, opaque: { $0 is PostgresSession }) <= kept)

        // And a patient's timeline, read from its site when it opens, has every event of the patient there
        let timeline = context.timelineEvents(of: "ward-b/BED-02")
        let stored = try wardB.allEvents().filter { $0.patient == "BED-02" || $0.kind == .signature }
        #expect(timeline.map(\.seq) == stored.map(\.seq))
        #expect(timeline.allSatisfy { $0.patient == "ward-b/BED-02" })
    }
}
