import Clinical

extension Replay {
    /// The latest two definite grades per criteria key (keys without a term: CRS, ICANS and the
    /// like), among the standing assessments, latest clinical time first (ties: the later entry).
    ///
    /// The board shows the last definite grade beside a not-assessable one (`?(4)`: a temperature
    /// entered alone must not hide a patient on two vasopressors) and the trend between the two.
    /// Memory stays per patient: a correction of one of the two forgets it, and the one before it
    /// is known again only from the next definite grade.
    struct DefiniteGrades: Sendable {
        struct Entry: Sendable, Equatable {
            var key: Int32
            var grade: Int
            var time: ClinicalTime?
            /// The observation (or correction) graded.
            var observation: Int64
            /// The grades event the grade comes from (an override names it).
            var gradesSeq: Int64
            /// The override that set the grade, if any.
            var overrideSeq: Int64?

            /// Whether this entry is clinically later than `other` (a later entry wins a tie).
            func isLater(than other: Entry) -> Bool {
                switch (time, other.time) {
                case let (a?, b?) where a != b: return a > b
                case (_?, nil): return true
                case (nil, _?): return false
                default: return observation > other.observation
                }
            }
        }

        /// At most two entries per key; for each key the later one first.
        private(set) var entries: [Entry] = []

        /// Adds a definite grade; keeps the two latest of its key.
        ///
        /// In place, without a list per call: a replay inserts a few per grades event, a million
        /// times. A key holds at most two entries (only this method adds one), the later first.
        mutating func insert(_ entry: Entry) {
            if entries.contains(where: { $0.key == entry.key && $0.observation == entry.observation }) {
                // The same assessment graded again (a log written otherwise): the later grades event stands.
                entries.removeAll { $0.key == entry.key && $0.observation == entry.observation }
            }
            var first: Int?, second: Int?
            for index in entries.indices where entries[index].key == entry.key {
                if first == nil { first = index } else { second = index }
            }
            guard let first else { return entries.append(entry) }
            guard let second else {
                if entry.isLater(than: entries[first]) {
                    entries.append(entries[first])
                    entries[first] = entry
                } else {
                    entries.append(entry)
                }
                return
            }
            if entry.isLater(than: entries[first]) {
                entries[second] = entries[first]
                entries[first] = entry
            } else if entry.isLater(than: entries[second]) {
                entries[second] = entry
            }
        }

        /// A correction superseded `observation`: its grades no longer stand.
        mutating func remove(observation: Int64) {
            entries.removeAll { $0.observation == observation }
        }

        /// A clinician's grade for `key` of the grades event `gradesSeq`; returns whether an entry
        /// held that grade (a nil grade removes it: not assessable is not definite).
        mutating func override(gradesSeq: Int64, key: Int32, grade: Int?, by seq: Int64) -> Bool {
            guard let index = entries.firstIndex(where: { $0.gradesSeq == gradesSeq && $0.key == key }) else { return false }
            if let grade {
                entries[index].grade = grade
                entries[index].overrideSeq = seq
                let entry = entries.remove(at: index)
                insert(entry)
            } else {
                entries.remove(at: index)
            }
            return true
        }

        /// The latest entry of `key`, and the one before it.
        func latest(_ key: Int32) -> (last: Entry?, before: Entry?) {
            let mine = entries.filter { $0.key == key }
            return (mine.first, mine.dropFirst().first)
        }
    }
}
