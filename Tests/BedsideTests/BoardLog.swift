@testable import Bedside
import Clinical
@testable import EventLog
import Foundation
import Grading
import Safety

/// A fresh log in a temporary directory for one board test, written through the product's
/// recorder, and a clock the test moves by hand.
final class BoardLog {
    let directory: URL
    let store: SQLiteEventStore
    let criteria: CriteriaSet
    var clock: ClinicalTime

    init(now: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-boardlog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteEventStore(path: directory.appendingPathComponent("log.db").path, mode: .readWrite(create: true))
        criteria = try CriteriaSet.bundled()
        clock = try require_time(now)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var path: String { directory.appendingPathComponent("log.db").path }

    var recorder: LogRecorder { LogRecorder(store: store, criteria: criteria, signedIn: .unauthenticated(Author(id: "nurse.li", role: .nurse))) }

    /// Records one assessment (JSON as `aegrade record` reads it); returns the seqs written.
    @discardableResult
    func assess(_ json: String) throws -> [Int64] {
        guard case .recorded(_, _, let seqs) = try recorder.record(try JSONParser.parse(json)) else {
            throw EventLogError.refused("the test's assessment was rejected: \(json)")
        }
        return seqs
    }

    func infuse(_ patient: String, at time: String) throws {
        _ = try recorder.event(kind: .infusion, patient: patient, time: time,
                               data: EventPayload.infusion(product: "LOT-T", dose: "1e6/kg", cohort: "DL1"), reason: "per protocol")
    }

    /// The demo's protocol (an assessment is overdue after 12 hours).
    func demoProtocol() throws -> TrialProtocol {
        try TrialProtocol.load(bytes: Array(DemoProtocol.text.utf8), name: "protocol.yaml", criteria: criteria)
    }

    func context(trial: TrialProtocol? = nil) throws -> BedsideContext {
        try BedsideContext(store: store, criteria: criteria, trial: trial, signedIn: .unauthenticated(Author(id: "dr.wang", role: .physician)), colors: false,
                           now: { [unowned self] in self.clock })
    }

    /// Moves the clock on.
    func advance(seconds: Double) {
        clock = ClinicalTime(secondsSinceEpoch: clock.secondsSinceEpoch + seconds, offsetSeconds: clock.offsetSeconds)
    }

    // MARK: - Assessments

    static let clearNeuro = #""neuro":{"ice":{"total":10},"consciousness":"alert","seizure":"none","motorWeakness":"none","cerebralEdema":"none","posturing":false,"cranialNerveVIPalsy":false,"papilledema":false,"cushingsTriad":false}"#

    /// Febrile on two vasopressors (CRS 4), neuro clear (ICANS 0).
    static func twoPressors(_ patient: String, at time: String) -> String {
        #"{"patient":{"id":""# + patient + #"","ageYears":58},"time":""# + time + #"","vitals":{"temperature":{"value":39.4,"unit":"C"},"hypotension":true},"support":{"vasopressors":[{"drug":"norepinephrine","dose":0.2,"unit":"mcg/kg/min"},{"drug":"epinephrine","dose":0.05,"unit":"mcg/kg/min"}],"oxygen":{"device":"roomAir"}},"#
            + clearNeuro + "}"
    }

    /// Febrile on one vasopressor (CRS 3), neuro clear.
    static func onePressor(_ patient: String, at time: String) -> String {
        #"{"patient":{"id":""# + patient + #"","ageYears":58},"time":""# + time + #"","vitals":{"temperature":{"value":38.9,"unit":"C"},"hypotension":true},"support":{"vasopressors":[{"drug":"norepinephrine","dose":0.1,"unit":"mcg/kg/min"}],"oxygen":{"device":"roomAir"}},"#
            + clearNeuro + "}"
    }

    /// Afebrile and well (CRS 0, ICANS 0).
    static func well(_ patient: String, at time: String) -> String {
        #"{"patient":{"id":""# + patient + #"","ageYears":40},"time":""# + time + #"","vitals":{"temperature":{"value":37.0,"unit":"C"},"hypotension":false},"support":{"vasopressors":[],"oxygen":{"device":"roomAir"}},"#
            + clearNeuro + "}"
    }

    /// A temperature alone: CRS and ICANS not assessable.
    static func temperatureOnly(_ patient: String, at time: String, celsius: Double = 37.2) -> String {
        #"{"patient":{"id":""# + patient + #"","ageYears":58},"time":""# + time + #"","vitals":{"temperature":{"value":"# + "\(celsius)" + #","unit":"C"}}}"#
    }
}

/// The time `text` names; a test with a mistyped time fails here.
func require_time(_ text: String) throws -> ClinicalTime {
    guard let time = ClinicalTime(iso8601: text) else { throw EventLogError.refused("not a time: \(text)") }
    return time
}
