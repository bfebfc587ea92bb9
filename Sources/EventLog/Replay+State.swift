import Clinical

extension Replay {
    /// An observation the replay keeps: whole, or (while a replay of the log runs) its seq and
    /// clinical time alone, its payload read again from the log at the end only if it is still
    /// current then (a replay reads a million observations and keeps one per patient).
    enum Observation: Sendable {
        /// The whole event, with its clinical time parsed once.
        case decoded(RecordedEvent, time: ClinicalTime?)
        /// An observation not read yet: the store supplies the whole event before the replay is
        /// handed out.
        case unread(seq: Int64, time: ClinicalTime?)

        static func decoded(_ event: RecordedEvent) -> Observation { .decoded(event, time: event.clinicalInstant) }

        var seq: Int64 {
            switch self {
            case .decoded(let event, _): event.seq
            case .unread(let seq, _): seq
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
        var event: RecordedEvent {
            switch self {
            case .decoded(let event, _): return event
            case .unread(let seq, _):
                preconditionFailure("the payload of observation \(seq) was not supplied before the replay was handed out")
            }
        }
    }

    /// What the fold keeps of one patient, in numbers.
    struct PatientState: Sendable {
        /// One current grade: its criteria key's number, the grade, where it comes from.
        typealias Slot = GradeHistory<Int32>.Result

        let id: String
        /// The current observation (or correction).
        var latest: Observation?
        /// The grades as they stand (``GradeHistory``, the one rule of corrections and overrides),
        /// of the current observation and the one entered last.
        var history = NumberedGradeHistory()
        /// The standing grades event of the current observation.
        var latestGradesSeq: Int64? { latest.flatMap { history.standing(of: $0.seq)?.gradesSeq } }
        /// The grades of the current observation, overrides applied.
        var grades: [Slot] { latest.flatMap { history.standing(of: $0.seq)?.results } ?? [] }
        /// The grades of the observation before the current one (for the trend).
        var previousGrades: [Slot] = []
        /// Per criteria key without a term, the latest two definite grades of standing assessments
        /// by clinical time (see ``DefiniteGrades``).
        var definite = DefiniteGrades()
        /// The observation (or correction) folded last, and its clinical time: the one the grades
        /// event that follows it in the same transaction grades, current or a late entry.
        var lastEntry: (seq: Int64, time: ClinicalTime?)?
        /// How many standing grades there are of each key and grade: `histogram[key * 6 + grade]`.
        var histogram: [Int32] = []
        var corrections: [RecordedEvent] = []
        var overrides: [RecordedEvent] = []
        var infusion: RecordedEvent?
        var death: RecordedEvent?
        var lastSeq: Int64 = 0

        init(id: String) { self.id = id }

        /// Adds `delta` to the count of `grade` for `key` (grades outside 0–5 are not counted; a
        /// count never goes below zero).
        mutating func count(_ grade: Int, _ key: Int32, _ delta: Int32) {
            guard (0...5).contains(grade) else { return }
            let index = Int(key) * 6 + grade
            if index >= histogram.count { histogram.append(contentsOf: repeatElement(0, count: (Int(key) + 1) * 6 - histogram.count)) }
            histogram[index] = max(0, histogram[index] + delta)
        }
    }

    /// Criteria keys (a criteria id, and a term for per-term criteria such as CTCAE labs),
    /// numbered as first met.
    struct GradeKeys: Sendable {
        struct Name: Hashable, Sendable {
            var criteria: String
            var term: String?
        }

        private(set) var names: [Name] = []
        private var numbers: [Name: Int32] = [:]

        /// The number of a key, which is added when first met.
        mutating func number(criteria: String, term: String?) -> Int32 {
            let name = Name(criteria: criteria, term: term)
            if let number = numbers[name] { return number }
            names.append(name)
            numbers[name] = Int32(names.count - 1)
            return Int32(names.count - 1)
        }

        /// The number of a key met before, or nil.
        func existing(criteria: String, term: String?) -> Int32? { numbers[Name(criteria: criteria, term: term)] }

        /// The key as callers name it: `criteria`, or `criteria/term`.
        func text(_ key: Int32) -> String {
            let name = names[Int(key)]
            return name.term.map { "\(name.criteria)/\($0)" } ?? name.criteria
        }
    }
}
