import Clinical

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
        let list: [JSONValue] = patients.values.sorted { $0.id < $1.id }.map { p in
            let worst: [JSONValue] = p.worst.sorted { $0.key < $1.key }.map { key, grade in
                // Never empty (empty pieces are kept), also for a key read from a damaged payload.
                let parts = key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                var members: [(String, JSONValue)] = [("criteria", .string(parts.first ?? ""))]
                if parts.count > 1 { members.append(("term", .string(parts[1]))) }
                members.append(("grade", .number(Double(grade))))
                return .object(members)
            }
            var members: [(String, JSONValue)] = [("patient", .string(p.id))]
            if let observation = p.latestObservation {
                members.append(("latestObservation", .object([
                    ("seq", .number(Double(observation.seq))), ("kind", .string(observation.kind.rawValue)),
                    ("time", observation.clinicalTime.map { .string($0) } ?? .null),
                    ("assessment", observation.payload[.assessment] ?? .null),
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
