import Terminal

/// The audit-trail replay (being written).
package final class ReplayScreen: Screen {
    package init(context: BedsideContext) {}
    package var title: String { "Replay" }
    package var keymap: Keymap { Keymap([]) }
    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {}
    package func handle(_ key: Key, context: BedsideContext) -> Reaction { .unhandled }
}
