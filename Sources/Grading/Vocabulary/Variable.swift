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
    /// Reads an optional input: its value, or the path that is missing.
    static func bool(_ value: Bool?, _ path: FieldPath) -> Reading { value.map { .bool($0) } ?? .missing([path]) }
    static func number(_ value: Double?, _ path: FieldPath) -> Reading { value.map { .number($0) } ?? .missing([path]) }
    static func word<W: RawRepresentable>(_ value: W?, _ path: FieldPath) -> Reading where W.RawValue == String {
        value.map { .word($0.rawValue) } ?? .missing([path])
    }
}

func words<W: CaseIterable & RawRepresentable>(_ type: W.Type) -> [String] where W.RawValue == String {
    W.allCases.map(\.rawValue)
}
