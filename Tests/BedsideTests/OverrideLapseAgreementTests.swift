import Clinical
@testable import EventLog
import Foundation
import Grading
@testable import Safety
import Testing
@testable import Bedside

/// One corrected-and-overridden history read by the four folds that apply overrides — the replay
/// (board heads, `log replay`), the protocol rules (Safety), the patient timeline and the triage
/// board — which must agree on the rule of the README's bedside section: an override names a
/// grades event; a correction of its assessment lapses it; an override naming anything else is
/// not applied; an override recorded again against the corrected grades stands.
@Suite("Override lapse: replay, rules, timeline and board agree")
struct OverrideLapseAgreementTests {
    static let icans = "astct-2019-icans"
    static let neuro = #""neuro": {"ice": {"total": 5}, "consciousness": "awakensToVoice", "seizure": "none", "motorWeakness": "none", "cerebralEdema": "none", "posturing": false, "cranialNerveVIPalsy": false, "papilledema": false, "cushingsTriad": false}"#

    static func assessment(spo2: Int) throws -> JSONValue {
        try JSONParser.parse(bytes: Array(#"{"patient": {"id": "P-001", "ageYears": 54, "developmentalDelay": false}, "time": "2026-11-21T08:00:00+08:00", "vitals": {"temperature": {"value": 37.0, "unit": "C"}, "hypotension": false, "spo2": \#(spo2)}, "support": {"vasopressors": [], "oxygen": {"device": "roomAir"}}, \#(neuro), "treatments": {"tocilizumab": false, "corticosteroids": false, "antipyretics": false, "anakinra": false}}"#.utf8))
    }

    /// The ICANS grade and whether it is overridden, as each fold has it.
    struct Views: Equatable, CustomStringConvertible {
        var replay: (Int?, Bool), rules: (Int?, Bool), timeline: (Int?, Bool), board: (Int?, Bool)
        static func == (a: Views, b: Views) -> Bool {
            a.replay == b.replay && a.rules == b.rules && a.timeline == b.timeline && a.board == b.board
        }
        var all: [(Int?, Bool)] { [replay, rules, timeline, board] }
        var description: String { "replay \(replay), rules \(rules), timeline \(timeline), board \(board)" }
    }

    static func views(_ store: SQLiteEventStore, trial: TrialProtocol, now: ClinicalTime) throws -> Views {
        let events = try store.allEvents()
        var replay = Replay()
        for event in events { _ = replay.fold(event) }
        let patient = try #require(replay.patients["P-001"])
        let fromReplay = patient.grades[icans].map { ($0.grade, $0.overridden) } ?? (nil, false)
        // Safety reads what was recorded up to its evaluation time: the real clock here.
        let recordedBy = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970 + 60)
        let status = TrialStatus.evaluate(trial, events: events, asOf: recordedBy)
        let facts = try #require(TrialLog(events, asOf: recordedBy).subjects["P-001"])
        let point = try #require(facts.effectiveGrades().last { $0.criteria == icans && $0.term == nil })
        let rules = (point.grade, point.overridden)
        let timeline = PatientTimeline(patient: "P-001", events: events, now: now)
        let last = try #require(timeline.assessments.last)
        let row = try #require(TriageBoardState.rows(replay: replay, events: events, status: status, trial: trial, now: now)
            .first { $0.patient == "P-001" })
        return Views(replay: fromReplay, rules: rules, timeline: (last.icans.value, last.icans.overridden),
                     board: (row.icans, row.overridden))
    }

    @Test("override ICANS 2→3, correct SpO2 only: the override lapses everywhere; one naming the assessment or an override is applied nowhere; one recorded again on the corrected grades stands everywhere")
    func fourFoldsAgree() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-lapse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let criteria = try CriteriaSet.bundled()
        let trial = try TrialProtocol.load(bytes: Array(DemoProtocol.text.utf8), name: "demo.yaml", criteria: criteria)
        let store = try SQLiteEventStore(path: directory.appendingPathComponent("aegrade.db").path, mode: .readWrite(create: true))
        let now = ClinicalTime(iso8601: "2026-11-22T08:00:00+08:00")!
        let nurse = LogRecorder(store: store, criteria: criteria, signedIn: .unauthenticated(Author(id: "nurse-bo", role: .nurse)), now: { now })
        let physician = LogRecorder(store: store, criteria: criteria, signedIn: .unauthenticated(Author(id: "dr-wang", role: .physician)), now: { now })

        // Given an infused patient assessed ICANS 2, overridden to 3 by a physician
        _ = try nurse.event(kind: .enrollment, patient: "P-001", time: "2026-11-19T08:00:00+08:00", data: .object([]), reason: "consented")
        _ = try nurse.event(kind: .infusion, patient: "P-001", time: "2026-11-20T08:00:00+08:00",
                            data: .object([("product", .string("CD19 CAR-T"))]), reason: "per protocol")
        guard case .recorded(_, _, let first) = try nurse.record(try Self.assessment(spo2: 97)) else { Issue.record("not recorded"); return }
        let override = try physician.override(seq: first[1], criteria: Self.icans, term: nil, grade: 3, reason: "aphasic on exam")
        let overridden = try Self.views(store, trial: trial, now: now)
        #expect(overridden.all.allSatisfy { $0 == (3, true) }, "\(overridden)")

        // When the assessment is corrected (SpO2 only, by the same physician)
        let corrected = try physician.correct(seq: first[0], with: try Self.assessment(spo2: 95), reason: "SpO2 misread").get()
        // Then the override has lapsed in all four: the corrected ICANS 2 stands
        let lapsed = try Self.views(store, trial: trial, now: now)
        #expect(lapsed.all.allSatisfy { $0 == (2, false) }, "\(lapsed)")

        // When overrides name the corrected assessment, or the lapsed override, instead of grades
        for target in [corrected[0], override] {
            _ = try store.append([EventDraft(kind: .override, patient: "P-001", clinicalTime: corrected[0].clinicalTime,
                                             payload: EventPayload.override(supersedes: target.id, supersedesSeq: target.seq, criteria: Self.icans,
                                                                            term: nil, computedGrade: 2, grade: 4, reason: "names no grades event"))],
                                 author: Author(id: "dr-wang", role: .physician))
        }
        // Then none of the four applies them
        let ignored = try Self.views(store, trial: trial, now: now)
        #expect(ignored.all.allSatisfy { $0 == (2, false) }, "\(ignored)")

        // When the physician records the override again against the corrected grades
        _ = try physician.override(seq: corrected[1].seq, criteria: Self.icans, term: nil, grade: 3, reason: "stands after correction")
        // Then all four show it
        let restated = try Self.views(store, trial: trial, now: now)
        #expect(restated.all.allSatisfy { $0 == (3, true) }, "\(restated)")
    }
}
