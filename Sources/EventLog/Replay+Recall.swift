import Clinical

extension Replay {
    /// How a patient's ``GradeHistory``, which keeps only the current and the last entered
    /// assessment, reads an older one back from the log (rare: a correction or an override of an
    /// older entry).
    struct Recall: GradeRecall {
        let keys: GradeKeys
        let lookup: Lookup

        func grades(_ seq: Int64, before: Int64) -> GradeHistory<Int32>.Standing? {
            guard seq < before, let event = lookup.event(seq), event.kind == .grades else { return nil }
            return standing(event, before: before)
        }

        func gradesSeq(ofAssessment assessment: Int64, before: Int64) -> Int64? {
            guard let event = lookup.gradesOfObservation(assessment), event.seq < before else { return nil }
            return event.seq
        }

        /// A grades event with the overrides made to it before `before` (all applied: it stands).
        private func standing(_ event: RecordedEvent, before: Int64) -> GradeHistory<Int32>.Standing {
            var standing = GradeHistory<Int32>.Standing(gradesSeq: event.seq, assessment: event.observationSeq, results: [])
            func set(_ logged: LoggedGrade, seq: Int64, overridden: Bool) {
                // Every key of an event folded before has its number.
                guard let key = keys.existing(criteria: logged.criteria, term: logged.term) else { return }
                let result = GradeHistory<Int32>.Result(key: key, grade: logged.grade, seq: seq, overridden: overridden)
                if let index = standing.results.firstIndex(where: { $0.key == key }) { standing.results[index] = result } else { standing.results.append(result) }
            }
            for logged in event.loggedGrades { set(logged, seq: event.seq, overridden: false) }
            for override in lookup.overridesOfGrades(event.seq, before) {
                if let logged = override.loggedGrades.first { set(logged, seq: override.seq, overridden: true) }
            }
            return standing
        }
    }
}
