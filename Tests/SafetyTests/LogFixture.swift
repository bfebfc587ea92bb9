import Clinical
@testable import Safety

/// A hand-built trial log: events as the EventLog would store them, without a database.
///
/// Each event is recorded one minute after its clinical time unless `recordedAt` says otherwise, so
/// that "as of" evaluations can cut the log by record time.
struct LogFixture {
    private(set) var events: [RecordedEvent] = []

    /// One graded result of a `grades` event.
    struct Result {
        let criteria: String
        let term: String?
        let grade: Int?

        static func crs(_ grade: Int?) -> Result { Result(criteria: "astct-2019-crs", term: nil, grade: grade) }
        static func icans(_ grade: Int?) -> Result { Result(criteria: "astct-2019-icans", term: nil, grade: grade) }

        var json: JSONValue {
            var members: [(String, JSONValue)] = [("criteria", .string(criteria)), ("version", .string("1.0.0")), ("hash", .string("sha256:test"))]
            if let term { members.append(("term", .string(term))) }
            members.append(("grade", grade.map { .number(Double($0)) } ?? .null))
            return .object(members)
        }
    }

    @discardableResult
    mutating func append(_ kind: EventKind, _ patient: String?, at time: String?, _ payload: JSONValue,
                         recordedAt: String? = nil) -> RecordedEvent {
        let seq = Int64(events.count + 1)
        let recordTime = recordedAt
            ?? time.flatMap(ClinicalTime.init(iso8601:)).map { ClinicalTime(secondsSinceEpoch: $0.secondsSinceEpoch + 60).utcText }
            ?? events.last?.recordTime ?? "2026-01-01T00:00:00Z"
        let event = RecordedEvent(seq: seq, id: "event-\(seq)", kind: kind, patient: patient, clinicalTime: time, recordTime: recordTime,
                                  timeZone: "Asia/Shanghai +08:00", author: Author(id: "nurse1", role: .nurse), terminal: "test",
                                  productVersion: "test", payload: payload, prevHash: "", hash: "")
        events.append(event)
        return event
    }

    mutating func enroll(_ patient: String, at time: String, cohort: String? = nil) {
        append(.enrollment, patient, at: time, EventPayload.enrollment(cohort: cohort))
    }

    mutating func infuse(_ patient: String, at time: String, cohort: String? = nil) {
        append(.infusion, patient, at: time, EventPayload.infusion(product: "LOT-\(patient)", dose: "1e6 CAR+ cells/kg", cohort: cohort))
    }

    /// An observation and the grades it produced.
    @discardableResult
    mutating func assess(_ patient: String, at time: String, _ results: Result..., recordedAt: String? = nil) -> (observation: RecordedEvent, grades: RecordedEvent) {
        let observation = append(.observation, patient, at: time, EventPayload.observation(.object([])), recordedAt: recordedAt)
        let grades = append(.grades, patient, at: time,
                            EventPayload.grades(observation: observation.id, observationSeq: observation.seq, results: results.map(\.json)),
                            recordedAt: recordedAt)
        return (observation, grades)
    }

    /// A correction of `superseded` and the grades it produced.
    @discardableResult
    mutating func correct(_ superseded: RecordedEvent, at time: String? = nil, _ results: Result..., recordedAt: String? = nil)
        -> (correction: RecordedEvent, grades: RecordedEvent) {
        let clinical = time ?? superseded.clinicalTime
        let correction = append(.correction, superseded.patient, at: clinical,
                                EventPayload.correction(supersedes: superseded.id, supersedesSeq: superseded.seq, reason: "typo in the chart",
                                                        assessment: .object([])), recordedAt: recordedAt)
        let grades = append(.grades, superseded.patient, at: clinical,
                            EventPayload.grades(observation: correction.id, observationSeq: correction.seq, results: results.map(\.json)),
                            recordedAt: recordedAt)
        return (correction, grades)
    }

    /// A clinician's grade replacing one result of `target` (a grades event or an earlier override).
    @discardableResult
    mutating func override(_ target: RecordedEvent, criteria: String, term: String? = nil, grade: Int, recordedAt: String? = nil) -> RecordedEvent {
        append(.override, target.patient, at: target.clinicalTime,
               EventPayload.override(supersedes: target.id, supersedesSeq: target.seq, criteria: criteria, term: term, computedGrade: nil,
                                     grade: grade, reason: "clinical judgement"), recordedAt: recordedAt)
    }

    mutating func treat(_ patient: String, at time: String, drug: String) {
        append(.treatment, patient, at: time, EventPayload.treatment(drug: drug))
    }

    mutating func die(_ patient: String, at time: String, cause: String) {
        append(.death, patient, at: time, EventPayload.death(cause: cause))
    }

    mutating func rcl(_ patient: String?, at time: String) {
        append(.rclDetected, patient, at: time, EventPayload.rclDetected(assay: "VSV-G qPCR"))
    }

    mutating func manufacturingFailure(_ patient: String, at time: String, reason: String, replaced: Bool?) {
        append(.manufacturingFailure, patient, at: time, EventPayload.manufacturingFailure(reason: reason, replaced: replaced))
    }
}

/// Parses a fixture time (they are all valid).
func at(_ text: String) -> ClinicalTime { ClinicalTime(iso8601: text)! }
