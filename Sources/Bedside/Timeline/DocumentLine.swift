import Terminal

/// One line of a screen that scrolls as a document (the timeline, the rules): styled pieces of
/// text, each starting where the previous ended or at a column of its own.
struct DocumentLine: Equatable {
    struct Span: Equatable {
        var text: String
        var style: Style
        /// Where the span starts; after the previous span when nil.
        var column: Int?
        /// The most columns the span may take (clipped beyond).
        var limit: Int?
    }

    var spans: [Span] = []

    init() {}

    init(_ text: String, style: Style = .plain) { add(text, style: style) }

    mutating func add(_ text: String, style: Style = .plain, at column: Int? = nil, limit: Int? = nil) {
        spans.append(Span(text: text, style: style, column: column, limit: limit))
    }

    /// The line without styles, as it reads.
    var text: String {
        var buffer = ScreenBuffer(width: 400, height: 1)
        DocumentView.draw(self, y: 0, width: 400, into: &buffer)
        return buffer.line(0)
    }
}

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
    static func pad(_ text: String, to columns: Int) -> String {
        let width = text.displayWidth
        return width >= columns ? text : text + String(repeating: " ", count: columns - width)
    }

    /// `text` broken at spaces into lines of at most `columns` columns (a longer word is cut).
    static func wrap(_ text: String, columns: Int) -> [String] {
        guard columns > 0 else { return [text] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            if line.isEmpty { line = word } else if (line + " " + word).displayWidth <= columns { line += " " + word } else {
                lines.append(line)
                line = word
            }
        }
        lines.append(line)
        return lines
    }

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

/// What a scrolling screen's state needs from the last frame: how many lines the document has,
/// how many rows show, and where its sections start.
struct DocumentLayout: Equatable {
    var lineCount = 0
    var page = 1
    var sections: [Int] = []

    /// The furthest a document scrolls: its last line on the last row.
    var maxScroll: Int { max(0, lineCount - page) }
}

/// The scrolling commands a document screen shares.
enum ScrollCommand: String, CaseIterable {
    case down, up, pageDown, pageUp, top, bottom, nextSection, previousSection

    /// The new first line after the command, within the document.
    func apply(to scroll: Int, layout: DocumentLayout) -> Int {
        let current = min(scroll, layout.maxScroll)
        let page = max(1, layout.page - 1)
        let target: Int
        switch self {
        case .down: target = current + 1
        case .up: target = current - 1
        case .pageDown: target = current + page
        case .pageUp: target = current - page
        case .top: target = 0
        case .bottom: target = layout.maxScroll
        case .nextSection: target = layout.sections.first { $0 > current } ?? current
        case .previousSection: target = layout.sections.last { $0 < current } ?? 0
        }
        return max(0, min(layout.maxScroll, target))
    }

    /// The bindings for these commands (`extra` first, so a screen's own keys are listed on top).
    static func keymap(_ extra: [Binding] = [], sections: String?) -> Keymap {
        var bindings = extra + [
            Binding([.character("j"), .down], ScrollCommand.down.rawValue, "Scroll down"),
            Binding([.character("k"), .up], ScrollCommand.up.rawValue, "Scroll up"),
            Binding([.pageDown, .character(" ")], ScrollCommand.pageDown.rawValue, "Page down", statusBar: false),
            Binding([.pageUp], ScrollCommand.pageUp.rawValue, "Page up", statusBar: false),
            Binding([.home, .character("g")], ScrollCommand.top.rawValue, "Top", statusBar: false),
            Binding([.end, .character("G")], ScrollCommand.bottom.rawValue, "Bottom", statusBar: false),
        ]
        if let sections {
            bindings.append(Binding([.tab], ScrollCommand.nextSection.rawValue, "Next section (\(sections))"))
            bindings.append(Binding([.backTab], ScrollCommand.previousSection.rawValue, "Previous section", statusBar: false))
        }
        return Keymap(bindings)
    }
}
