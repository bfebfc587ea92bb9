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
