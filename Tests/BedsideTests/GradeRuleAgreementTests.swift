import Clinical
@testable import EventLog
import Foundation
import Grading
@testable import Safety
import Testing
import TestSupport
@testable import Bedside

/// Random corrected-and-overridden histories read by every place that shows grades as they
/// stand — the replay (numbered, as `log replay` reads the log, and folding decoded events), the
/// protocol rules (Safety), the patient timeline and the board's first frame — which must agree,
/// since all of them apply the one rule of ``GradeHistory``. A place with a rule of its own
/// disagrees on some seed.
@Suite("Grades as they stand: replay, rules, timeline and the board's first frame agree")
struct GradeRuleAgreementTests {
    static let crs = "astct-2019-crs", icans = "astct-2019-icans"

    static func assessment(patient: String, hour: Int, celsius: Double, ice: Int) throws -> JSONValue {
        let time = String(format: "2026-11-22T%02d:00:00+08:00", hour)
        return try JSONParser.parse(bytes: Array(#"{"patient": {"id": "\#(patient)", "ageYears": 54, "developmentalDelay": false}, "time": "\#(time)", "vitals": {"temperature": {"value": \#(celsius), "unit": "C"}, "hypotension": false, "spo2": 97}, "support": {"vasopressors": [], "oxygen": {"device": "roomAir"}}, "neuro": {"ice": {"total": \#(ice)}, "consciousness": "alert", "seizure": "none", "motorWeakness": "none", "cerebralEdema": "none", "posturing": false, "cranialNerveVIPalsy": false, "papilledema": false, "cushingsTriad": false}, "treatments": {"tocilizumab": false, "corticosteroids": false, "antipyretics": false, "anakinra": false}}"#.utf8))
    }

    /// A random history of three patients: entries (some late), corrections of current, older and
    /// corrected entries, overrides of CRS and ICANS on current, older and superseded grades, and
    /// overrides naming an assessment or another override.
    static func history(seed: UInt64, operations: Int, into store: SQLiteEventStore) throws {
        var random = SplitMix64(seed: seed)
        let criteria = try CriteriaSet.bundled()
        let now = ClinicalTime(iso8601: "2026-11-23T08:00:00+08:00")!
        let nurse = LogRecorder(store: store, criteria: criteria, signedIn: .unauthenticated(Author(id: "nurse-bo", role: .nurse)), now: { now })
        let doctor = LogRecorder(store: store, criteria: criteria, signedIn: .unauthenticated(Author(id: "dr-wang", role: .physician)), now: { now })
        let patients = ["P-1", "P-2", "P-3"]
        var entries: [String: [RecordedEvent]] = [:], grades: [String: [Int64]] = [:], overrides: [String: [RecordedEvent]] = [:]
        var hour: [String: Int] = [:]
        func assessment(_ patient: String) throws -> JSONValue {
            hour[patient] = max(0, min(23, (hour[patient] ?? 8) + Int.random(in: -2...3, using: &random)))
            return try Self.assessment(patient: patient, hour: hour[patient]!, celsius: [37.0, 38.6].randomElement(using: &random)!,
                                       ice: [10, 7, 5, 2].randomElement(using: &random)!)
        }
        for patient in patients {
            _ = try nurse.event(kind: .infusion, patient: patient, time: "2026-11-21T08:00:00+08:00",
                                data: .object([("product", .string("CAR-T"))]), reason: "per protocol")
        }
        for _ in 0..<operations {
            let patient = patients.randomElement(using: &random)!
            switch Int.random(in: 0..<12, using: &random) {
            case 0..<4:
                guard case .recorded(_, _, let seqs) = try nurse.record(try assessment(patient)), let entry = try store.event(seq: seqs[0])
                else { throw NotRecorded() }
                entries[patient, default: []].append(entry)
                grades[patient, default: []].append(seqs[1])
            case 4..<6:
                guard let target = Bool.random(using: &random) ? entries[patient]?.last : entries[patient]?.randomElement(using: &random)
                else { continue }
                let written = try nurse.correct(seq: target.seq, with: try assessment(patient), reason: "re-measured").get()
                entries[patient, default: []].append(written[0])
                grades[patient, default: []].append(written[1].seq)
            case 6..<10:
                guard let target = grades[patient]?.randomElement(using: &random) else { continue }
                let written = try doctor.override(seq: target, criteria: Bool.random(using: &random) ? Self.crs : Self.icans, term: nil,
                                                  grade: Int.random(in: 0...4, using: &random), reason: "on the ward round")
                overrides[patient, default: []].append(written)
            default:
                // An override naming an assessment or another override: never applied.
                guard let target = ((entries[patient] ?? []) + (overrides[patient] ?? [])).randomElement(using: &random) else { continue }
                _ = try store.append([EventDraft(kind: .override, patient: patient, clinicalTime: target.clinicalTime,
                                                 payload: EventPayload.override(supersedes: target.id, supersedesSeq: target.seq, criteria: Self.crs,
                                                                                term: nil, computedGrade: 0, grade: 5, reason: "names no grades event"))],
                                     author: Author(id: "dr-wang", role: .physician))
            }
        }
    }

    struct NotRecorded: Error {}

    /// A grade as each place shows it.
    struct Shown: Equatable, CustomStringConvertible {
        var grade: Int?
        var overridden: Bool
        var description: String { "\(grade.map(String.init) ?? "?")\(overridden ? "⚑" : "")" }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func everyPlaceAgrees(seed: UInt64) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-rule-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteEventStore(path: directory.appendingPathComponent("aegrade.db").path, mode: .readWrite(create: true))
        // Given a random corrected-and-overridden history
        try Self.history(seed: seed, operations: 80, into: store)
        let events = try store.allEvents()
        #expect(events.contains { $0.kind == .correction } && events.contains { $0.kind == .override }, "seed \(seed)")

        // When every place reads it
        var decoded = Replay(lookup: try store.replayLookup())
        for event in events { _ = decoded.fold(event) }
        let replays = [("log replay", try store.replay(rangeSize: 7)), ("decoded fold", decoded)]
        let heads = try store.boardHeads(definiteOf: [Self.crs, Self.icans]).replay
        let facts = TrialLog(events, asOf: ClinicalTime(iso8601: "2030-01-01T00:00:00Z")!).subjects
        let now = ClinicalTime(iso8601: "2026-11-23T08:00:00+08:00")!

        for id in ["P-1", "P-2", "P-3"] {
            // The rules: every standing grades event, by its seq.
            let points = try #require(facts[id]).effectiveGrades()
            var standing: [Int64: [String: Shown]] = [:]
            for point in points where point.term == nil { standing[point.seq, default: [:]][point.criteria] = Shown(grade: point.grade, overridden: point.overridden) }
            // The grades event standing for each assessment, as the log says (the latest grading it).
            var gradesOf: [Int64: Int64] = [:]
            for event in events where event.kind == .grades && event.patient == id { if let of = event.observationSeq { gradesOf[of] = event.seq } }

            for (name, replay) in replays {
                let patient = try #require(replay.patients[id], "seed \(seed): \(name) has no \(id)")
                // Then the replay's current grades are the rules' grades of the same grades event
                if let gradesSeq = patient.latestGradesSeq {
                    for criteria in [Self.crs, Self.icans] {
                        let shown = patient.grades[criteria].map { Shown(grade: $0.grade, overridden: $0.overridden) }
                        #expect(shown == standing[gradesSeq]?[criteria], "seed \(seed), \(id), \(name), \(criteria) of grades #\(gradesSeq)")
                    }
                }
                // And its worst grade is the worst standing grade the rules have
                for criteria in [Self.crs, Self.icans] {
                    let worst = standing.values.compactMap { $0[criteria]?.grade }.filter { (0...5).contains($0) }.max()
                    #expect(patient.worst[criteria] == worst, "seed \(seed), \(id), \(name), worst \(criteria)")
                }
            }

            // And the timeline lists the standing assessments with the rules' grades
            let timeline = PatientTimeline(patient: id, events: events, now: now)
            let listed = Set(timeline.assessments.compactMap { gradesOf[$0.seq] })
            #expect(listed == Set(standing.keys), "seed \(seed), \(id): the timeline's standing assessments")
            for assessment in timeline.assessments {
                guard let gradesSeq = gradesOf[assessment.seq] else { continue }
                #expect(Shown(grade: assessment.crs.value, overridden: assessment.crs.overridden) == standing[gradesSeq]?[Self.crs],
                        "seed \(seed), \(id), timeline CRS of #\(assessment.seq)")
                #expect(Shown(grade: assessment.icans.value, overridden: assessment.icans.overridden) == standing[gradesSeq]?[Self.icans],
                        "seed \(seed), \(id), timeline ICANS of #\(assessment.seq)")
            }

            // And the board's first frame shows what the whole fold shows (the definite grade before
            // the last, for the trend, is not compared: after a correction the whole fold knows it
            // again only from the next definite grade, while the first frame reads fewer grades)
            let full = try #require(decoded.patients[id]), head = try #require(heads.patients[id], "seed \(seed): no \(id) on the first frame")
            #expect(head.latestObservationSeq == full.latestObservationSeq, "seed \(seed), \(id), first frame: current assessment")
            #expect(head.latestGradesSeq == full.latestGradesSeq, "seed \(seed), \(id), first frame: current grades event")
            #expect(head.infusion?.seq == full.infusion?.seq && head.death?.seq == full.death?.seq, "seed \(seed), \(id), first frame")
            for criteria in [Self.crs, Self.icans] {
                #expect(head.grades[criteria] == full.grades[criteria], "seed \(seed), \(id), first frame: \(criteria)")
                #expect(head.lastDefinite[criteria] == full.lastDefinite[criteria], "seed \(seed), \(id), first frame: last definite \(criteria)")
            }
        }
    }
}
