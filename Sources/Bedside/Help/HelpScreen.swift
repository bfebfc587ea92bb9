import Terminal

/// `?`: every key of the screen below, and the global keys, from the same tables that run them;
/// for the assessment form also every field's keys. ↓/↑ (j/k), PgDn/PgUp scroll; any other key
/// goes back.
package final class HelpScreen: Screen {
    let below: any Screen
    package private(set) var first = 0
    private var lastPage = 1
    package init(for screen: any Screen) { below = screen }

    package var title: String { "Help: \(below.title)" }
    package var keymap: Keymap { Keymap([]) }

    /// The help text: bindings as (keys, help), headings with empty keys.
    func entries(width: Int) -> [(keys: String, text: String, heading: Bool)] {
        var rows: [(String, String, Bool)] = [("", "Keys of \(below.title)", true)]
        for binding in below.keymap.bindings { rows.append((binding.keys.map(\.description).joined(separator: " "), binding.help, false)) }
        let fields = below.fieldKeys
        if !fields.isEmpty {
            rows.append(("", "", false))
            rows.append(("", "Keys of each field (as the hint line shows them when the field has the cursor)", true))
            for line in fields {
                for (index, part) in AssessmentFormView.wrapKeys(line, width: max(20, width - 6)).enumerated() {
                    rows.append(("", (index == 0 ? "" : "    ") + part, false))
                }
            }
        }
        rows.append(("", "", false))
        rows.append(("", "Everywhere", true))
        for binding in Keymap.global.bindings { rows.append((binding.keys.map(\.description).joined(separator: " "), binding.help, false)) }
        return rows
    }

    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {
        let rows = entries(width: area.width)
        let page = max(1, area.height - 2)
        lastPage = page
        first = min(first, max(0, rows.count - page))
        var y = area.top + 1
        for row in rows.dropFirst(first).prefix(page) {
            if row.heading {
                buffer.put(row.text, x: 2, y: y, style: .bold, limit: area.width - 4)
            } else if row.keys.isEmpty {
                AssessmentFormView.putKeys(row.text, x: 4, y: y, limit: area.width - 6, into: &buffer)
            } else {
                buffer.put(row.keys, x: 4, y: y, style: .bold, limit: 18)
                buffer.put(row.text, x: 24, y: y, limit: area.width - 26)
            }
            y += 1
        }
        if first + page < rows.count { buffer.put("↓ more (↓ or PgDn)", x: max(0, area.width - 20), y: area.bottom - 1, style: .bold) }
    }

    package func handle(_ key: Key, context: BedsideContext) -> Reaction {
        switch key {
        case .down, .character("j"): first += 1
        case .up, .character("k"): first = max(0, first - 1)
        case .pageDown, .character(" "): first += lastPage
        case .pageUp: first = max(0, first - lastPage)
        default: return .pop
        }
        return .redraw
    }
}
