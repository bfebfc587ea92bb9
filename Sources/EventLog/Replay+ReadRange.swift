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
        /// The patient of the event read last, as its bytes, and its number: a grades event follows
        /// its observation, so the patient's id is made a string and hashed about once per two events.
        private var lastPatient: (bytes: [UInt8], number: Int32)?
        /// The keys met as plain bytes (``PayloadFastScan``), by a hash of their bytes, each checked
        /// against `keyBytes` (a collision falls back to the string's number).
        private var keysByHash: [UInt64: Int32] = [:]
        /// Per key number, its bytes as `keysByHash` hashes them (empty for a key met only as text).
        private var keyBytes: [[UInt8]] = []

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
                ReadGrades.Grade(key: number(of: GradeKeys.Name(criteria: logged.criteria, term: logged.term)), grade: logged.grade)
            })
        }

        /// The grades of a payload read by ``PayloadFastScan`` (`results` ranges of `payload`),
        /// their keys numbered in the range: the same numbers `grades(_:)` gives the digest's.
        package mutating func grades(_ results: [PayloadFastScan.Result], observationSeq: Double?,
                                     in payload: UnsafeBufferPointer<UInt8>) -> ReadGrades {
            var grades: [ReadGrades.Grade] = []
            grades.reserveCapacity(results.count)
            for result in results {
                grades.append(ReadGrades.Grade(key: number(criteria: result.criteria, term: result.term, in: payload), grade: result.grade))
            }
            return ReadGrades(observationSeq: observationSeq.flatMap { Int64(exactly: $0) }, grades: grades)
        }

        /// The number of a key, added when first met.
        private mutating func number(of name: GradeKeys.Name) -> Int32 {
            if let number = keyNumbers[name] { return number }
            keys.append(name)
            keyBytes.append([])
            let number = Int32(keys.count - 1)
            keyNumbers[name] = number
            return number
        }

        /// The number of the key whose criteria id and term (plain ASCII) lie at these ranges of
        /// `payload`; strings are made only for a key not met as bytes before. Equal bytes are
        /// equal strings, and a key met first as other text (escapes) is found by its string.
        private mutating func number(criteria: Range<Int>, term: Range<Int>?, in payload: UnsafeBufferPointer<UInt8>) -> Int32 {
            // FNV-1a over the criteria id, a byte no plain text holds, and the term (or another).
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for index in criteria { hash = (hash ^ UInt64(payload[index])) &* 0x100_0000_01B3 }
            hash = (hash ^ (term == nil ? 0xFE : 0xFF)) &* 0x100_0000_01B3
            if let term { for index in term { hash = (hash ^ UInt64(payload[index])) &* 0x100_0000_01B3 } }
            let found = keysByHash[hash]
            if let found, Self.matches(keyBytes[Int(found)], criteria: criteria, term: term, in: payload) { return found }
            let text = { (range: Range<Int>) in String(decoding: UnsafeBufferPointer(rebasing: payload[range]), as: UTF8.self) }
            let number = number(of: GradeKeys.Name(criteria: text(criteria), term: term.map(text)))
            // A hash already taken by other bytes (a collision) is left to the strings.
            if found == nil {
                keysByHash[hash] = number
                keyBytes[Int(number)] = Array(payload[criteria]) + [term == nil ? 0xFE : 0xFF] + (term.map { Array(payload[$0]) } ?? [])
            }
            return number
        }

        private static func matches(_ stored: [UInt8], criteria: Range<Int>, term: Range<Int>?, in payload: UnsafeBufferPointer<UInt8>) -> Bool {
            guard stored.count == criteria.count + 1 + (term?.count ?? 0) else { return false }
            var offset = 0
            for index in criteria {
                guard stored[offset] == payload[index] else { return false }
                offset += 1
            }
            guard stored[offset] == (term == nil ? 0xFE : 0xFF) else { return false }
            offset += 1
            if let term {
                for index in term {
                    guard stored[offset] == payload[index] else { return false }
                    offset += 1
                }
            }
            return true
        }

        /// The number in the range of the patient whose id is `bytes` (-1 for none).
        package mutating func patient(bytes: UnsafeBufferPointer<UInt8>?) -> Int32 {
            guard let bytes else { return -1 }
            if let last = lastPatient, last.bytes.elementsEqual(bytes) { return last.number }
            let number = patient(String(decoding: bytes, as: UTF8.self))
            lastPatient = (Array(bytes), number)
            return number
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
