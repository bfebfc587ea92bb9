import Clinical
@testable import EventLog
import Foundation
import Grading
import Safety
import Testing
import TestSupport
@testable import Bedside

/// The board's memory does not grow with the log (issue 19, goal 5; README "The triage board"):
/// its context keeps what the board shows per patient — the replay's state, the protocol's fold,
/// each row's latest grades event — never the log's events; a timeline reads its patient's events
/// from the store when it opens.
@Suite struct BoardMemoryTests {
    static let patients = ["BED-01", "BED-02", "BED-03"]

    /// Writes `rounds` assessments of every patient, an hour apart from the log's clock.
    static func assessAll(_ log: BoardLog, rounds: Int) throws {
        for _ in 0..<rounds {
            for patient in patients {
                let time = String(ClinicalTime(secondsSinceEpoch: log.clock.secondsSinceEpoch + 8 * 3600, offsetSeconds: 0).utcText.dropLast()) + "+08:00"
                try log.assess(BoardLog.well(patient, at: time))
            }
            log.advance(seconds: 3600)
        }
    }

    @Test func theContextKeepsEventsPerPatientNotPerEvent() throws {
        // Given a log of three patients with ten assessments each, opened on a board
        let log = try BoardLog(now: "2026-11-21T08:00:00+08:00")
        let trial = try log.demoProtocol()
        for patient in Self.patients { try log.infuse(patient, at: "2026-11-21T07:00:00+08:00") }
        try Self.assessAll(log, rounds: 10)
        let context = try log.context(trial: trial)
        _ = TriageBoardState.rows(replay: context.replay, gradesEvent: context.gradesEvent, trial: context.trial, now: log.clock)
        let logged = try log.store.allEvents().count
        let kept = KeptEvents.count(in: context)
        // Then it keeps a few events per patient (the latest observation and grades of each row)
        #expect(logged > 60)
        #expect(kept <= 4 * Self.patients.count, "\(kept) events kept of \(logged)")

        // When the log grows fivefold and the board reloads
        try Self.assessAll(log, rounds: 40)
        try context.reload()
        _ = TriageBoardState.rows(replay: context.replay, gradesEvent: context.gradesEvent, trial: context.trial, now: log.clock)
        // Then it keeps no more events than before, and its state is the whole log's
        #expect(try log.store.allEvents().count > 5 * logged / 2)
        #expect(KeptEvents.count(in: context) <= kept)
        #expect(context.status == TrialStatus.evaluate(trial, events: try log.store.allEvents(), asOf: log.clock))
    }

    @Test func theRowsLatestGradesAreKeptByTheFoldSoDrawingTheRowsReadsNoEvent() throws {
        // Given a board on a log of three patients assessed four times each
        let log = try BoardLog(now: "2026-11-21T08:00:00+08:00")
        try Self.assessAll(log, rounds: 4)
        let context = try log.context()
        // Then, before any row is drawn, each patient's latest grades event is held (the clock's
        // tick draws the rows on the screen loop: it must not read one event per patient there)
        func latestGrades() throws -> [String: Int64] {
            var latest: [String: Int64] = [:]
            for event in try log.store.allEvents() where event.kind == .grades { latest[event.patient ?? ""] = event.seq }
            return latest
        }
        #expect(context.rowGrades.mapValues(\.seq) == (try latestGrades()))
        // And after the log grows and the board reloads, the new ones are held the same way
        try Self.assessAll(log, rounds: 2)
        try context.reload()
        #expect(context.rowGrades.mapValues(\.seq) == (try latestGrades()))
    }

    @Test func aTimelineReadsItsPatientsEventsFromTheStore() throws {
        // Given a board on a log of three patients
        let log = try BoardLog(now: "2026-11-21T08:00:00+08:00")
        try Self.assessAll(log, rounds: 4)
        let context = try log.context()
        #expect(KeptEvents.count(in: context) <= 4 * Self.patients.count)
        // When a timeline is opened for one of them
        let events = context.timelineEvents(of: "BED-02")
        // Then it holds exactly that patient's events as the store reads them, and the log's signatures
        let stored = try log.store.allEvents().filter { $0.patient == "BED-02" || $0.kind == .signature }
        #expect(events.map(\.seq) == stored.map(\.seq))
        #expect(events.count == 8)
        let screen = PatientTimelineScreen(patient: "BED-02", context: context)
        #expect(screen.state.timeline.entries.count >= 4)
    }

    @Test func theStoresPatientAndKindReadsAreTheLogsEventsOfThatPatientOrKind() throws {
        // Given a log of three patients, read back in slices of one row
        let log = try BoardLog(now: "2026-11-21T08:00:00+08:00")
        for patient in Self.patients { try log.infuse(patient, at: "2026-11-21T07:00:00+08:00") }
        try Self.assessAll(log, rounds: 3)
        let reader = try SQLiteEventStore(path: log.path, mode: .readOnly, settings: SQLiteEventStore.Settings(sliceRowLimit: 1))
        let all = try reader.allEvents()
        for seqs in [1...Int64.max, 3...20, 10...10, 30...Int64.max] {
            // When each patient's, the patient-less and each kind's events are read
            for patient in Self.patients + [nil] as [String?] {
                let expected = all.filter { $0.patient == patient && seqs.contains($0.seq) }.map(\.seq)
                // Then they are the log's, in seq order, through the store's index and through the generic read
                #expect(try reader.events(ofPatient: patient, seqs: seqs).map(\.seq) == expected, "\(patient ?? "nil") \(seqs)")
            }
            for kind in [EventKind.infusion, .grades, .signature] {
                #expect(try reader.events(ofKind: kind, seqs: seqs).map(\.seq) == all.filter { $0.kind == kind && seqs.contains($0.seq) }.map(\.seq))
            }
        }
    }
}
