import Terminal

/// How a grade is shown: the digit, a symbol of its severity, and a colour — so meaning never
/// rests on colour alone.
package enum GradeGlyph {
    /// "3 ▮▮▮", "0 ·", "5 †", "? ≥2" (not assessable, at least 2), "-" (not graded); a grade
    /// that is not definite now carries the last definite one: "?(4)", "?≥1(4)", "-(4)".
    package static func text(grade: Int?, atLeast: Int? = nil, graded: Bool = true, lastDefinite: Int? = nil) -> String {
        let last = lastDefinite.map { "(\($0))" } ?? ""
        guard graded else { return "-" + last }
        guard let grade else { return (atLeast.map { "?≥\($0)" } ?? "?") + last }
        switch grade {
        case 0: return "0 ·"
        case 5: return "5 †"
        default: return "\(grade) " + String(repeating: "▮", count: grade)
        }
    }

    /// The style of a grade: green, yellow, red, and reversed red for 4–5; bold from grade 3.
    package static func style(grade: Int?, colors: Bool) -> Style {
        guard let grade else { return Style(foreground: colors ? .cyan : nil, underline: !colors) }
        guard colors else { return Style(bold: grade >= 3, reverse: grade >= 4) }
        switch grade {
        case 0: return Style(foreground: .green)
        case 1, 2: return Style(foreground: .yellow, bold: grade == 2)
        case 3: return Style(foreground: .red, bold: true)
        default: return Style(foreground: .white, background: .red, bold: true)
        }
    }
}
