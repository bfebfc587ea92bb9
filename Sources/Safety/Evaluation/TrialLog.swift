import Clinical

/// The facts Safety reads from a log, gathered per subject in one pass over the events.
///
/// Built from any sequence of ``RecordedEvent`` (a live log, a replay, a test fixture), so every
/// evaluation above it is a pure function of the events and the evaluation time. Events whose
/// record time is after `asOf` are left out: evaluating "as of T" sees what was known at T.
struct TrialLog {
    /// Per patient id.
    var subjects: [String: SubjectFacts] = [:]
    /// `rclDetected` events without a patient (a trial-level finding), by clinical time.
    var trialLevelRCL: [ClinicalTime] = []

    init(_ events: some Sequence<RecordedEvent>, asOf: ClinicalTime) {
        for event in events {
            if let recorded = event.recordInstant, recorded > asOf { continue }
            add(event)
        }
    }

    private mutating func add(_ event: RecordedEvent) {
        let time = event.clinicalInstant
        guard let patient = event.patient else {
            if event.kind == .rclDetected, let time { trialLevelRCL.append(time) }
            return
        }
        switch event.kind {
        case .enrollment:
            subjects[patient, default: SubjectFacts()].enrollment(time: time, seq: event.seq, cohort: event.cohort)
        case .infusion:
            guard let time else { return }
            subjects[patient, default: SubjectFacts()].infusion(
                SubjectFacts.Infusion(time: time, seq: event.seq, product: event.payloadString(.product),
                                      dose: event.payloadString(.dose), cohort: event.cohort))
        case .observation, .correction:
            subjects[patient, default: SubjectFacts()].assessments.append(SubjectFacts.Assessment(id: event.id, seq: event.seq, time: time))
            if event.kind == .correction {
                subjects[patient, default: SubjectFacts()].corrections.append(
                    SubjectFacts.Correction(seq: event.seq, targetSeq: event.supersedesSeq, target: event.supersedes))
            }
        case .grades:
            subjects[patient, default: SubjectFacts()].grades.append(
                SubjectFacts.Grades(id: event.id, seq: event.seq, observation: event.gradedObservation,
                                    observationSeq: event.observationSeq, time: time, results: event.loggedGrades))
        case .override:
            guard let grade = event.loggedGrades.first, event.supersedesSeq != nil || event.supersedes != nil else { return }
            subjects[patient, default: SubjectFacts()].overrides.append(
                SubjectFacts.Override(id: event.id, seq: event.seq, targetSeq: event.supersedesSeq, target: event.supersedes ?? "", grade: grade))
        case .treatment:
            guard let time, let drug = event.drug else { return }
            subjects[patient, default: SubjectFacts()].treatments.append(
                TreatmentGiven(time: time, seq: event.seq, drug: drug, dose: event.payloadString(.dose)))
        case .death:
            guard let time else { return }
            subjects[patient, default: SubjectFacts()].deaths.append(SubjectFacts.Dated(time: time, seq: event.seq, text: event.deathCause))
        case .rclDetected:
            guard let time else { return }
            subjects[patient, default: SubjectFacts()].rcl.append(SubjectFacts.Dated(time: time, seq: event.seq, text: event.payloadString(.assay)))
        case .manufacturingFailure:
            subjects[patient, default: SubjectFacts()].failures.append(
                SubjectFacts.Failure(time: time, seq: event.seq, reason: event.failureReason ?? "not stated", replaced: event.replaced))
        case .genesis, .note, .ruleStatus, .userAdmin, .login, .security, .signature, .logKey, .clockAnomaly:
            break
        }
    }
}

/// What the log says about one subject, before evaluation.
struct SubjectFacts {
    struct Infusion {
        var time: ClinicalTime
        var seq: Int64
        var product: String?
        var dose: String?
        var cohort: String?
    }

    struct Assessment {
        var id: String
        var seq: Int64
        var time: ClinicalTime?
    }

    struct Grades {
        var id: String
        var seq: Int64
        var observation: String?
        var observationSeq: Int64?
        var time: ClinicalTime?
        var results: [LoggedGrade]
    }

    /// An override: the grades event it names, by seq (and id), and the grade it gives.
    struct Override {
        var id: String
        var seq: Int64
        var targetSeq: Int64?
        var target: String
        var grade: LoggedGrade
    }

    /// A correction: the assessment it supersedes, by seq (and id).
    struct Correction {
        var seq: Int64
        var targetSeq: Int64?
        var target: String?
    }

    struct Dated {
        var time: ClinicalTime
        var seq: Int64
        var text: String?
    }

    struct Failure {
        var time: ClinicalTime?
        var seq: Int64
        var reason: String
        var replaced: Bool?
    }

    var enrolled: ClinicalTime?
    var enrolmentCohort: String?
    /// The first infusion (day 0); a later infusion event does not move day 0.
    var infusion: Infusion?
    /// Observations and corrections, in log order.
    var assessments: [Assessment] = []
    /// Corrections, in log order (their grades follow them as `grades`).
    var corrections: [Correction] = []
    var grades: [Grades] = []
    var overrides: [Override] = []
    var treatments: [TreatmentGiven] = []
    var deaths: [Dated] = []
    var rcl: [Dated] = []
    var failures: [Failure] = []

    mutating func enrollment(time: ClinicalTime?, seq: Int64, cohort: String?) {
        if enrolled == nil { enrolled = time }
        if let cohort { enrolmentCohort = cohort }
    }

    mutating func infusion(_ new: Infusion) {
        if let current = infusion, (current.time, current.seq) <= (new.time, new.seq) { return }
        infusion = new
    }

    /// The dose cohort: the infusion's, else the enrolment's.
    var cohort: String? { infusion?.cohort ?? enrolmentCohort }

    /// The first death, if any.
    var death: Dated? { deaths.min { ($0.time, $0.seq) < ($1.time, $1.seq) } }
}

/// A treatment given to a subject (tocilizumab, corticosteroids, anakinra, ...).
package struct TreatmentGiven: Sendable, Equatable {
    package let time: ClinicalTime
    package let seq: Int64
    package let drug: String
    package let dose: String?

    package init(time: ClinicalTime, seq: Int64, drug: String, dose: String?) {
        self.time = time
        self.seq = seq
        self.drug = drug
        self.dose = dose
    }
}
