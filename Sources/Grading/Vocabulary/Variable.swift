import Clinical

/// A name the criteria files may use: an input of `grade-io.md` or a value derived from inputs.
struct Variable: Sendable {
    let name: String
    let type: ValueType
    /// One line for reviewers: what the name means and where it comes from.
    let summary: String
    let read: @Sendable (Subject) -> Reading
}

extension Reading {
    /// Reads an optional input: its value, or the path that is missing (put together only then:
    /// a batch reads every name of every assessment).
    static func bool(_ value: Bool?, _ path: @autoclosure () -> FieldPath) -> Reading {
        if let value { return .bool(value) }
        return .missing([path()])
    }
    static func number(_ value: Double?, _ path: @autoclosure () -> FieldPath) -> Reading {
        if let value { return .number(value) }
        return .missing([path()])
    }
    static func word<W: RawRepresentable>(_ value: W?, _ path: @autoclosure () -> FieldPath) -> Reading where W.RawValue == String {
        if let value { return .word(value.rawValue) }
        return .missing([path()])
    }
}

func words<W: CaseIterable & RawRepresentable>(_ type: W.Type) -> [String] where W.RawValue == String {
    W.allCases.map(\.rawValue)
}
