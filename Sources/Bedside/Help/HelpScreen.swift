import Terminal
import Localization

/// `?`: every key of the screen below, and the global keys, from the same tables that run them;
/// for the assessment form also every field's keys; then what the screen's marks mean. j/k, arrows and space scroll when it is longer than the
/// screen; any other key closes it.
package final class HelpScreen: Screen {
    let below: any Screen
    private var scroll = 0
    private var layout = DocumentLayout()

    package init(for screen: any Screen) { below = screen }

    package var title: String { localized("Help: {screen}", ["screen": below.title]) }
    package var keymap: Keymap { Keymap([]) }

    package func banners(context: BedsideContext) -> [Banner] { below.banners(context: context) }

    /// The help as document lines.
    func document(width: Int) -> [DocumentLine] {
        var lines = [DocumentLine("  " + localized("Keys of {screen}", ["screen": below.title]), style: .bold)]
        func add(_ binding: Binding) {
            var line = DocumentLine()
            line.add(binding.keys.map(\.description).joined(separator: " "), style: .bold, at: 4, limit: 18)
            let help = DocumentView.wrap(binding.localizedHelp, columns: max(10, width - 26))
            line.add(help.first ?? "", at: 24, limit: width - 26)
            lines.append(line)
            // A Chinese help is wrapped rather than cut: it has no spaces for the line to end at.
            for more in help.dropFirst() {
                var next = DocumentLine()
                next.add(more, at: 24, limit: width - 26)
                lines.append(next)
            }
        }
        below.keymap.bindings.forEach(add)
        if !below.fieldKeys.isEmpty {
            lines += [DocumentLine(), DocumentLine("  " + localized("Keys of each field (as the hint line shows them when the field has the cursor)"), style: .bold)]
            for text in below.fieldKeys {
                for (index, piece) in AssessmentFormView.wrapKeys(text, width: max(20, width - 8)).enumerated() {
                    var line = DocumentLine()
                    line.add(piece, at: index == 0 ? 4 : 8)
                    lines.append(line)
                }
            }
        }
        lines += [DocumentLine(), DocumentLine("  " + localized("Everywhere"), style: .bold)]
        Keymap.global.bindings.forEach(add)
        if !below.legend.isEmpty {
            lines += [DocumentLine(), DocumentLine("  " + localized("What the marks mean"), style: .bold)]
            for text in below.legend {
                for (index, piece) in DocumentView.wrap(localized(text), columns: width - 8).enumerated() {
                    var line = DocumentLine()
                    line.add(piece, at: index == 0 ? 4 : 6)
                    lines.append(line)
                }
            }
        }
        return lines
    }

    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {
        let lines = document(width: area.width)
        layout = DocumentLayout(lineCount: lines.count, page: area.height, sections: [])
        DocumentView.draw(lines, scroll: scroll, top: area.top, bottom: area.bottom, width: area.width, into: &buffer)
    }

    package func statusText(context: BedsideContext) -> String? {
        layout.maxScroll > 0 ? localized("j/k/space scroll · any other key closes") : localized("any key closes")
    }

    package func handle(_ key: Key, context: BedsideContext) -> Reaction {
        let command: ScrollCommand?
        switch key {
        case .character("j"), .down: command = .down
        case .character("k"), .up: command = .up
        case .character(" "), .pageDown: command = .pageDown
        case .pageUp: command = .pageUp
        default: command = nil
        }
        guard let command, layout.maxScroll > 0 else { return .pop }
        scroll = command.apply(to: scroll, layout: layout)
        return .redraw
    }
}
