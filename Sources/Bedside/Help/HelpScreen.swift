import Terminal

/// `?`: every key of the screen below, and the global keys, from the same tables that run them.
package final class HelpScreen: Screen {
    let below: any Screen
    package init(for screen: any Screen) { below = screen }

    package var title: String { "Help: \(below.title)" }
    package var keymap: Keymap { Keymap([]) }

    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {
        var y = area.top + 1
        buffer.put("Keys of \(below.title)", x: 2, y: y, style: .bold)
        y += 1
        for binding in below.keymap.bindings + [Binding([], "", "")] + Keymap.global.bindings where y < area.bottom {
            if binding.keys.isEmpty { y += 1; buffer.put("Everywhere", x: 2, y: y, style: .bold); y += 1; continue }
            buffer.put(binding.keys.map(\.description).joined(separator: " "), x: 4, y: y, style: .bold, limit: 18)
            buffer.put(binding.help, x: 24, y: y, limit: area.width - 26)
            y += 1
        }
    }

    package func handle(_ key: Key, context: BedsideContext) -> Reaction { .pop }
}
