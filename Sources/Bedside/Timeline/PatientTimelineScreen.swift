import Terminal

/// The patient timeline (being written).
package final class PatientTimelineScreen: Screen {
    let patient: String
    package init(patient: String, context: BedsideContext) { self.patient = patient }
    package var title: String { "Timeline \(patient)" }
    package var keymap: Keymap { Keymap([]) }
    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {}
    package func handle(_ key: Key, context: BedsideContext) -> Reaction { .unhandled }
}
