import Clinical

extension Replay {
    /// What a replay needs of one range of the log, as the store reads it on a thread of its own:
    /// a grades event as its grades, an observation as its seq and clinical time (its payload
    /// checked to be JSON), any other event whole. Patients and criteria keys are numbered within
    /// the range, so that the fold, which runs on one thread, hashes no string per event.
    package struct ReadRange: Sendable {
        /// The patients of the range, by their number in it.
        private(set) var patients: [String] = []
        /// The criteria keys of the range, by their number in it.
        private(set) var keys: [GradeKeys.Name] = []
        private(set) var events: [ReadEvent] = []
        private var patientNumbers: [String: Int32] = [:]
        private var keyNumbers: [GradeKeys.Name: Int32] = [:]

        package init() {}

        /// An event as read.
        package enum ReadEvent: Sendable {
            case grades(ReadHeader, ReadGrades)
            case unreadObservation(ReadHeader, time: ClinicalTime?)
            case event(RecordedEvent)
        }

        package mutating func append(_ event: ReadEvent) { events.append(event) }

        /// The number in the range of patient `id` (-1 for none).
        package mutating func patient(_ id: String?) -> Int32 {
            guard let id else { return -1 }
            if let number = patientNumbers[id] { return number }
            patients.append(id)
            patientNumbers[id] = Int32(patients.count - 1)
            return Int32(patients.count - 1)
        }

        /// The grades of a digest, their keys numbered in the range.
        package mutating func grades(_ digest: GradesDigest) -> ReadGrades {
            ReadGrades(observationSeq: digest.observationSeq.flatMap { Int64(exactly: $0) }, grades: digest.grades.map { logged in
                let name = GradeKeys.Name(criteria: logged.criteria, term: logged.term)
                let key: Int32
                if let number = keyNumbers[name] {
                    key = number
                } else {
                    keys.append(name)
                    key = Int32(keys.count - 1)
                    keyNumbers[name] = key
                }
                return ReadGrades.Grade(key: key, grade: logged.grade)
            })
        }
    }

    /// What the fold needs of an event's columns.
    package struct ReadHeader: Sendable {
        var seq: Int64
        /// The patient's number in the range, -1 for none.
        var patient: Int32
        /// The record time, read only for a replay as of a record time.
        var recordInstant: ClinicalTime?

        package init(seq: Int64, patient: Int32, recordInstant: ClinicalTime?) {
            self.seq = seq
            self.patient = patient
            self.recordInstant = recordInstant
        }
    }

    /// The grades of a grades event, their keys numbered in the range.
    package struct ReadGrades: Sendable {
        struct Grade: Sendable {
            var key: Int32
            var grade: Int?
        }

        var observationSeq: Int64?
        var grades: [Grade]
    }
}
