import Clinical
@testable import EventLog
import Foundation
import Grading
import Testing
import TestSupport

/// `record` writes a grades payload straight to its canonical text (`LogRecorder.gradesDraft`,
/// `EventPayloadValue`); the event it gives back is the event the log reads back — payload, hash
/// and all — the hash covers that text, and the log verifies. A correction's grades are written
/// the same way.
@Suite struct GradesPayloadTextTests {
    @Test func aGradesEventWrittenFromItsTextIsTheEventTheLogReadsBack() throws {
        // Given a log with the nurse signed in, and a CRS assessment prepared as `record` prepares it
        let log = try AccountLog()
        defer { log.remove() }
        let nurse = try log.signIn(.nurse)
        let recorder = try log.recorder(nurse)
        let json = try Bedside.crsJSON(patient: "BED-07", celsius: 39.2)
        guard case let .accepted(observation, results, warnings, _, _) = recorder.prepare(json) else {
            Issue.record("the test's assessment was rejected")
            return
        }
        // When its observation and grades are appended
        let events = try recorder.appendGraded(observation, resultsText: results, warnings: warnings)
        // Then the grades event was made from its text, and is the event read back from the file
        let grades = try #require(events.last)
        #expect(grades.kind == .grades)
        #expect(grades.payloadValue.canonicalText != nil)
        let stored = try #require(try log.store.allEvents().last)
        #expect(stored.payloadValue.canonicalText == nil, "read back as a tree")
        #expect(stored == grades)
        #expect(stored.payload == grades.payload)
        #expect(CanonicalEvent.hash(stored) == grades.hash)
        #expect(CanonicalEvent.hash(grades) == grades.hash)
        // And its results are the criteria's results, made as a tree and sorted
        let assessment = try Assessment(json: json)
        let tree = EventPayload.grades(observation: events[0].id, observationSeq: events[0].seq,
                                       results: recorder.criteria.evaluate(assessment).map(\.json))
        #expect(stored.payload[.results] == tree.canonical[.results])
        #expect(try SQLiteEventStore(path: log.store.path, mode: .readOnly).verify().isIntact)
    }

    @Test func warningsAreWrittenAfterTheResults() throws {
        let observation = RecordedEvent(seq: 12, id: "obs-id", kind: .observation, patient: "BED-01", clinicalTime: "2026-11-22T08:00:00+08:00",
                                        recordTime: "2026-11-22T00:00:01.000Z", timeZone: "UTC +00:00", author: .system, terminal: "t",
                                        productVersion: "v", payload: .object([]), prevHash: String(repeating: "0", count: 64), hash: "h")
        let resultsTree: JSONValue = .array([.object([("grade", .number(1)), ("criteria", .string("c"))])])
        let draft = LogRecorder.gradesDraft(of: observation, resultsText: Array(resultsTree.canonicalText.utf8),
                                            warnings: ["temperature \"42.5\" °C"])
        let want: JSONValue = .object([("observation", .string("obs-id")), ("observationSeq", .number(12)), ("results", resultsTree),
                                       ("warnings", .array([.string("temperature \"42.5\" °C")]))])
        #expect(draft.payloadValue.canonicalText == want.canonicalText)
        #expect(draft.payload == want.canonical)
        #expect(draft.patient == "BED-01" && draft.clinicalTime == "2026-11-22T08:00:00+08:00" && draft.kind == .grades)
    }
}
