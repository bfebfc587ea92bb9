import Clinical

/// What the log says about one subject, folded event by event in seq order (``TrialFold``).
///
/// Only what the rules read is kept: the first infusion, deaths, RCL findings, treatments, the
/// first manufacturing failure, and the grades as they stand (``GradeHistory``, keys numbered by
/// the fold) with each standing grades event's clinical time. A grades event's whole results
/// (reasons, missing inputs, hashes) are not kept, and grades that a correction or a re-grade
/// withdrew are dropped as they are withdrawn.
struct SubjectFacts: Sendable {
    struct Infusion: Sendable {
        var time: ClinicalTime
        var seq: Int64
        var product: String?
        var dose: String?
        var cohort: String?
    }

    struct Dated: Sendable {
        var time: ClinicalTime
        var seq: Int64
        var text: String?
    }

    struct Failure: Sendable {
        var time: ClinicalTime?
        var seq: Int64
        var reason: String
        var replaced: Bool?
    }

    var enrolled: ClinicalTime?
    var enrolmentCohort: String?
    /// The first infusion (day 0); a later infusion event does not move day 0.
    var infusion: Infusion?
    var treatments: [TreatmentGiven] = []
    var deaths: [Dated] = []
    var rcl: [Dated] = []
    /// The first manufacturing failure (by seq).
    var failure: Failure?
    /// Corrections, re-grades and overrides folded through the one rule (README, "Corrections and
    /// overrides"), keys numbered by the fold's ``GradeKeyTable``.
    var history = GradeHistory<GradeKeyID>()
    /// The clinical time of each assessment (observation or correction) that has one, by seq: for
    /// the latest standing assessment, and for placing a grades event that carries no time.
    var assessmentTimes: [Int64: ClinicalTime] = [:]
    /// The assessments corrections name (resolved), standing or not.
    var superseded: Set<Int64> = []
    /// The clinical time of each standing grades event, by seq: its own, else its assessment's.
    /// One with neither is not placed (it cannot be put in a window).
    var gradesTimes: [Int64: ClinicalTime] = [:]
    /// Event ids of the subject's assessments and grades events, for the rare payload that names
    /// its target by id only (the log always names it by seq too).
    var names: [EventName: Int64] = [:]
    /// The seq of the last event folded: events come in seq order.
    var lastSeq: Int64 = .min

    /// The dose cohort: the infusion's, else the enrolment's.
    var cohort: String? { infusion?.cohort ?? enrolmentCohort }

    /// The first death, if any.
    var death: Dated? { deaths.min { ($0.time, $0.seq) < ($1.time, $1.seq) } }

    /// Folds one event of this subject, later in seq order than every one folded so far; returns
    /// whether it is a fact about the subject (a subject is in the status from their first one:
    /// an infusion without a time, say, does not make one).
    ///
    /// A payload naming its target by event id alone is resolved among the events folded before
    /// it: an event cannot name one that comes after it in the log.
    @discardableResult
    mutating func add(_ event: RecordedEvent, keys: inout GradeKeyTable) -> Bool {
        lastSeq = event.seq
        let time = event.clinicalInstant
        switch event.kind {
        case .enrollment:
            if enrolled == nil { enrolled = time }
            if let cohort = event.cohort { enrolmentCohort = cohort }
        case .infusion:
            guard let time else { return false }
            let new = Infusion(time: time, seq: event.seq, product: event.payloadString(.product), dose: event.payloadString(.dose),
                               cohort: event.cohort)
            if let current = infusion, (current.time, current.seq) <= (new.time, new.seq) { return true }
            infusion = new
        case .observation:
            assessment(event, time: time)
            history.observation(event.seq)
        case .correction:
            assessment(event, time: time)
            let target = event.supersedesSeq ?? event.supersedes.flatMap(resolve)
            if let target { superseded.insert(target) }
            var withdrawn: [Int64] = []
            history.correction(event.seq, supersedes: target) { change in
                if case .withdrawn(let standing) = change { withdrawn.append(standing.gradesSeq) }
            }
            for seq in withdrawn { gradesTimes[seq] = nil }
        case .grades:
            name(event)
            let assessment = event.observationSeq ?? event.gradedObservation.flatMap(resolve)
            let placed = time ?? assessment.flatMap { assessmentTimes[$0] }
            let results = event.loggedGrades.map { (keys.id(criteria: $0.criteria, term: $0.term), $0.grade) }
            var withdrawn: [Int64] = [], stands: Int64?
            history.grades(event.seq, of: assessment, results: results) { change in
                switch change {
                case .stands(let standing): stands = standing.gradesSeq
                case .withdrawn(let standing): withdrawn.append(standing.gradesSeq)
                case .overridden: break
                }
            }
            for seq in withdrawn { gradesTimes[seq] = nil }
            if let stands, let placed { gradesTimes[stands] = placed }
        case .override:
            guard let grade = event.loggedGrades.first, event.supersedesSeq != nil || event.supersedes != nil else { return false }
            // One naming what no earlier event of the subject is applies to nothing.
            if let target = event.supersedesSeq ?? resolve(event.supersedes ?? "") {
                let key = keys.id(criteria: grade.criteria, term: grade.term)
                history.override(event.seq, of: target, key: key, grade: grade.grade)
            }
        case .treatment:
            guard let time, let drug = event.drug else { return false }
            treatments.append(TreatmentGiven(time: time, seq: event.seq, drug: drug, dose: event.payloadString(.dose)))
        case .death:
            guard let time else { return false }
            deaths.append(Dated(time: time, seq: event.seq, text: event.deathCause))
        case .rclDetected:
            guard let time else { return false }
            rcl.append(Dated(time: time, seq: event.seq, text: event.payloadString(.assay)))
        case .manufacturingFailure:
            if failure == nil {
                failure = Failure(time: time, seq: event.seq, reason: event.failureReason ?? "not stated", replaced: event.replaced)
            }
        case .genesis, .note, .ruleStatus, .userAdmin, .login, .security, .signature, .logKey, .clockAnomaly:
            return false
        }
        return true
    }

    private mutating func assessment(_ event: RecordedEvent, time: ClinicalTime?) {
        name(event)
        if let time { assessmentTimes[event.seq] = time }
    }

    private mutating func name(_ event: RecordedEvent) {
        let name = EventName(event.id)
        if names[name] == nil { names[name] = event.seq }
    }

    private func resolve(_ id: String) -> Int64? { names[EventName(id)] }
}

/// An event id, kept in 16 bytes when it is a UUID (as the log writes them), as text otherwise.
struct EventName: Hashable, Sendable {
    private enum Storage: Hashable, Sendable {
        case uuid(UInt64, UInt64)
        case text(String)
    }

    private let storage: Storage

    init(_ id: String) {
        storage = Self.uuid(id).map { .uuid($0.0, $0.1) } ?? .text(id)
    }

    /// The 128 bits of a lower-case 8-4-4-4-12 UUID; nil for anything else.
    private static func uuid(_ id: String) -> (UInt64, UInt64)? {
        var high: UInt64 = 0, low: UInt64 = 0, digits = 0
        var utf8 = id.utf8.makeIterator()
        var index = 0
        while let byte = utf8.next() {
            defer { index += 1 }
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            if digits < 16 { high = high << 4 | UInt64(value) } else { low = low << 4 | UInt64(value) }
            digits += 1
        }
        // Upper-case digits fall to text, so that an id and its upper-case spelling stay distinct.
        return index == 36 && digits == 32 ? (high, low) : nil
    }
}

/// A number for each criteria id and term a fold has met: a standing grade keeps two bytes of key
/// rather than two strings.
struct GradeKeyID: Hashable, Sendable {
    let index: Int32
}

/// The keys a fold has numbered, in the order met.
struct GradeKeyTable: Sendable {
    private(set) var keys: [GradeKey] = []
    private var ids: [GradeKey: GradeKeyID] = [:]

    mutating func id(criteria: String, term: String?) -> GradeKeyID {
        let key = GradeKey(criteria: criteria, term: term)
        if let id = ids[key] { return id }
        let id = GradeKeyID(index: Int32(keys.count))
        keys.append(key)
        ids[key] = id
        return id
    }

    subscript(id: GradeKeyID) -> GradeKey { keys[Int(id.index)] }
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
