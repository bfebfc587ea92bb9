import Clinical

/// The assessment being graded, read by the names of the vocabulary, with the answers of the
/// criteria files other files read through `uses`, kept so that each file runs once per assessment.
///
/// One subject belongs to one thread at a time. A thread that grades a batch reuses one subject
/// (``GradingScratch``) from one assessment to the next, and the arrays that keep answers with it,
/// so that grading allocates nothing per assessment for them.
final class Subject: @unchecked Sendable {
    private(set) var assessment: Assessment
    /// Ids of the files whose answers are kept for this assessment, the first `keptCount` of them.
    private var keptFiles: [String] = []
    /// Their answers; arrays beyond `keptCount` are kept only for their storage.
    private var keptAnswers: [[Truth]] = []
    private var keptCount = 0

    init(_ assessment: Assessment) { self.assessment = assessment }

    /// Starts on another assessment: the answers kept for the last one are dropped, their storage kept.
    func reset(_ assessment: Assessment) {
        self.assessment = assessment
        keptCount = 0
    }

    /// The answers of file `id`, if kept for this assessment, handed to `body`.
    func withAnswers<R>(of id: String, _ body: (UnsafeBufferPointer<Truth>) -> R) -> R? {
        for index in 0..<keptCount where keptFiles[index] == id {
            return keptAnswers[index].withUnsafeBufferPointer(body)
        }
        return nil
    }

    func keep(_ answers: UnsafeBufferPointer<Truth>, of id: String) {
        if keptCount == keptAnswers.count {
            keptFiles.append(id)
            keptAnswers.append(Array(answers))
        } else {
            keptFiles[keptCount] = id
            keptAnswers[keptCount].removeAll(keepingCapacity: true)
            keptAnswers[keptCount].append(contentsOf: answers)
        }
        keptCount += 1
    }
}
