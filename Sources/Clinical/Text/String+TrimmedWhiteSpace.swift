extension String {
    /// The text without white space (the Unicode `White_Space` property: the same characters as
    /// Foundation's `whitespacesAndNewlines`) at either end. Done on the Unicode scalars in Swift
    /// rather than through Foundation's `trimmingCharacters(in:)`, which bridges every string to
    /// an `NSString` and back: loading the criteria trims every scalar of every file, at every
    /// start of the program.
    package var trimmedWhiteSpace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        if first == scalars.startIndex, last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }
}
