import Clinical

/// The assessment being graded, read by the names of the vocabulary, with the answers of the
/// criteria files other files read through `uses`, kept so that each file runs once per assessment.
///
/// One subject belongs to one thread at a time: each assessment is graded with a subject of its own.
final class Subject: @unchecked Sendable {
    let assessment: Assessment
    /// Answers of the files kept so far, by file id (a handful at most).
    private var kept: [(file: String, answers: [Truth])] = []

    init(_ assessment: Assessment) { self.assessment = assessment }

    /// The answers of file `id`, if kept for this assessment.
    func answers(of id: String) -> [Truth]? {
        for entry in kept where entry.file == id { return entry.answers }
        return nil
    }

    func keep(_ answers: UnsafeBufferPointer<Truth>, of id: String) {
        kept.append((id, Array(answers)))
    }
}
