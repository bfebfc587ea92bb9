extension ScreenBuffer {
    /// What is wrong with this buffer, one sentence per broken rule (empty when sound): the cell
    /// count matches the size, every wide character is followed by its continuation cell, and every
    /// continuation cell follows a wide character. `put` and `fill` keep these; the subscript setter
    /// can break them.
    package var invariantViolations: [String] {
        guard cells.count == width * height else { return ["\(cells.count) cells for \(width)×\(height)"] }
        var violations: [String] = []
        for y in 0..<height {
            for x in 0..<width {
                let text = self[x, y].text
                if text.isEmpty {
                    if x == 0 || self[x - 1, y].text.first?.displayWidth != 2 {
                        violations.append("continuation cell at (\(x), \(y)) follows no wide character")
                    }
                } else if text.first?.displayWidth == 2, x + 1 >= width || !self[x + 1, y].text.isEmpty {
                    violations.append("wide character \(text) at (\(x), \(y)) has no continuation cell")
                }
            }
        }
        return violations
    }

    /// Traps with the first broken rule of `invariantViolations`.
    package func checkInvariants() {
        if let first = invariantViolations.first { preconditionFailure(first) }
    }
}
