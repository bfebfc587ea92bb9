import Clinical

extension CriteriaFile {
    /// The file as `aegrade criteria list --json` prints it: one JSON object a line.
    package var listingJSON: JSONValue {
        .object([
            ("criteria", .string(id)), ("title", .string(title)), ("version", .string(version)),
            ("hash", .string(hash)), ("source", .string(source)),
            ("interpretations", .array(interpretations.map { .string($0.id) })),
        ])
    }

    /// The file as `aegrade criteria list` prints it: id, version and hash, then the title and the
    /// source, indented. Text from the file is escaped (`PrintableText`).
    package var listingLines: [String] {
        ["\(id)  \(PrintableText.escaped(version))  \(hash)",
         "    \(PrintableText.escaped(title))",
         "    \(PrintableText.escaped(source))"]
    }

    /// The line `aegrade criteria check` prints for a file that loads.
    package var checkedLine: String { "ok  \(id)  \(PrintableText.escaped(version))  \(hash)" }
}
