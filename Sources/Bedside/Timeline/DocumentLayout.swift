/// What a scrolling screen's state needs from the last frame: how many lines the document has,
/// how many rows show, and where its sections start.
struct DocumentLayout: Equatable {
    var lineCount = 0
    var page = 1
    var sections: [Int] = []

    /// The furthest a document scrolls: its last line on the last row.
    var maxScroll: Int { max(0, lineCount - page) }
}
