import Clinical
import EventLog

/// What each patient's state must be after a prefix of the log, computed from the whole prefix
/// of decoded events at once, as the rules read: the reference that the replay's incremental,
/// numbered fold is held to.
///
/// - The current observation: observations and corrections in seq order; one becomes current
///   unless it is clinically earlier than the current one (a late entry); a correction of the
///   current observation becomes current whatever its time.
/// - The current grades: those of the grades event of the current observation, each overridden by
///   the last override of it so far; the previous grades are the current grades at the moment the
///   current observation became current.
/// - The worst grade per key: the highest standing grade (computed, or overridden by the last
///   override) of the latest grades event of every observation no correction has superseded.
enum ReferenceReplay {
    /// A grade as it stands.
    struct Standing: Equatable, CustomStringConvertible {
        var grade: Int?
        var seq: Int64
        var overridden: Bool
        var description: String { "\(grade.map(String.init) ?? "null")@\(seq)\(overridden ? " overridden" : "")" }
    }

    struct Patient: Equatable {
        var latestObservationSeq: Int64?
        var latestGradesSeq: Int64?
        var grades: [String: Standing] = [:]
        var previousGrades: [String: Standing] = [:]
        var worst: [String: Int] = [:]
        var corrections: [Int64] = []
        var overrides: [Int64] = []
        var infusionSeq: Int64?
        var deathSeq: Int64?
        var lastSeq: Int64 = 0
    }

    /// The replay's patient in the reference's terms.
    static func view(_ patient: Replay.Patient) -> Patient {
        func standing(_ grades: [String: Replay.Grade]) -> [String: Standing] {
            grades.mapValues { Standing(grade: $0.grade, seq: $0.seq, overridden: $0.overridden) }
        }
        return Patient(latestObservationSeq: patient.latestObservationSeq, latestGradesSeq: patient.latestGradesSeq,
                       grades: standing(patient.grades), previousGrades: standing(patient.previousGrades), worst: patient.worst,
                       corrections: patient.corrections.map(\.seq), overrides: patient.overrides.map(\.seq),
                       infusionSeq: patient.infusion?.seq, deathSeq: patient.death?.seq, lastSeq: patient.lastSeq)
    }

    static func key(_ logged: LoggedGrade) -> String { logged.term.map { "\(logged.criteria)/\($0)" } ?? logged.criteria }

    static func seq(_ value: JSONValue?) -> Int64? {
        if case .number(let number)? = value { return Int64(exactly: number) }
        return nil
    }

    /// The state of every patient after `events` (a prefix of the log, in seq order).
    static func state(after events: [RecordedEvent]) -> [String: Patient] {
        let bySeq = Dictionary(events.map { ($0.seq, $0) }, uniquingKeysWith: { first, _ in first })
        /// The grades of a grades event standing just before `seq`.
        func standing(_ grades: RecordedEvent, before seq: Int64) -> [String: Standing] {
            var standing: [String: Standing] = [:]
            for logged in grades.loggedGrades { standing[key(logged)] = Standing(grade: logged.grade, seq: grades.seq, overridden: false) }
            for override in events where override.kind == .override && override.seq < seq
                && Self.seq(override.payload[.supersedesSeq]) == grades.seq {
                if let logged = override.loggedGrades.first { standing[key(logged)] = Standing(grade: logged.grade, seq: override.seq, overridden: true) }
            }
            return standing
        }
        var patients: [String: Patient] = [:]
        for event in events {
            guard let id = event.patient else { continue }
            var patient = patients[id] ?? Patient()
            patient.lastSeq = event.seq
            let latest = patient.latestObservationSeq.flatMap { bySeq[$0] }
            func becomeCurrent() {
                if let current = latest?.clinicalInstant, let time = event.clinicalInstant, time < current { return }
                let grades = patient.latestGradesSeq.flatMap { bySeq[$0] }.map { standing($0, before: event.seq) } ?? [:]
                if !grades.isEmpty { patient.previousGrades = grades }
                patient.latestObservationSeq = event.seq
                patient.latestGradesSeq = nil
            }
            switch event.kind {
            case .observation:
                becomeCurrent()
            case .correction:
                patient.corrections.append(event.seq)
                if let target = seq(event.payload[.supersedesSeq]), target == patient.latestObservationSeq {
                    patient.latestObservationSeq = event.seq
                    patient.latestGradesSeq = nil
                } else {
                    becomeCurrent()
                }
            case .grades:
                if seq(event.payload[.observationSeq]) == patient.latestObservationSeq { patient.latestGradesSeq = event.seq }
            case .override:
                patient.overrides.append(event.seq)
            case .infusion:
                patient.infusionSeq = event.seq
            case .death:
                patient.deathSeq = event.seq
            default:
                break
            }
            patients[id] = patient
        }
        let end = (events.last?.seq ?? 0) + 1
        let superseded = Set(events.filter { $0.kind == .correction }.compactMap { seq($0.payload[.supersedesSeq]) })
        for (id, var patient) in patients {
            patient.grades = patient.latestGradesSeq.flatMap { bySeq[$0] }.map { standing($0, before: end) } ?? [:]
            // The latest grades event of each observation stands (a re-grade replaces the earlier one).
            var latestGrades: [Int64: Int64] = [:]
            for grades in events where grades.kind == .grades { if let observation = seq(grades.payload[.observationSeq]) { latestGrades[observation] = grades.seq } }
            for grades in events where grades.kind == .grades && grades.patient == id {
                guard let observation = seq(grades.payload[.observationSeq]), !superseded.contains(observation),
                      latestGrades[observation] == grades.seq else { continue }
                for (key, standing) in standing(grades, before: end) {
                    guard let grade = standing.grade, (0...5).contains(grade) else { continue }
                    patient.worst[key] = max(patient.worst[key] ?? grade, grade)
                }
            }
            patients[id] = patient
        }
        return patients
    }
}
