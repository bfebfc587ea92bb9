/// What a key of the ICE or CAPD wizard does: the commands ``AssessmentFormKeymap/wizard`` binds.
/// Leaving, going back a step and accepting the answers are looked up there by both wizards; the
/// answer keys of a step (y/n, 0–3, a CAPD frequency, an unable reason) are the step's own, shown
/// in its hint, as a field's keys are beside the field.
package enum WizardCommand: String, CaseIterable, Sendable {
    /// One of the step's answer keys.
    case answer
    /// The item cannot be done: pick the reason (ICE) or record it (CAPD).
    case unable
    /// Back one step (the last answer is taken back).
    case back
    /// At the end: put the answers into the form.
    case finish
    /// Leave the wizard (the form asks y/N before answers are lost).
    case leave
}
