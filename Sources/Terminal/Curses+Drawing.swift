import CNcursesw
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Curses {
    /// Writes the rows of `buffer` that changed since the last frame, places or hides the cursor,
    /// and refreshes. After a resize, or when the buffer's size changed, the whole screen is
    /// cleared and repainted. Parts of the buffer beyond the terminal are clipped.
    package func draw(_ buffer: ScreenBuffer) {
        let (columns, rows) = size
        let rowsToWrite: [Int]
        if resized || previous == nil || previous?.width != buffer.width || previous?.height != buffer.height {
            werase(window)
            if resized { clearok(window, true) }   // the terminal may hold anything now: repaint all
            rowsToWrite = Array(0..<buffer.height)
        } else {
            rowsToWrite = buffer.changedRows(since: previous)
        }
        for y in rowsToWrite where y < rows {
            for glyph in buffer.glyphs(ofRow: y, columns: columns, terminalWidth: Self.terminalWidth) {
                write(glyph, y: y)
            }
        }
        if let cursor = buffer.cursor, cursor.x >= 0, cursor.y >= 0,
           cursor.x < min(columns, buffer.width), cursor.y < min(rows, buffer.height) {
            showCursor(true)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            showCursor(false)
        }
        wrefresh(window)
        previous = buffer
        resized = false
    }

    private func write(_ glyph: Glyph, y: Int) {
        let attributes = Self.attributes(of: glyph.style)
        let pair = Int16(colorPairs > 0 ? ColorPairs.number(for: glyph.style, available: colorPairs) : 0)
        // A spacing character and its combining marks, as many as a curses cell holds.
        var characters = glyph.text.unicodeScalars.prefix(Int(CCHARW_MAX)).map { wchar_t(bitPattern: $0.value) }
        characters.append(0)
        var cell = cchar_t()
        if setcchar(&cell, characters, attributes, pair, nil) != OK {
            setcchar(&cell, [wchar_t(63), 0], attributes, pair, nil)   // "?"
        }
        // At the bottom-right cell curses cannot advance the cursor and returns ERR, but the
        // character is placed.
        mvwadd_wch(window, Int32(y), Int32(glyph.x), &cell)
    }

    private static func attributes(of style: Style) -> attr_t {
        var attributes = attr_t(truncatingIfNeeded: aeg_a_normal())
        if style.bold { attributes |= attr_t(truncatingIfNeeded: aeg_a_bold()) }
        if style.reverse { attributes |= attr_t(truncatingIfNeeded: aeg_a_reverse()) }
        if style.underline { attributes |= attr_t(truncatingIfNeeded: aeg_a_underline()) }
        if style.dim { attributes |= attr_t(truncatingIfNeeded: aeg_a_dim()) }
        return attributes
    }

    /// The width the terminal gives a character (the C library's `wcwidth` in the current
    /// locale, which is what curses goes by); nil when it cannot print it.
    static func terminalWidth(_ character: Character) -> Int? {
        guard let scalar = character.unicodeScalars.first else { return nil }
        let width = aeg_wcwidth(scalar.value)
        return width < 0 ? nil : Int(width)
    }

    private func showCursor(_ visible: Bool) {
        guard cursorVisible != visible else { return }
        cursorVisible = visible
        curs_set(visible ? 1 : 0)
    }
}
