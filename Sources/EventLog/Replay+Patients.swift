import Clinical

extension Replay {
    /// What is known of one patient, as callers read it.
    package struct Patient: Sendable {
        package let id: String
        let latest: Observation?
        /// The current observation (or correction) with its payload.
        package var latestObservation: RecordedEvent? { latest?.event }
        /// The sequence number of the current observation.
        package var latestObservationSeq: Int64? { latest?.seq }
        /// The clinical time of the current observation, parsed once.
        package var latestObservationTime: ClinicalTime? { latest?.time }
        package let latestGradesSeq: Int64?
        /// The current grades per criteria key (`criteria` or `criteria/term`), overrides applied.
        package let grades: [String: Grade]
        /// The grades of the observation before the current one (for the trend).
        package let previousGrades: [String: Grade]
        /// Per criteria key without a term, the latest definite grade of a standing assessment by
        /// clinical time (overrides applied): what a not-assessable current grade last was.
        package let lastDefinite: [String: Grade]
        /// Per criteria key without a term, the definite grade before ``lastDefinite`` (for the trend).
        package let definiteBefore: [String: Grade]
        /// The worst grade recorded so far per criteria key (superseded observations left out,
        /// overrides applied).
        package let worst: [String: Int]
        package let corrections: [RecordedEvent]
        package let overrides: [RecordedEvent]
        package let infusion: RecordedEvent?
        package let death: RecordedEvent?
        package let lastSeq: Int64

        init(_ state: PatientState, keys: GradeKeys) {
            func named(_ slots: [PatientState.Slot]) -> [String: Grade] {
                Dictionary(slots.map { slot in
                    let name = keys.names[Int(slot.key)]
                    return (keys.text(slot.key), Grade(criteria: name.criteria, term: name.term, grade: slot.grade, seq: slot.seq,
                                                       overridden: slot.overridden))
                }, uniquingKeysWith: { _, last in last })
            }
            var last: [String: Grade] = [:], before: [String: Grade] = [:]
            for entry in state.definite.entries {
                let name = keys.names[Int(entry.key)]
                let grade = Grade(criteria: name.criteria, term: name.term, grade: entry.grade, seq: entry.overrideSeq ?? entry.gradesSeq,
                                  overridden: entry.overrideSeq != nil)
                if last[keys.text(entry.key)] == nil { last[keys.text(entry.key)] = grade } else { before[keys.text(entry.key)] = grade }
            }
            lastDefinite = last
            definiteBefore = before
            var worst: [String: Int] = [:]
            for key in 0..<state.histogram.count / 6 {
                if let grade = (0..<6).last(where: { state.histogram[key * 6 + $0] > 0 }) { worst[keys.text(Int32(key))] = grade }
            }
            id = state.id
            latest = state.latest
            latestGradesSeq = state.latestGradesSeq
            grades = named(state.grades)
            previousGrades = named(state.previousGrades)
            self.worst = worst
            corrections = state.corrections
            overrides = state.overrides
            infusion = state.infusion
            death = state.death
            lastSeq = state.lastSeq
        }
    }

    /// The patients of a replay by id, read like a dictionary.
    package struct Patients: Sequence, Sendable {
        let states: [PatientState]
        let numbers: [String: Int]
        let keys: GradeKeys

        package subscript(id: String) -> Patient? {
            numbers[id].map { Patient(states[$0], keys: keys) }
        }

        package var count: Int { states.count }
        package var isEmpty: Bool { states.isEmpty }
        /// The patient ids, in the order first met.
        package var ids: [String] { states.map(\.id) }
        package var values: [Patient] { states.map { Patient($0, keys: keys) } }

        package func makeIterator() -> some IteratorProtocol<(key: String, value: Patient)> {
            states.lazy.map { [keys] state in (key: state.id, value: Patient(state, keys: keys)) }.makeIterator()
        }
    }

    /// The patients by id.
    package var patients: Patients { Patients(states: states, numbers: patientNumbers, keys: keys) }
}
