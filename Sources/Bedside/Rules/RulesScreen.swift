import Terminal

/// The stopping rules (being written).
package final class RulesScreen: Screen {
    package init(context: BedsideContext) {}
    package var title: String { "Stopping rules" }
    package var keymap: Keymap { Keymap([]) }
    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {}
    package func handle(_ key: Key, context: BedsideContext) -> Reaction { .unhandled }
}
