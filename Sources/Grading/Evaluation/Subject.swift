import Clinical

/// The assessment being graded, shared by reference with every condition node, with a memo of
/// the current criteria file's definitions.
///
/// One subject belongs to one thread at a time: the batch grader creates one per assessment.
final class Subject: @unchecked Sendable {
    let assessment: Assessment
    /// Answers of the current file's definitions, by slot; reset for each file.
    var memo: [Truth?] = []
    /// Grades of other files read through `uses` (`ctcae-5-labs.alt.grade`), computed once per
    /// assessment however many files and conditions read them.
    var referencedGrades: [String: Reading] = [:]

    init(_ assessment: Assessment) { self.assessment = assessment }

    /// Starts evaluating a file with `definitions` named definitions.
    func begin(definitions: Int) {
        memo = definitions == 0 ? [] : Array(repeating: nil, count: definitions)
    }
}
