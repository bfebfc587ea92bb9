import Terminal
import Localization

/// The stopping rules: each rule's count against its threshold, the state (continue or paused)
/// and the tripped rules, the next permitted dosing, and the subjects not treated.
package final class RulesScreen: Screen {
    private(set) var state: RulesState
    private var layout = DocumentLayout()

    package init(context: BedsideContext) {
        state = RulesState(trial: context.trial, status: context.ruleStatus, events: context.ruleEvents, now: context.now(), sites: context.countedSites)
    }

    package var title: String { localized("Stopping rules") }
    package var keymap: Keymap { RulesKeymap.keys }

    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {
        layout = RulesView.render(state, into: &buffer, area: area, colors: context.colors)
    }

    package func handle(_ key: Key, context: BedsideContext) -> Reaction {
        guard let command = keymap.command(for: key).flatMap(ScrollCommand.init(rawValue:)) else { return .unhandled }
        return state.apply(command, layout: layout)
    }

    package func logChanged(context: BedsideContext) {
        state.update(trial: context.trial, status: context.ruleStatus, events: context.ruleEvents, now: context.now(), sites: context.countedSites)
    }

    /// The status the context evaluated again at the clock's tick (a window ended, a dose became
    /// permitted).
    package func tick(context: BedsideContext) { logChanged(context: context) }
}
