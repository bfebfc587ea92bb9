/// One cell of the screen: a character (or the right half of a wide one) and its style.
package struct Cell: Hashable, Sendable {
    /// The grapheme drawn here; empty for the second column of a wide character.
    package var text: String
    package var style: Style

    package static let blank = Cell(text: " ", style: .plain)
    /// The right half of a double-width character.
    package static func continuation(_ style: Style) -> Cell { Cell(text: "", style: style) }
}

/// A pure in-memory screen: screens render into it, tests read it, and only `Curses` copies it to
/// the terminal (the difference to the previous frame).
///
/// Columns are terminal columns: a Chinese character takes two (`displayWidth`).
package struct ScreenBuffer: Equatable, Sendable {
    package let width: Int
    package let height: Int
    package private(set) var cells: [Cell]
    /// Where the terminal cursor should stand (a text field being edited), if shown.
    package var cursor: (x: Int, y: Int)?

    package init(width: Int, height: Int) {
        precondition(width >= 0 && height >= 0, "\(width)×\(height) is not a screen size")
        self.width = width
        self.height = height
        self.cells = Array(repeating: .blank, count: width * height)
    }

    package static func == (a: ScreenBuffer, b: ScreenBuffer) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells && a.cursor?.x == b.cursor?.x && a.cursor?.y == b.cursor?.y
    }

    package subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` from column `x` of row `y`, clipped at `limit` columns (the right edge by
    /// default); returns the column after the last one written. A wide character that does not fit
    /// entirely is not drawn (nor anything after it). A wide character already on the row that the
    /// text overwrites half of is blanked whole.
    @discardableResult
    package mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let end = min(width, limit.map { x + $0 } ?? width)
        var column = x
        for character in text.visibleControls {
            let w = character.displayWidth
            if w == 0 { continue }
            guard column + w <= end else { break }
            if column >= 0 {
                breakWideCharacters(row: y, from: column, to: column + w)
                self[column, y] = Cell(text: String(character), style: style)
                if w == 2 { self[column + 1, y] = .continuation(style) }
            }
            column += w
        }
        return column
    }

    /// Fills a rectangle with blanks of `style`.
    package mutating func fill(x: Int = 0, y: Int, width w: Int? = nil, height h: Int = 1, style: Style = .plain) {
        let right = min(width, x + (w ?? width - x))
        let left = max(0, x)
        let top = max(0, y), bottom = min(height, y + h)
        guard left < right, top < bottom else { return }
        for row in top..<bottom {
            breakWideCharacters(row: row, from: left, to: right)
            for column in left..<right { self[column, row] = Cell(text: " ", style: style) }
        }
    }

    /// Before columns `from..<to` of `row` are overwritten: a wide character that the write cuts in
    /// half loses its other half too (it becomes a blank of its style), so no half character is left.
    private mutating func breakWideCharacters(row: Int, from: Int, to: Int) {
        if from > 0, from < width, self[from, row].text.isEmpty {
            self[from - 1, row] = Cell(text: " ", style: self[from - 1, row].style)
        }
        if to > 0, to < width, self[to, row].text.isEmpty {
            self[to, row] = Cell(text: " ", style: self[to, row].style)
        }
    }

    /// Row `y` as plain text (trailing blanks removed), as tests and `capture-pane` read it.
    package func line(_ y: Int) -> String {
        var text = ""
        for x in 0..<width { text += self[x, y].text }
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    /// Every row as plain text.
    package var lines: [String] { (0..<height).map(line) }

    /// The rows that differ from `previous` (all rows when the size changed): what needs redrawing.
    package func changedRows(since previous: ScreenBuffer?) -> [Int] {
        guard let previous, previous.width == width, previous.height == height else { return Array(0..<height) }
        return (0..<height).filter { y in
            let start = y * width
            return cells[start..<(start + width)] != previous.cells[start..<(start + width)]
        }
    }
}

extension Character {
    /// Terminal columns this character takes: 2 for East Asian wide and fullwidth characters, 0 for
    /// combining marks, format characters (zero-width space, joiners) and controls, 1 otherwise (after Unicode UAX #11, the ranges wcwidth uses).
    package var displayWidth: Int {
        guard let scalar = unicodeScalars.first else { return 0 }
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        // Zero-width space, joiners, direction marks; the soft hyphen shows as a hyphen (wcwidth 1).
        case .format where v != 0xAD: return 0
        default: break
        }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}

extension String {
    /// The text with each control character (C0, DEL, C1, the bidirectional controls, the line and
    /// paragraph separators) written as a visible escape, `\u{1B}` or `\n`, as
    /// `PrintableText.escaped` writes it for standard output. `put` draws through this: an id or a
    /// reason from the log could otherwise hold such a character, which would show as nothing
    /// (`A\u{0}B` and `AB` as the same id) — none of them ever reaches the terminal either way.
    var visibleControls: String {
        guard unicodeScalars.contains(where: \.isControlToEscape) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            guard scalar.isControlToEscape else { out.unicodeScalars.append(scalar); continue }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    /// Terminal columns this text takes.
    package var displayWidth: Int { reduce(0) { $0 + $1.displayWidth } }
}

extension Unicode.Scalar {
    /// The characters `PrintableText` escapes (Terminal does not depend on Clinical, so the set is
    /// repeated here; a Bedside test holds the two to the same answers).
    var isControlToEscape: Bool {
        switch value {
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
        default: false
        }
    }
}
