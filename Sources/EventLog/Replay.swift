import Clinical

/// What was known about each patient at a point of the log: the fold of its events up to a
/// sequence number or a record time.
///
/// "As of time T" is the longest prefix of the log whose events were all recorded at or before T
/// (reliability C-TIME-2): the log is ordered by sequence number, never by wall time.
package struct Replay: Sendable {
    /// Where the replay stops.
    package enum Limit: Sendable, Equatable {
        case end
        case seq(Int64)
        case recordTime(ClinicalTime)
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

    /// An observation the replay keeps: whole, or (while a replay of the log runs) its header
    /// alone, its payload read again from the log at the end only if it is still current then (a
    /// replay reads a million observations and keeps one per patient).
    package enum Observation: Sendable {
        /// The whole event, with its clinical time parsed once.
        case decoded(RecordedEvent, time: ClinicalTime?)
        /// The event with a null payload: the store supplies the whole event before the replay is
        /// handed out.
        case unread(RecordedEvent, time: ClinicalTime?)

        static func decoded(_ event: RecordedEvent) -> Observation { .decoded(event, time: event.clinicalInstant) }

        var header: RecordedEvent {
            switch self {
            case .decoded(let event, _), .unread(let event, _): event
            }
        }

        var time: ClinicalTime? {
            switch self {
            case .decoded(_, let time), .unread(_, let time): time
            }
        }

        var isUnread: Bool {
            if case .unread = self { true } else { false }
        }

        /// The event with its payload.
        package var event: RecordedEvent {
            switch self {
            case .decoded(let event, _): return event
            case .unread(let header, _):
                preconditionFailure("the payload of observation \(header.seq) was not supplied before the replay was handed out")
            }
        }
    }

    /// An event as the store reads it for a replay: a grades event as its digest, an observation
    /// as its header (its payload checked to be JSON), any other event whole.
    package enum ReadEvent: Sendable {
        case grades(RecordedEvent, GradesDigest)
        /// The header of an observation, with its clinical time parsed.
        case unreadObservation(RecordedEvent, time: ClinicalTime?)
        case event(RecordedEvent)
    }

    /// What is known of one patient.
    package struct Patient: Sendable {
        package var id: String
        /// The current observation (or correction), as kept.
        var latest: Observation?
        /// The current observation (or correction) with its payload.
        package var latestObservation: RecordedEvent? { latest?.event }
        /// The sequence number of the current observation.
        package var latestObservationSeq: Int64? { latest?.header.seq }
        /// The clinical time of the current observation, parsed once.
        package var latestObservationTime: ClinicalTime? { latest?.time }
        package var latestGradesSeq: Int64?
        package var grades: [String: Grade] = [:]
        /// The grades of the observation before the current one (for the trend).
        package var previousGrades: [String: Grade] = [:]
        /// Counts of each live grade per criteria key, for the worst grade so far.
        var histogram: [String: [Int]] = [:]
        package var corrections: [RecordedEvent] = []
        package var overrides: [RecordedEvent] = []
        /// Other clinical events (infusion, treatment, death, ...), counted by kind.
        package var eventCounts: [EventKind: Int] = [:]
        package var infusion: RecordedEvent?
        package var death: RecordedEvent?
        package var lastSeq: Int64 = 0

        init(id: String) { self.id = id }

        /// The worst grade recorded so far per criteria key (superseded observations left out,
        /// overrides applied).
        package var worst: [String: Int] {
            histogram.compactMapValues { counts in counts.lastIndex { $0 > 0 } }
        }
    }

    package private(set) var patients: [String: Patient] = [:]
    /// The last event folded.
    package private(set) var lastSeq: Int64 = 0
    package private(set) var lastRecordTime: String?
    /// Grades per grades event that a later correction or override may need to take back; kept
    /// only for events whose observation is still the latest of its patient, so memory stays flat.
    private var liveGrades: [Int64: [String: Int?]] = [:]
    /// The observation each remembered grades event graded.
    private var observationOfGrades: [Int64: Int64] = [:]

    /// Finds, in the log, what is no longer in memory (rare: a correction or override of an older
    /// entry): the grades event of an observation, and the overrides made to it so far.
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

    let lookup: Lookup

    package init(lookup: Lookup = .none) {
        self.lookup = lookup
    }

    static func key(_ criteria: String, _ term: String?) -> String { term.map { "\(criteria)/\($0)" } ?? criteria }

    /// Folds one event; returns false (and folds nothing) once `limit` is passed.
    package mutating func fold(_ event: RecordedEvent, limit: Limit = .end) -> Bool {
        guard Self.admits(event, limit) else { return false }
        switch event.kind {
        case .observation: apply(event, observation: .decoded(event))
        case .grades: apply(event, grades: GradesDigest(payload: event.payload))
        default: apply(event)
        }
        return true
    }

    /// Folds an event as the store read it.
    package mutating func fold(_ read: ReadEvent, limit: Limit = .end) -> Bool {
        switch read {
        case .event(let event): return fold(event, limit: limit)
        case .grades(let header, let digest):
            guard Self.admits(header, limit) else { return false }
            apply(header, grades: digest)
        case .unreadObservation(let header, let time):
            guard Self.admits(header, limit) else { return false }
            apply(header, observation: .unread(header, time: time))
        }
        return true
    }

    /// Whether `event` is within `limit`.
    private static func admits(_ event: RecordedEvent, _ limit: Limit) -> Bool {
        switch limit {
        case .end: return true
        case .seq(let last): return event.seq <= last
        case .recordTime(let time):
            guard let recorded = event.recordInstant else { return false }
            return recorded <= time
        }
    }

    /// Folds one event within the limit; an observation comes with how it is kept, a grades event
    /// with its digest.
    private mutating func apply(_ event: RecordedEvent, observation: Observation? = nil, grades digest: GradesDigest? = nil) {
        lastSeq = event.seq
        lastRecordTime = event.recordTime
        guard let id = event.patient else { return }
        // Taken out of the dictionary while it changes, so that its arrays are not copied.
        var patient = patients.removeValue(forKey: id) ?? Patient(id: id)
        defer { patients[id] = patient }
        patient.lastSeq = event.seq
        switch event.kind {
        case .observation:
            if let observation { becomeLatest(observation, of: &patient) }
        case .correction:
            if case .number(let superseded)? = event.payload["supersedesSeq"] {
                let supersededSeq = Int64(superseded)
                takeBack(observation: supersededSeq, before: event.seq, from: &patient)
                patient.corrections.append(event)
                // A correction of the current observation becomes current; a correction of an
                // older one corrects history (the worst grade) only.
                if patient.latestObservationSeq == supersededSeq {
                    forget(patient.latestGradesSeq)
                    patient.latest = .decoded(event)
                    patient.latestGradesSeq = nil
                    patient.grades = [:]
                } else {
                    becomeLatest(.decoded(event), of: &patient)
                }
            }
        case .grades:
            guard let digest else { break }
            var grades: [String: Int?] = [:]
            var current: [String: Grade] = [:]
            for logged in digest.grades {
                let key = Self.key(logged.criteria, logged.term)
                grades[key] = logged.grade
                current[key] = Grade(criteria: logged.criteria, term: logged.term, grade: logged.grade, seq: event.seq, overridden: false)
                if let grade = logged.grade { Self.count(grade, key, +1, &patient) }
            }
            // Only the grades of the current observation are kept in memory: those of older
            // entries are read back from the log on the rare correction or override of them.
            if let observation = digest.observationSeq.flatMap({ Int64(exactly: $0) }), observation == patient.latestObservationSeq {
                liveGrades[event.seq] = grades
                observationOfGrades[event.seq] = observation
                patient.grades = current
                patient.latestGradesSeq = event.seq
            }
        case .override:
            patient.overrides.append(event)
            guard let logged = event.loggedGrades.first, case .number(let target)? = event.payload["supersedesSeq"] else { break }
            let key = Self.key(logged.criteria, logged.term)
            let gradesSeq = Int64(target)
            if liveGrades[gradesSeq] == nil { liveGrades[gradesSeq] = recall(gradesSeq: gradesSeq, before: event.seq) }
            if let previous = liveGrades[gradesSeq]?[key] ?? nil { Self.count(previous, key, -1, &patient) }
            if let grade = logged.grade { Self.count(grade, key, +1, &patient) }
            liveGrades[gradesSeq, default: [:]][key] = logged.grade
            if gradesSeq != patient.latestGradesSeq { forget(gradesSeq) }
            if gradesSeq == patient.latestGradesSeq {
                patient.grades[key] = Grade(criteria: logged.criteria, term: logged.term, grade: logged.grade, seq: event.seq, overridden: true)
            }
        case .infusion:
            patient.infusion = event
        case .death:
            patient.death = event
        default:
            break
        }
        patient.eventCounts[event.kind, default: 0] += 1
    }

    /// The observations kept without their payload, which the store must supply.
    package var unreadObservations: [Int64] {
        patients.values.compactMap { patient in
            patient.latest.flatMap { $0.isUnread ? $0.header.seq : nil }
        }
    }

    /// Puts the whole event in place of a kept observation's header.
    package mutating func supply(_ event: RecordedEvent) {
        guard let id = event.patient, let kept = patients[id]?.latest, kept.isUnread, kept.header.seq == event.seq else { return }
        patients[id]?.latest = .decoded(event, time: kept.time)
    }

    /// An observation (or a correction of a superseded one) becomes the patient's current one when
    /// it is clinically no earlier than the current one; a late entry of an earlier time adds to
    /// the history only.
    private mutating func becomeLatest(_ observation: Observation, of patient: inout Patient) {
        if let currentTime = patient.latestObservationTime, let time = observation.time, time < currentTime {
            return
        }
        forget(patient.latestGradesSeq)
        if !patient.grades.isEmpty { patient.previousGrades = patient.grades }
        patient.latest = observation
        patient.latestGradesSeq = nil
        patient.grades = [:]
    }

    /// Grades of observations that are no longer the latest are kept only as counts.
    private mutating func forget(_ gradesSeq: Int64?) {
        guard let gradesSeq else { return }
        liveGrades[gradesSeq] = nil
        observationOfGrades[gradesSeq] = nil
    }

    /// The grades of a grades event as they stood before `before`, overrides applied, read back
    /// from the log.
    private func recall(gradesSeq: Int64, before: Int64, event known: RecordedEvent? = nil) -> [String: Int?]? {
        guard let event = known else { return nil }
        var grades: [String: Int?] = [:]
        for logged in event.loggedGrades { grades[Self.key(logged.criteria, logged.term)] = logged.grade }
        for override in lookup.overridesOfGrades(gradesSeq, before) {
            if let logged = override.loggedGrades.first { grades[Self.key(logged.criteria, logged.term)] = logged.grade }
        }
        return grades
    }

    private func recall(gradesSeq: Int64, before: Int64) -> [String: Int?]? {
        recall(gradesSeq: gradesSeq, before: before, event: lookup.event(gradesSeq))
    }

    /// A correction supersedes an observation: its grades leave the worst-so-far counts.
    private mutating func takeBack(observation: Int64, before: Int64, from patient: inout Patient) {
        var grades: [String: Int?]?
        if let (gradesSeq, _) = observationOfGrades.first(where: { $0.value == observation }) {
            grades = liveGrades[gradesSeq]
            forget(gradesSeq)
        } else if let event = lookup.gradesOfObservation(observation) {
            grades = recall(gradesSeq: event.seq, before: before, event: event)
        }
        for (key, grade) in grades ?? [:] {
            if let grade { Self.count(grade, key, -1, &patient) }
        }
    }

    private static func count(_ grade: Int, _ key: String, _ delta: Int, _ patient: inout Patient) {
        guard (0...5).contains(grade) else { return }
        // Changed in place in the dictionary (a copy taken out and put back would be copied).
        let count = max(0, (patient.histogram[key]?[grade] ?? 0) + delta)
        patient.histogram[key, default: Array(repeating: 0, count: 6)][grade] = count
    }
}

extension Replay {
    /// The replayed state as JSON: per patient, sorted by id.
    package var json: JSONValue {
        func gradeList(_ grades: [Grade]) -> JSONValue {
            .array(grades.sorted { ($0.criteria, $0.term ?? "") < ($1.criteria, $1.term ?? "") }.map { g in
                var members: [(String, JSONValue)] = [("criteria", .string(g.criteria))]
                if let term = g.term { members.append(("term", .string(term))) }
                members += [("grade", g.grade.map { .number(Double($0)) } ?? .null), ("seq", .number(Double(g.seq))),
                            ("overridden", .bool(g.overridden))]
                return .object(members)
            })
        }
        func brief(_ e: RecordedEvent) -> JSONValue {
            .object([("seq", .number(Double(e.seq))), ("id", .string(e.id)), ("recordTime", .string(e.recordTime)),
                     ("author", .string(e.author.id)), ("payload", e.payload)])
        }
        let list: [JSONValue] = patients.keys.sorted().map { id in
            let p = patients[id]!
            let worst: [JSONValue] = p.worst.keys.sorted().map { key in
                let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
                var members: [(String, JSONValue)] = [("criteria", .string(parts[0]))]
                if parts.count > 1 { members.append(("term", .string(parts[1]))) }
                members.append(("grade", .number(Double(p.worst[key]!))))
                return .object(members)
            }
            var members: [(String, JSONValue)] = [("patient", .string(id))]
            if let observation = p.latestObservation {
                members.append(("latestObservation", .object([
                    ("seq", .number(Double(observation.seq))), ("kind", .string(observation.kind.rawValue)),
                    ("time", observation.clinicalTime.map { .string($0) } ?? .null),
                    ("assessment", observation.payload["assessment"] ?? .null),
                ])))
            } else {
                members.append(("latestObservation", .null))
            }
            members.append(("grades", gradeList(Array(p.grades.values))))
            members.append(("worst", .array(worst)))
            members.append(("corrections", .array(p.corrections.map(brief))))
            members.append(("overrides", .array(p.overrides.map(brief))))
            members.append(("infusionTime", p.infusion?.clinicalTime.map { .string($0) } ?? .null))
            members.append(("death", p.death.map { $0.payload } ?? .null))
            return .object(members)
        }
        return .object([
            ("asOf", .object([("seq", .number(Double(lastSeq))), ("recordTime", lastRecordTime.map { .string($0) } ?? .null)])),
            ("patients", .array(list)),
        ])
    }
}
