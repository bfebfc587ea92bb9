import Terminal

/// What a key of the assessment form does when it is not typed into the focused field: the
/// commands ``AssessmentFormKeymap/form`` and ``AssessmentFormKeymap/identify`` bind, and the only
/// ones `AssessmentFormState.apply` acts on (an exhaustive switch, so a command added here is
/// handled or the build fails). Which keys are typed and which are looked up here is decided by
/// one rule, ``AssessmentFormState/isTyped(_:)``.
package enum AssessmentFormCommand: String, CaseIterable, Sendable {
    /// The next field (identify: the next question).
    case next
    /// The previous field (identify: the previous question).
    case previous
    /// The field below, in the same column (identify: the next question).
    case nextRow
    /// The field above, in the same column (identify: the previous question).
    case previousRow
    case nextGroup, previousGroup
    case first, last
    /// Check the entry and save it (identify: open the form, as before a save can be asked).
    case save
    /// Identify: the patient is known, open the form.
    case `continue`
    /// Open the ICE wizard (CAPD under 12 or with developmental delay).
    case wizard
    case labUnits
    /// Empty the focused field (unknown, never read as normal).
    case clear
    /// Erase the last character typed (a choice or a list: clear it).
    case erase
    /// Leave the form, asking y/N before typed input is lost.
    case close
}
