import Clinical
@testable import EventLog
import Foundation
import Grading
import Safety
import Testing
@testable import Bedside

/// The board keeps the protocol folded beside its replay (README "Architecture"): after every
/// write by another terminal, every save's follow-up and every tick of the clock, its status is
/// the evaluation of the whole log at the clock's time, and the follow-up left nothing to append.
@Suite struct BoardTrialFoldTests {
    @Test func theBoardsStatusIsTheWholeLogsEvaluationAfterEveryWriteAndTick() throws {
        let log = try BoardLog(now: "2026-11-21T08:00:00+08:00")
        let trial = try log.demoProtocol()
        // Another terminal, writing at the board's clock.
        func recorder() -> LogRecorder {
            let clock = log.clock
            return LogRecorder(store: log.store, criteria: log.criteria, signedIn: .unauthenticated(Author(id: "nurse.li", role: .nurse)),
                               now: { clock })
        }
        func local(_ time: ClinicalTime) -> String {
            String(ClinicalTime(secondsSinceEpoch: time.secondsSinceEpoch + 8 * 3600, offsetSeconds: 0).utcText.dropLast()) + "+08:00"
        }
        let context = try log.context(trial: trial)
        let patients = ["BED-01", "BED-02", "BED-03"]
        for step in 0..<18 {
            let patient = patients[step % patients.count]
            let time = local(log.clock)
            if step < patients.count {
                _ = try recorder().event(kind: .infusion, patient: patient, time: time,
                                         data: EventPayload.infusion(product: "LOT-\(patient)", dose: "1e6/kg", cohort: "DL1"), reason: "per protocol")
            } else {
                let json = step % 5 == 0 ? BoardLog.twoPressors(patient, at: time) : BoardLog.well(patient, at: time)
                guard case .recorded = try recorder().record(try JSONParser.parse(json)) else {
                    Issue.record("step \(step): the assessment was refused")
                    return
                }
            }
            // The save's follow-up on the board: reload, evaluate, append a status that changed.
            try context.appendStatusIfChanged()
            let events = try log.store.allEvents()
            let expected = TrialStatus.evaluate(trial, events: events, asOf: log.clock)
            #expect(context.status == expected, "step \(step), after a write")
            #expect(LogRecorder.followUpDraft(trial, events: events, asOf: log.clock) == nil, "step \(step): a changed status was left unlogged")

            // Hours pass with nothing written: the tick evaluates again.
            log.advance(seconds: Double(5 + step % 4 * 7) * 3600)
            context.refreshClock()
            _ = context.finishClockRefresh(wait: true)
            #expect(context.status == TrialStatus.evaluate(trial, events: events, asOf: log.clock), "step \(step), at the tick")
        }
    }
}
