@testable import Bedside
import Clinical
@testable import EventLog
import Foundation
@testable import PostgresLog
import Safety
import Testing
import TestSupport

/// A site board's first frame on PostgreSQL (README, "The triage board"): the chain folded by the
/// replay's pass and one grades event per patient read, not every grades event kept.
@Suite("PostgreSQL board heads", .serialized, .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresBoardHeadsTests {
    @Test func theFirstFrameIsTheWholeFoldWithOneGradesEventPerPatient() throws {
        // Given a site with a subject who died and three patients assessed five times each
        let fixture = try PostgresTrialFixture()
        let ward = try fixture.store(site: "ward-a")
        _ = try ward.append(PostgresTrialTests.subjectWhoDied("BED-09", day: 1), author: PostgresTrialTests.nurse)
        try PostgresTrialBoardMemoryTests.assessAll(ward, rounds: 5, from: 0)
        let all = try ward.allEvents()
        // When the board heads are read
        let heads = try ward.boardHeads(definiteOf: [TriageBoardState.crsCriteria, TriageBoardState.icansCriteria])
        // Then the fold is the event-by-event fold of the whole chain
        var folded = Replay(lookup: try ward.replayLookup())
        for event in all { _ = folded.fold(event) }
        #expect(heads.replay.json == folded.json)
        // And the grades held are each row's latest, one per assessed patient, not the chain's fifteen
        #expect(all.filter { $0.kind == .grades }.count == 15)
        let latest = Set(PostgresTrialBoardMemoryTests.patients.compactMap { folded.patients[$0]?.latestGradesSeq })
        #expect(Set(heads.grades.keys) == latest)
        #expect(heads.grades.values.allSatisfy { $0.kind == .grades })
        // And the rows drawn from them are the whole fold's
        let now = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970)
        let byHeads = TriageBoardState.rows(replay: heads.replay, gradesEvent: { seq, _ in heads.grades[seq] }, trial: nil, now: now)
        let whole = TriageBoardState.rows(replay: folded, gradesEvent: { seq, _ in all.first { $0.seq == seq } }, trial: nil, now: now)
        #expect(byHeads == whole)
        #expect(byHeads.contains { $0.crsAtLeast == 1 })
    }
}
