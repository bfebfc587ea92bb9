import Clinical

/// What was known about each patient at a point of the log: the fold of its events up to a
/// sequence number or a record time.
///
/// "As of time T" is the longest prefix of the log whose events were all recorded at or before T
/// (README, "The log"): the log is ordered by sequence number, never by wall time.
///
/// A replay of the whole log folds a million events on one thread, so the fold works on numbers:
/// patients and criteria keys are numbered as first met, and a patient's grades are short arrays
/// of those numbers. The dictionaries callers read (`patients`, `Patient.grades`, `worst`) are
/// built from them on demand. Which grades stand after corrections, re-grades and overrides is
/// decided by each patient's ``GradeHistory`` (the one rule, in Clinical), over those numbers.
package struct Replay: Sendable {
    /// Where the replay stops.
    package enum Limit: Sendable, Equatable {
        case end
        case seq(Int64)
        case recordTime(ClinicalTime)

        /// Whether `event` lies within the limit: at or before its seq, or recorded at or before
        /// its time ("as of T" is the longest prefix recorded by T, so an event without a readable
        /// record time ends it).
        package func admits(_ event: RecordedEvent) -> Bool {
            admits(seq: event.seq, recordInstant: event.recordInstant)
        }

        /// The same for an event known by its seq and record time (the record time is parsed only
        /// for a time limit).
        func admits(seq: Int64, recordInstant: @autoclosure () -> ClinicalTime?) -> Bool {
            switch self {
            case .end: true
            case .seq(let last): seq <= last
            case .recordTime(let time): recordInstant().map { $0 <= time } ?? false
            }
        }
    }

    /// One grade as it stands, computed or overridden.
    package struct Grade: Sendable, Equatable {
        package var criteria: String
        package var term: String?
        package var grade: Int?
        /// The grades (or override) event it comes from.
        package var seq: Int64
        package var overridden: Bool
    }

    /// Finds, in the log, what is no longer in memory (rare: a correction or override of an older
    /// entry): an event, the grades event of an observation, and the overrides made to it so far.
    package struct Lookup: Sendable {
        package var event: @Sendable (Int64) -> RecordedEvent?
        package var gradesOfObservation: @Sendable (Int64) -> RecordedEvent?
        package var overridesOfGrades: @Sendable (Int64, _ before: Int64) -> [RecordedEvent]
        package init(event: @escaping @Sendable (Int64) -> RecordedEvent?,
                     gradesOfObservation: @escaping @Sendable (Int64) -> RecordedEvent?,
                     overridesOfGrades: @escaping @Sendable (Int64, Int64) -> [RecordedEvent]) {
            self.event = event
            self.gradesOfObservation = gradesOfObservation
            self.overridesOfGrades = overridesOfGrades
        }
        package static let none = Lookup(event: { _ in nil }, gradesOfObservation: { _ in nil }, overridesOfGrades: { _, _ in [] })
    }

    /// The state of each patient, in the order first met.
    var states: [PatientState] = []
    /// The number of each patient in `states`.
    var patientNumbers: [String: Int] = [:]
    /// The criteria keys met so far.
    var keys = GradeKeys()
    /// The last event folded.
    package private(set) var lastSeq: Int64 = 0
    /// Its record time (every event has one); nil before the first event, and while a replay of
    /// the log has folded the last event without reading it (the store supplies it before the
    /// replay is handed out).
    package private(set) var lastRecordTime: String?
    let lookup: Lookup

    package init(lookup: Lookup = .none) {
        self.lookup = lookup
    }

    // MARK: - Folding decoded events

    /// Folds one event; returns false (and folds nothing) once `limit` is passed.
    package mutating func fold(_ event: RecordedEvent, limit: Limit = .end) -> Bool {
        guard limit.admits(event) else { return false }
        passed(event.seq, recordTime: event.recordTime)
        guard let id = event.patient else { return true }
        let patient = number(of: id)
        switch event.kind {
        case .observation:
            becomeLatest(.decoded(event), of: patient)
        case .grades:
            let digest = GradesDigest(payload: event.payload)
            let grades = digest.grades.map { (keys.number(criteria: $0.criteria, term: $0.term), $0.grade) }
            apply(count: grades.count, grade: { grades[$0] }, seq: event.seq, observation: digest.observationSeq.flatMap { Int64(exactly: $0) },
                  of: patient)
        case .correction:
            applyCorrection(event, of: patient)
        case .override:
            applyOverride(event, of: patient)
        case .infusion:
            states[patient].infusion = event
        case .death:
            states[patient].death = event
        default:
            break
        }
        states[patient].lastSeq = event.seq
        return true
    }

    // MARK: - Folding the store's reading

    /// Folds what the store read of one range of the log, in order, until `limit` is passed;
    /// returns false once it is.
    package mutating func fold(_ range: ReadRange, limit: Limit = .end) -> Bool {
        // The range's own numbers of patients and keys, mapped to the replay's on first use.
        var patientMap = [Int](repeating: -1, count: range.patients.count)
        let keyMap = range.keys.map { keys.number(criteria: $0.criteria, term: $0.term) }
        for read in range.events {
            switch read {
            case .event(let event):
                guard fold(event, limit: limit) else { return false }
            case .grades(let header, let grades):
                guard admits(header, limit) else { return false }
                passed(header.seq, recordTime: nil)
                guard header.patient >= 0 else { continue }
                let patient = map(header.patient, range, &patientMap)
                apply(count: grades.grades.count, grade: { (keyMap[Int(grades.grades[$0].key)], grades.grades[$0].grade) }, seq: header.seq,
                      observation: grades.observationSeq, of: patient)
                states[patient].lastSeq = header.seq
            case .unreadObservation(let header, let time):
                guard admits(header, limit) else { return false }
                passed(header.seq, recordTime: nil)
                guard header.patient >= 0 else { continue }
                let patient = map(header.patient, range, &patientMap)
                becomeLatest(.unread(seq: header.seq, time: time), of: patient)
                states[patient].lastSeq = header.seq
            }
        }
        return true
    }

    private func admits(_ header: ReadHeader, _ limit: Limit) -> Bool {
        limit.admits(seq: header.seq, recordInstant: header.recordInstant)
    }

    private mutating func map(_ local: Int32, _ range: ReadRange, _ patientMap: inout [Int]) -> Int {
        let mapped = patientMap[Int(local)]
        if mapped >= 0 { return mapped }
        let patient = number(of: range.patients[Int(local)])
        patientMap[Int(local)] = patient
        return patient
    }

    /// The observations kept without their payload, which the store must supply.
    package var unreadObservations: [Int64] {
        states.compactMap { state in state.latest.flatMap { $0.isUnread ? $0.seq : nil } }
    }

    /// Puts the whole event in place of a kept observation's header.
    package mutating func supply(_ event: RecordedEvent) {
        guard let id = event.patient, let patient = patientNumbers[id], let kept = states[patient].latest, kept.isUnread,
              kept.seq == event.seq else { return }
        states[patient].latest = .decoded(event, time: kept.time)
    }

    /// Whether the last event folded was folded without its record time.
    package var lastRecordTimeUnread: Bool { lastSeq > 0 && lastRecordTime == nil }

    /// The record time of the last event folded, when it was folded unread.
    package mutating func supplyLastRecordTime(_ recordTime: String) {
        guard lastRecordTimeUnread else { return }
        lastRecordTime = recordTime
    }

    /// Forgets what was folded of patient `id` (the board's first frame folds a patient again
    /// with more of its events); the patient keeps their place.
    mutating func forget(patient id: String) {
        guard let patient = patientNumbers[id] else { return }
        states[patient] = PatientState(id: id)
    }

    /// Marks the replay as standing at `seq` (a fold of some events per patient, as the board's
    /// first frame reads them, stands at the head of the log).
    mutating func passed(to seq: Int64) { passed(seq, recordTime: nil) }

    // MARK: - The fold

    private mutating func passed(_ seq: Int64, recordTime: String?) {
        lastSeq = seq
        lastRecordTime = recordTime
    }

    /// The number of patient `id`, who is added when first met.
    private mutating func number(of id: String) -> Int {
        if let patient = patientNumbers[id] { return patient }
        states.append(PatientState(id: id))
        patientNumbers[id] = states.count - 1
        return states.count - 1
    }

    /// A grades event: the patient's ``GradeHistory`` decides whether it stands.
    private mutating func apply(count: Int, grade: (Int) -> (Int32, Int?), seq: Int64, observation: Int64?, of patient: Int) {
        withHistory(of: patient) { history, recall, follow in
            history.grades(seq, of: observation, count: count, result: grade, recallGrades: recall.grades,
                           recallGradesSeq: recall.gradesSeq, follow)
        }
    }

    /// A correction supersedes an observation (the history withdraws its grades), and becomes
    /// current if it corrects the current observation.
    private mutating func applyCorrection(_ event: RecordedEvent, of patient: Int) {
        guard let supersededSeq = event.supersedesSeq else { return }
        states[patient].corrections.append(event)
        withHistory(of: patient) { history, recall, follow in
            history.correction(event.seq, supersedes: supersededSeq, recallGrades: recall.grades, recallGradesSeq: recall.gradesSeq, follow)
        }
        // A correction of the current observation becomes current; a correction of an older one
        // corrects history (the worst grade), and becomes current as an observation would.
        if states[patient].latest?.seq == supersededSeq {
            states[patient].lastEntry = (event.seq, event.clinicalInstant)
            states[patient].latest = .decoded(event)
            forgetPast(of: patient)
        } else {
            becomeLatest(.decoded(event), of: patient)
        }
    }

    /// A clinician's grade for one result of a grades event: the history decides whether it applies.
    private mutating func applyOverride(_ event: RecordedEvent, of patient: Int) {
        states[patient].overrides.append(event)
        guard let logged = event.loggedGrades.first, let gradesSeq = event.supersedesSeq else { return }
        let key = keys.number(criteria: logged.criteria, term: logged.term)
        withHistory(of: patient) { history, recall, follow in
            history.override(event.seq, of: gradesSeq, key: key, grade: logged.grade, recallGrades: recall.grades,
                             recallGradesSeq: recall.gradesSeq, follow)
        }
    }

    /// Runs `body` on the patient's history, with the recall of this replay and the changes
    /// followed as they come.
    private mutating func withHistory(of patient: Int,
                                      _ body: (inout NumberedGradeHistory, Recall, _ follow: (NumberedGradeHistory.Change) -> Void) -> Void) {
        // Taken out while it runs, so that following a change may update the rest of the state.
        var history = NumberedGradeHistory()
        swap(&history, &states[patient].history)
        body(&history, Recall(keys: keys, lookup: lookup)) { self.follow($0, of: patient) }
        swap(&history, &states[patient].history)
    }

    /// What the replay keeps beside the history follows each change: the count of standing grades
    /// per key and grade (the worst grade), and the latest two definite grades.
    private mutating func follow(_ change: NumberedGradeHistory.Change, of patient: Int) {
        switch change {
        case .stands(let standing):
            for result in standing.results { if let grade = result.grade { states[patient].count(grade, result.key, +1) } }
            if let observation = standing.assessment {
                keepDefinite(standing.results.lazy.map { ($0.key, $0.grade) }, seq: standing.gradesSeq, observation: observation, of: patient)
            }
        case .withdrawn(let standing):
            for result in standing.results { if let grade = result.grade { states[patient].count(grade, result.key, -1) } }
            if let observation = standing.assessment { states[patient].definite.remove(observation: observation) }
        case .overridden(let standing, let old, let new):
            if let grade = old?.grade { states[patient].count(grade, new.key, -1) }
            if let grade = new.grade { states[patient].count(grade, new.key, +1) }
            let observation = standing.assessment.map { seq -> (seq: Int64, time: ClinicalTime?) in
                if let latest = states[patient].latest, latest.seq == seq { return (seq, latest.time) }
                if let entry = states[patient].lastEntry, entry.seq == seq { return (seq, entry.time) }
                return (seq, lookup.event(seq)?.clinicalInstant)
            }
            keepDefinite(override: new.seq, key: new.key, grade: new.grade, gradesSeq: standing.gradesSeq, observation: observation, of: patient)
        }
    }

    /// Keeps the definite grades (of keys without a term) of a grades event of a standing
    /// observation among the patient's latest two per key.
    private mutating func keepDefinite(_ grades: some Collection<(Int32, Int?)>, seq: Int64, observation: Int64, of patient: Int) {
        var time: ClinicalTime?
        var known = false
        for (key, grade) in grades {
            guard let grade, keys.names[Int(key)].term == nil else { continue }
            if !known {
                // The grades follow their observation in the same transaction; a log written
                // otherwise is read back.
                if let entry = states[patient].lastEntry, entry.seq == observation { time = entry.time }
                else if let latest = states[patient].latest, latest.seq == observation { time = latest.time }
                else { time = lookup.event(observation)?.clinicalInstant }
                known = true
            }
            states[patient].definite.insert(.init(key: key, grade: grade, time: time, observation: observation, gradesSeq: seq))
        }
    }

    /// An override's grade among the definite ones: it replaces the grade it overrides, or (a
    /// not-assessable grade made definite) joins them at its assessment's time.
    private mutating func keepDefinite(override seq: Int64, key: Int32, grade: Int?, gradesSeq: Int64,
                                       observation: (seq: Int64, time: ClinicalTime?)?, of patient: Int) {
        guard keys.names[Int(key)].term == nil else { return }
        if states[patient].definite.override(gradesSeq: gradesSeq, key: key, grade: grade, by: seq) { return }
        guard let grade, let observation else { return }
        states[patient].definite.insert(.init(key: key, grade: grade, time: observation.time, observation: observation.seq,
                                              gradesSeq: gradesSeq, overrideSeq: seq))
    }

    /// An observation (or a correction of a superseded one) becomes the patient's current one when
    /// it is clinically no earlier than the current one; a late entry of an earlier time adds to
    /// the history only.
    private mutating func becomeLatest(_ observation: Observation, of patient: Int) {
        states[patient].history.observation(observation.seq)
        states[patient].lastEntry = (observation.seq, observation.time)
        if let currentTime = states[patient].latest?.time, let time = observation.time, time < currentTime {
            forgetPast(of: patient)
            return
        }
        let current = states[patient].grades
        if !current.isEmpty { states[patient].previousGrades = current }
        states[patient].latest = observation
        forgetPast(of: patient)
    }

    /// Memory stays per patient: the history keeps the current observation and the one entered
    /// last (whose grades follow it), and reads any other back through the lookup.
    private mutating func forgetPast(of patient: Int) {
        let latest = states[patient].latest?.seq, entry = states[patient].lastEntry?.seq
        states[patient].history.retain { $0 == latest || $0 == entry }
    }
}
