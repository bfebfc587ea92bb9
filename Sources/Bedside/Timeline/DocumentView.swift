import Terminal

/// Draws document lines into a screen buffer.
enum DocumentView {
    /// Draws `line` on row `y`, clipped at `width`.
    static func draw(_ line: DocumentLine, y: Int, width: Int, into buffer: inout ScreenBuffer) {
        var x = 0
        for span in line.spans {
            if let column = span.column { x = column }
            guard x < width else { continue }
            let limit = min(span.limit ?? width - x, width - x)
            x = buffer.put(span.text, x: x, y: y, style: span.style, limit: limit)
        }
    }

    /// `text` padded with spaces to `columns` terminal columns (wide characters counted twice).
    static func pad(_ text: String, to columns: Int) -> String { text.padded(toColumns: columns) }

    /// `text` broken into lines of at most `columns` columns: at spaces, and between Chinese
    /// characters (a longer word is cut where drawn).
    static func wrap(_ text: String, columns: Int) -> [String] { text.wrapped(toColumns: columns) }

    /// The first line shown when `scroll` is asked for and `count` lines share `height` rows.
    static func firstLine(scroll: Int, count: Int, height: Int) -> Int {
        max(0, min(scroll, count - height))
    }

    /// Draws `lines` from `scroll` into rows `top..<bottom`, with a `↑`/`↓` in the last column
    /// where more lines are above or below.
    static func draw(_ lines: [DocumentLine], scroll: Int, top: Int, bottom: Int, width: Int, into buffer: inout ScreenBuffer) {
        let height = max(0, bottom - top)
        let first = firstLine(scroll: scroll, count: lines.count, height: height)
        for (offset, line) in lines.dropFirst(first).prefix(height).enumerated() {
            draw(line, y: top + offset, width: width, into: &buffer)
        }
        if first > 0 { buffer.put("↑", x: width - 1, y: top, style: .bold) }
        if first + height < lines.count { buffer.put("↓", x: width - 1, y: bottom - 1, style: .bold) }
    }
}
