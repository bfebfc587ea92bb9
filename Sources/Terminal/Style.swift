/// The eight ANSI colours every terminal has.
package enum Color: Int, Sendable, CaseIterable {
    case black, red, green, yellow, blue, magenta, cyan, white
}

/// How a cell is drawn. Meaning must never rest on colour alone: a screen that colours a value
/// also writes it (a digit, a symbol), so a monochrome terminal (`NO_COLOR`) loses nothing.
package struct Style: Hashable, Sendable {
    package var foreground: Color?
    package var background: Color?
    package var bold = false
    package var reverse = false
    package var underline = false
    package var dim = false

    package init(foreground: Color? = nil, background: Color? = nil, bold: Bool = false, reverse: Bool = false,
                 underline: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
    }

    package static let plain = Style()
    package static let bold = Style(bold: true)
    package static let reverse = Style(reverse: true)
    package static let dim = Style(dim: true)
}
