import Clinical

extension TrialStatus {
    /// The status as JSON, for `aegrade rules status --json`: trial-level fields, one object per
    /// rule, one per subject. Times are UTC (`2026-11-22T00:00:00Z`); absent values are null.
    package var json: JSONValue {
        func time(_ value: ClinicalTime?) -> JSONValue { value.map { .string($0.utcText) } ?? .null }
        func int(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        let next: JSONValue = switch nextDosing {
        case .anyTime: .string("anyTime")
        case .from(let at): .string(at.utcText)
        case .pausedPendingReview: .string("pausedPendingReview")
        }
        let rules: [JSONValue] = rules.map { outcome in
            var members: [(String, JSONValue)] = [
                ("rule", .string(outcome.rule)), ("type", .string(outcome.type)), ("action", .string(outcome.action.rawValue)),
                ("tripped", .bool(outcome.tripped)), ("count", int(outcome.count)), ("threshold", int(outcome.threshold)),
                ("subjects", int(outcome.subjects)), ("counted", .array(outcome.counted.map { .string($0) })),
            ]
            if let after = outcome.trippedAfter { members.append(("trippedAfter", int(after))) }
            if outcome.type == "stagger" {
                members.append(("nextDosing", time(outcome.nextDosing)))
                members.append(("nextDosingByCohort", .object(outcome.nextDosingByCohort.sorted { $0.key < $1.key }.map { ($0.key, time($0.value)) })))
            }
            members.append(("description", .string(outcome.description)))
            return .object(members)
        }
        return .object([
            ("trial", .string(trial)), ("asOf", .string(asOf.utcText)), ("status", .string(state.rawValue)),
            ("tripped", .array(tripped.map { .string($0) })), ("enrolmentPaused", .bool(enrolmentPaused)),
            ("dosingPaused", .bool(dosingPaused)), ("nextDosing", next),
            ("nextDosingByCohort", .object(nextDosingByCohort.sorted { $0.key < $1.key }.map { ($0.key, time($0.value)) })),
            ("infused", int(infusedCount)), ("evaluable", int(evaluableCount)),
            ("notTreated", .object([("count", int(notTreated.count)),
                                    ("subjects", .array(notTreated.map { entry in
                                        .object([("patient", .string(entry.patient)), ("reason", .string(entry.reason.text)),
                                                 ("replaced", entry.replaced.map(JSONValue.bool) ?? .null)])
                                    }))])),
            ("rules", .array(rules)),
            ("subjects", .array(subjects.map(\.json))),
        ])
    }
}

extension SubjectSummary {
    /// One subject as JSON (the `subjects` elements of ``TrialStatus/json``).
    package var json: JSONValue {
        func time(_ value: ClinicalTime?) -> JSONValue { value.map { .string($0.utcText) } ?? .null }
        func grades(_ map: [GradeKey: Int]) -> JSONValue {
            .object(map.sorted { $0.key < $1.key }.map { ($0.key.description, .number(Double($0.value))) })
        }
        return .object([
            ("patient", .string(patient)), ("cohort", cohort.map(JSONValue.string) ?? .null), ("infusion", time(infusion)),
            ("studyDay", studyDay.map { .number(Double($0)) } ?? .null), ("evaluable", .string(evaluability.name)),
            ("evaluableAt", time(evaluableAt)), ("firstDLT", time(firstDLT)),
            ("worstInDLTWindow", grades(worstInDLTWindow)),
            ("toxicities", .object(toxicities.sorted { $0.key < $1.key }.map { ($0.key, time($0.value)) })),
            ("episodes", .array(episodes.map(\.json))),
            ("death", death.map { .object([("time", time($0.time)), ("cause", $0.cause.map(JSONValue.string) ?? .null)]) } ?? .null),
            ("notTreated", notTreated.map { .string($0.text) } ?? .null),
            ("lastAssessment", time(lastAssessment)), ("nextAssessmentDue", time(nextAssessmentDue)),
            ("assessmentOverdue", .bool(assessmentOverdue)), ("followUpEnds", time(followUpEnds)),
        ])
    }
}

extension Episode {
    /// One episode as JSON.
    package var json: JSONValue {
        .object([
            ("criteria", .string(key.criteria)), ("term", key.term.map(JSONValue.string) ?? .null),
            ("onset", .string(onset.utcText)), ("onsetDay", onsetDay.map { .number(Double($0)) } ?? .null),
            ("peakGrade", .number(Double(peakGrade))), ("resolution", resolution.map { .string($0.utcText) } ?? .null),
            ("durationDays", durationDays.map(JSONValue.number) ?? .null), ("fatal", .bool(fatal)),
            ("treatments", .array(drugs.map { .string($0) })),
        ])
    }
}
