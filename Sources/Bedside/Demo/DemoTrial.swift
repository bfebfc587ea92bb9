import Clinical
import EventLog
import Foundation
import Grading
import Localization
import Safety

/// `aegrade demo DIR`: a demo trial a newcomer can open at once — `DIR/aegrade.db` and
/// `DIR/protocol.yaml`.
///
/// Eight synthetic subjects in two dose cohorts over the two weeks before `now`: enrolment,
/// infusion, assessments every 4 hours in the first week and every 8 after, CRS and ICANS episodes
/// of grades 0 to 4 treated with tocilizumab and corticosteroids, one correction, one override, one
/// manufacturing failure (replaced), one subject waiting for infusion, one overdue assessment, and
/// the sentinel DLT rule tripped with its `ruleStatus` event. The staff are accounts of the log
/// (``DemoStaff``), signed in through the ``Authenticator``; every event is appended through
/// ``LogRecorder`` and the store, graded with the bundled criteria, so the chain verifies; record
/// times are the real clock (the store sets them), clinical times are relative to `now` at its UTC
/// offset. The same `now` gives the same trial (seeded).
package enum DemoTrial {
    package static let logName = "aegrade.db"
    package static let protocolName = "protocol.yaml"
    /// The laboratory import account's service key (``DemoStaff/laboratory``), for `aegrade record --key`.
    package static let importKeyName = "lab-import.key"
    static let seed: UInt64 = 0xAE_6AD_E2026

    static let investigator = Author(id: DemoStaff.investigator.id, role: DemoStaff.investigator.role)
    static let physician = Author(id: DemoStaff.physician.id, role: DemoStaff.physician.role)
    static let dayNurse = Author(id: DemoStaff.dayNurse.id, role: DemoStaff.dayNurse.role)
    static let nightNurse = Author(id: DemoStaff.nightNurse.id, role: DemoStaff.nightNurse.role)

    /// An account of the demo with the one-time password to hand over (printed once, in no event).
    package struct Handover: Sendable, Equatable {
        package let user: String
        package let name: String
        package let role: Role
        package let oneTimePassword: String
    }

    /// Writes the demo log and protocol into `directory` (created if missing); returns the
    /// accounts with their one-time passwords.
    ///
    /// - Throws: ``DemoError/exists(path:)`` when `DIR/aegrade.db` or `DIR/protocol.yaml` exists (a
    ///   log is never written over); the store's, the authenticator's and the recorder's errors as
    ///   they arise.
    @discardableResult
    package static func write(to directory: String, now: ClinicalTime) throws -> [Handover] {
        let folder = URL(fileURLWithPath: directory)
        let logPath = folder.appendingPathComponent(logName).path
        let protocolPath = folder.appendingPathComponent(protocolName).path
        let keyPath = folder.appendingPathComponent(importKeyName).path
        for path in [logPath, protocolPath, keyPath] where FileManager.default.fileExists(atPath: path) {
            throw DemoError.exists(path: path)
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let criteria = try CriteriaSet.bundled()
        let trial = try TrialProtocol.load(bytes: Array(DemoProtocol.text.utf8), name: protocolName, criteria: criteria)
        try DemoProtocol.text.write(toFile: protocolPath, atomically: true, encoding: .utf8)
        let store = try SQLiteEventStore(path: logPath, mode: .readWrite(create: true))
        let staff = try DemoStaff.create(on: store, criteria: criteria)
        var writer = DemoWriter(store: store, criteria: criteria, trial: trial, now: now, staff: staff.members)
        try writer.write(plan(now: now))
        try DemoStaff.importKey(staff, on: store, criteria: criteria).write(path: keyPath)
        return try DemoStaff.handOver(staff, on: store, criteria: criteria)
    }

    /// One entry of the demo, in the order the log receives them.
    struct Step {
        enum Action {
            case enrol(DemoPatient)
            case infuse(DemoPatient, time: ClinicalTime)
            case assess(JSONValue, tag: String?)
            case correct(tag: String, JSONValue, reason: String)
            case override(tag: String, criteria: String, grade: Int, reason: String)
            case treat(patient: String, time: ClinicalTime, drug: String, dose: String, reason: String)
            case failure(patient: String, time: ClinicalTime, reason: String, replaced: Bool)
        }

        /// When the entry is made (its place in the log); its clinical time may be earlier.
        let at: Double
        let author: Author
        let action: Action
    }

    /// Every entry of the demo, ordered by when it is made.
    static func plan(now: ClinicalTime) -> [Step] {
        var random = DemoRandom(seed: seed)
        let hour = (now.secondsSinceEpoch / 3600).rounded(.down) * 3600
        func time(hoursBeforeNow: Double) -> ClinicalTime {
            ClinicalTime(secondsSinceEpoch: hour - hoursBeforeNow * 3600, offsetSeconds: now.offsetSeconds)
        }
        func nurse(_ time: ClinicalTime) -> Author {
            let local = ClockText.fields(time.secondsSinceEpoch, offset: time.offsetSeconds)
            return (8..<20).contains(local.hour) ? dayNurse : nightNurse
        }
        var steps: [Step] = []
        func add(_ time: ClinicalTime, _ author: Author, _ action: Step.Action, after minutes: Double = 0) {
            steps.append(Step(at: time.secondsSinceEpoch + minutes * 60, author: author, action: action))
        }
        for var patient in DemoPatient.cast {
            add(time(hoursBeforeNow: Double(patient.enrolled)), investigator, .enrol(patient))
            if let failure = patient.failure {
                add(time(hoursBeforeNow: Double(failure.hours)), investigator,
                    .failure(patient: patient.id, time: time(hoursBeforeNow: Double(failure.hours)), reason: failure.reason, replaced: failure.replaced))
            }
            if let screening = patient.screening {
                let at = time(hoursBeforeNow: Double(screening))
                add(at, nurse(at), .assess(DemoAssessment(patient: patient, time: at, crs: 0, icans: 0, given: []).json(&random), tag: nil))
            }
            guard let infused = patient.infused else { continue }
            let infusion = time(hoursBeforeNow: Double(infused))
            let baseline = time(hoursBeforeNow: Double(infused + 2))
            add(baseline, nurse(baseline), .assess(DemoAssessment(patient: patient, time: baseline, crs: 0, icans: 0, given: []).json(&random), tag: nil))
            add(infusion, dayNurse, .infuse(patient, time: infusion))
            patient.infusionText = ClockText.iso(infusion)
            for (hours, drug, dose, reason) in patient.treatments {
                let at = ClinicalTime(secondsSinceEpoch: infusion.secondsSinceEpoch + Double(hours) * 3600 + 1800, offsetSeconds: now.offsetSeconds)
                add(at, physician, .treat(patient: patient.id, time: at, drug: drug, dose: dose, reason: reason))
            }
            for hours in DemoPatient.schedule(upTo: infused - patient.lagHours) {
                let at = ClinicalTime(secondsSinceEpoch: infusion.secondsSinceEpoch + Double(hours) * 3600, offsetSeconds: now.offsetSeconds)
                let grades = patient.grades(at: hours)
                var assessment = DemoAssessment(patient: patient, time: at, crs: grades.crs, icans: grades.icans, given: patient.given(at: hours))
                if let typo = patient.typo, typo.hour == hours {
                    // The same findings twice, but for the temperature: as typed, then as measured.
                    var again = random
                    let measured = assessment.json(&random)
                    assessment.typedTemperature = typo.typed
                    let typed = assessment.json(&again)
                    let value = EventText.temperatureC(measured).map(EventText.oneDecimal) ?? "?"
                    add(at, nurse(at), .assess(typed, tag: "typo"))
                    add(at, physician, .correct(tag: "typo", measured,
                                                reason: localized("temperature mistyped: {typed} entered, {measured} measured", ["typed": EventText.oneDecimal(typo.typed), "measured": value])),
                        after: 50)
                    continue
                }
                let tag = patient.override?.hour == hours ? "override" : nil
                add(at, nurse(at), .assess(assessment.json(&random), tag: tag))
                if let override = patient.override, override.hour == hours {
                    add(at, physician, .override(tag: "override", criteria: override.criteria, grade: override.grade, reason: override.reason),
                        after: 30)
                }
            }
        }
        // A stable sort: entries made at one time keep the order they were planned in.
        return steps.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }
}

/// Appends the demo's steps, and a `ruleStatus` event whenever the trial's status changes, as the
/// bedside does after each save.
struct DemoWriter {
    let store: any EventStore
    let criteria: CriteriaSet
    let trial: TrialProtocol
    let now: ClinicalTime
    /// The demo's staff, signed in, by user id.
    let staff: [String: SignedIn]
    /// The log as written so far.
    private(set) var events: [RecordedEvent] = []
    /// The observation and grades sequence numbers of tagged assessments.
    private var tagged: [String: (observation: Int64, grades: Int64)] = [:]

    init(store: any EventStore, criteria: CriteriaSet, trial: TrialProtocol, now: ClinicalTime, staff: [String: SignedIn]) {
        self.staff = staff
        self.store = store
        self.criteria = criteria
        self.trial = trial
        self.now = now
    }

    mutating func write(_ steps: [DemoTrial.Step]) throws {
        try refresh()
        for step in steps {
            try perform(step)
            try refresh()
            // The status is evaluated at the real clock, which every record time precedes, and
            // logged as aegrade's own conclusion.
            let clock = ClinicalTime(secondsSinceEpoch: max(now.secondsSinceEpoch, Date().timeIntervalSince1970), offsetSeconds: now.offsetSeconds)
            let system = LogRecorder(store: store, criteria: criteria, signedIn: .system, now: { clock })
            if try system.appendRuleFollowUp(trial, events: events, asOf: clock) != nil {
                try refresh()
            }
        }
    }

    private mutating func refresh() throws {
        try store.forEachEvent(from: (events.last?.seq ?? 0) + 1) { events.append($0); return true }
    }

    private mutating func perform(_ step: DemoTrial.Step) throws {
        let clock = now   // the demo's clinical times are planned before its own "now"
        guard let signedIn = staff[step.author.id], signedIn.author == step.author else {
            throw DemoError.stepRejected("the demo has no account \(step.author.id) signed in as \(step.author.role.rawValue) (a bug in the demo)")
        }
        let recorder = LogRecorder(store: store, criteria: criteria, signedIn: signedIn, now: { clock })
        switch step.action {
        case .enrol(let patient):
            _ = try recorder.event(kind: .enrollment, patient: patient.id, time: ClockText.iso(ClinicalTime(secondsSinceEpoch: step.at, offsetSeconds: now.offsetSeconds)),
                                   data: EventPayload.enrollment(cohort: patient.cohort), reason: localized("eligible; informed consent signed"))
        case .infuse(let patient, let time):
            _ = try recorder.event(kind: .infusion, patient: patient.id, time: ClockText.iso(time),
                                   data: EventPayload.infusion(product: "LOT-\(patient.id.dropFirst(2))-A", dose: localized("{n}×10^6 CAR+ T cells/kg", ["n": patient.cohort == "DL1" ? "1" : "2"]),
                                                               cohort: patient.cohort),
                                   reason: localized("infusion per protocol, cohort {cohort}", ["cohort": patient.cohort]))
        case .assess(let json, let tag):
            switch try recorder.record(json) {
            case .recorded(_, _, let seqs):
                if let tag, seqs.count == 2 { tagged[tag] = (seqs[0], seqs[1]) }
            case .rejected(let line):
                throw DemoError.stepRejected("a demo assessment was rejected (a bug in the demo): \(line)")
            }
        case .correct(let tag, let json, let reason):
            guard let target = tagged[tag] else { throw DemoError.stepRejected("the demo has no assessment tagged \(tag)") }
            if case .failure(let error) = try recorder.correct(seq: target.observation, with: json, reason: reason) {
                throw DemoError.stepRejected("a demo correction was rejected (a bug in the demo): \(error)")
            }
        case .override(let tag, let criteriaID, let grade, let reason):
            guard let target = tagged[tag] else { throw DemoError.stepRejected("the demo has no assessment tagged \(tag)") }
            _ = try recorder.override(seq: target.grades, criteria: criteriaID, term: nil, grade: grade, reason: reason)
        case .treat(let patient, let time, let drug, let dose, let reason):
            _ = try recorder.event(kind: .treatment, patient: patient, time: ClockText.iso(time),
                                   data: EventPayload.treatment(drug: drug, dose: dose), reason: reason)
        case .failure(let patient, let time, let reason, let replaced):
            // The failure's reason is the event's reason (the recorder adds it to the payload).
            _ = try recorder.event(kind: .manufacturingFailure, patient: patient, time: ClockText.iso(time),
                                   data: .object([("replaced", .bool(replaced))]), reason: reason)
        }
    }
}
