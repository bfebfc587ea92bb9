/// One character to write to the terminal at a column, with its style.
package struct Glyph: Equatable, Sendable {
    package var x: Int
    package var text: String
    package var style: Style

    package init(x: Int, text: String, style: Style) {
        self.x = x
        self.text = text
        self.style = style
    }
}

extension ScreenBuffer {
    /// What to write for row `y` on a terminal `columns` wide, one glyph per cell that starts a
    /// character, so that every character lands in its own column whatever the terminal thinks.
    ///
    /// `terminalWidth` is the terminal's own width of a character (`wcwidth` in `Curses`; nil when it
    /// cannot print it). Where it disagrees with `displayWidth`, the row must still line up: a
    /// character we count wide but the terminal narrow is followed by a blank; one the terminal would
    /// draw wider than we counted, or cannot print, becomes `?`. A cell with nothing printable, a
    /// continuation with no wide character before it, and a wide character cut by the terminal's
    /// right edge become blanks.
    package func glyphs(ofRow y: Int, columns: Int? = nil,
                        terminalWidth: (Character) -> Int? = { $0.displayWidth }) -> [Glyph] {
        let end = min(width, columns ?? width)
        var glyphs: [Glyph] = []
        var x = 0
        while x < end {
            let cell = self[x, y]
            guard let character = cell.text.first, character.displayWidth > 0 else {
                glyphs.append(Glyph(x: x, text: " ", style: cell.style))
                x += 1
                continue
            }
            let wide = x + 1 < width && self[x + 1, y].text.isEmpty
            if wide && x + 1 >= end {
                glyphs.append(Glyph(x: x, text: " ", style: cell.style))
                break
            }
            switch (wide, terminalWidth(character)) {
            case (true, 2), (false, 1):
                glyphs.append(Glyph(x: x, text: String(character), style: cell.style))
            case (true, 1):
                glyphs.append(Glyph(x: x, text: String(character), style: cell.style))
                glyphs.append(Glyph(x: x + 1, text: " ", style: cell.style))
            case (true, _):
                glyphs.append(Glyph(x: x, text: "?", style: cell.style))
                glyphs.append(Glyph(x: x + 1, text: " ", style: cell.style))
            case (false, _):
                glyphs.append(Glyph(x: x, text: "?", style: cell.style))
            }
            x += wide ? 2 : 1
        }
        return glyphs
    }
}
