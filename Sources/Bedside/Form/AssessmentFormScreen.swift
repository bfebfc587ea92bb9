import Terminal

/// The assessment form (being written).
package final class AssessmentFormScreen: Screen {
    let patient: String?
    package init(patient: String?, context: BedsideContext, startWithNeuroWizard: Bool = false) { self.patient = patient }
    package var title: String { "Assessment \(patient ?? "(new patient)")" }
    package var keymap: Keymap { Keymap([]) }
    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {}
    package func handle(_ key: Key, context: BedsideContext) -> Reaction { .unhandled }
}
