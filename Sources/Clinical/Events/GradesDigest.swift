/// What a replay needs of a `grades` payload — the observation it graded and its grades — read
/// from the stored JSON text without building the payload.
///
/// It answers exactly what `RecordedEvent.loggedGrades` and `payload[.observationSeq]` answer
/// for the parsed payload, and rejects exactly the texts the parser rejects (tests hold the two
/// to that), at a fraction of the cost: the reasons, missing fields and hashes of each result are
/// checked and passed over, not built.
package struct GradesDigest: Sendable, Equatable {
    /// `observationSeq`, when it is a number.
    package var observationSeq: Double?
    package var grades: [LoggedGrade]

    package init(observationSeq: Double?, grades: [LoggedGrade]) {
        self.observationSeq = observationSeq
        self.grades = grades
    }

    /// The digest of a parsed payload (the reference the skimmed digest must equal).
    package init(payload: JSONValue) {
        if case .number(let seq)? = payload[.observationSeq] { observationSeq = seq }
        grades = LoggedGrade.results(payload[.results])
    }

    /// Skims the payload's JSON text.
    package init(skimming bytes: UnsafeBufferPointer<UInt8>) throws {
        var skimmer = JSONSkimmer(bytes)
        var observationSeq: Double?
        var grades: [LoggedGrade] = []
        if skimmer.peek() == UInt8(ascii: "{") {
            try skimmer.readObject { key, skimmer in
                if skimmer.key(key, is: Names.observationSeq), Self.isNumber(skimmer.peek()) {
                    observationSeq = try skimmer.readNumber()
                } else if skimmer.key(key, is: Names.results), skimmer.peek() == UInt8(ascii: "[") {
                    try skimmer.readArray(depth: 1) { skimmer in
                        if let grade = try Self.result(&skimmer) { grades.append(grade) }
                    }
                } else {
                    try skimmer.skipValue(depth: 1)
                }
            }
        } else {
            try skimmer.skipValue()
        }
        try skimmer.finish()
        self.init(observationSeq: observationSeq, grades: grades)
    }

    /// One element of `results` (at depth 2): its grade, or nil when it carries none.
    private static func result(_ skimmer: inout JSONSkimmer) throws -> LoggedGrade? {
        guard skimmer.peek() == UInt8(ascii: "{") else {
            try skimmer.skipValue(depth: 2)
            return nil
        }
        var criteria: String?
        var term: String?
        var grade: LoggedGrade.Value = .absent
        try skimmer.readObject(depth: 2) { key, skimmer in
            let next = skimmer.peek()
            if skimmer.key(key, is: Names.criteria), next == UInt8(ascii: "\"") {
                criteria = try skimmer.readString()
            } else if skimmer.key(key, is: Names.term), next == UInt8(ascii: "\"") {
                term = try skimmer.readString()
            } else if skimmer.key(key, is: Names.grade), isNumber(next) {
                grade = .number(try skimmer.readNumber())
            } else if skimmer.key(key, is: Names.grade), next == UInt8(ascii: "n") {
                try skimmer.skipValue(depth: 3)
                grade = .null
            } else {
                try skimmer.skipValue(depth: 3)
            }
        }
        return LoggedGrade(criteria: criteria, term: term, value: grade)
    }

    /// The ``PayloadKey`` names the skim looks for, as static text: compared against a `String`
    /// (`PayloadKey`'s raw value, made and released per comparison), they cost 8 % of a replay's
    /// CPU time (`perf`, release build). `GradesDigestTests` holds them to `PayloadKey`.
    enum Names {
        static let observationSeq: StaticString = "observationSeq"
        static let results: StaticString = "results"
        static let criteria: StaticString = "criteria"
        static let term: StaticString = "term"
        static let grade: StaticString = "grade"
    }

    private static func isNumber(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

extension LoggedGrade {
    /// A result's `grade` as found: a number, null (not assessable), or absent or of another type.
    enum Value {
        case absent
        case null
        case number(Double)
    }

    /// The logged grade of one result, or nil when it has no criteria id or no grade (a criteria
    /// set), or a grade no integer can hold.
    init?(criteria: String?, term: String?, value: Value) {
        guard let criteria else { return nil }
        switch value {
        case .absent: return nil
        case .null: self.init(criteria: criteria, term: term, grade: nil)
        case .number(let number):
            guard let grade = Int(exactly: number.rounded(.towardZero)) else { return nil }
            self.init(criteria: criteria, term: term, grade: grade)
        }
    }

    /// The grades of a `results` array as parsed.
    static func results(_ results: JSONValue?) -> [LoggedGrade] {
        guard case .array(let results)? = results else { return [] }
        return results.compactMap { result in
            guard case .string(let criteria)? = result[.criteria] else { return nil }
            var term: String?
            if case .string(let t)? = result[.term] { term = t }
            switch result[.grade] {
            case .number(let g)?: return LoggedGrade(criteria: criteria, term: term, value: .number(g))
            case .null?: return LoggedGrade(criteria: criteria, term: term, value: .null)
            default: return nil
            }
        }
    }
}
