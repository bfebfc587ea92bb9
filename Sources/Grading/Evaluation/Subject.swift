import Clinical

/// The assessment being graded, with the value of every name of the vocabulary read from it once
/// (``InputValues``), and the answers of the criteria files other files read through `uses`, kept
/// so that each file runs once per assessment.
///
/// One subject belongs to one thread at a time. A thread that grades a batch reuses one subject
/// (``GradingScratch``) from one assessment to the next, its input values and the arrays that keep
/// answers with it, so that grading allocates nothing per assessment for them.
final class Subject: @unchecked Sendable {
    private(set) var assessment: Assessment
    /// The value of each name, by its number (``Input``); owned by the subject, filled again for each assessment.
    let inputs: UnsafeMutableBufferPointer<SlotValue>
    /// Ids of the files whose answers are kept for this assessment, the first `keptCount` of them.
    private var keptFiles: [String] = []
    /// Their answers; arrays beyond `keptCount` are kept only for their storage.
    private var keptAnswers: [[Truth]] = []
    private var keptCount = 0

    init(_ assessment: Assessment) {
        self.assessment = assessment
        inputs = .allocate(capacity: Input.count)
        inputs.initialize(repeating: .bool(false))
        InputValues.fill(assessment, into: inputs)
    }

    deinit { inputs.deallocate() }

    /// Starts on another assessment: its values read, the answers kept for the last one dropped
    /// (their storage kept).
    func reset(_ assessment: Assessment) {
        self.assessment = assessment
        InputValues.fill(assessment, into: inputs)
        keptCount = 0
    }

    /// Whether the assessment holds a result of `analyte` (a CTCAE term is reported only then).
    func hasLab(_ analyte: Analyte) -> Bool { assessment.labs?[analyte] != nil }

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
