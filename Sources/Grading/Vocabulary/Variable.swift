import Clinical

/// A name the criteria files may use: an input of `grade-io.md` or a value derived from inputs.
struct Variable: Sendable {
    let name: String
    let type: ValueType
    /// One line for reviewers: what the name means and where it comes from.
    let summary: String
    /// Its number among the inputs (``Input``): where ``InputValues`` puts its value for each
    /// assessment, and where the programs of the criteria files read it.
    let input: Int32
}

func words<W: CaseIterable & RawRepresentable>(_ type: W.Type) -> [String] where W.RawValue == String {
    W.allCases.map(\.rawValue)
}
