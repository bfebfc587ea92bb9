import Bedside
import Clinical
import Foundation
import Terminal
import Testing

/// The keymaps are the one table of keys: every key a screen's keymap lists does what `?` help
/// says, and a key the keymap does not list is left to the global keys (`.unhandled`), so help
/// and behaviour cannot drift apart.
@Suite struct KeymapTests {
    /// Every key a terminal can send that a screen could bind: printable ASCII, Ctrl-letters,
    /// the named keys and F1–F12.
    static let everyKey: [Key] = (32...126).compactMap { Unicode.Scalar($0).map { Key.character(Character($0)) } }
        + "abcdefghijklmnopqrstuvwxyz".map { Key.control($0) }
        + [.up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .enter, .escape, .tab, .backTab, .backspace, .delete]
        + (1...12).map { Key.function($0) }

    @Test func theBoardsKeymapNamesEveryBoardCommandAndOnlyThose() {
        let named = TriageBoardScreen.keys.bindings.map(\.command)
        #expect(Set(named) == Set(TriageBoardCommand.allCases.map(\.rawValue)), "\(named)")
        #expect(named.count == Set(named).count, "one binding per command, so help lists each once")
        let keys = TriageBoardScreen.keys.bindings.flatMap(\.keys)
        #expect(keys.count == Set(keys).count, "no key bound twice")
    }

    @Test func theGlobalKeymapNamesEveryGlobalCommandAndOnlyThose() {
        #expect(Set(Keymap.global.bindings.map(\.command)) == Set(GlobalCommand.allCases.map(\.rawValue)))
    }

    /// What pressing `key` on a fresh board (three patients, the first selected) did.
    static func press(_ key: Key) throws -> (reaction: Reaction, screen: TriageBoardScreen, context: BedsideContext, directory: URL) {
        let (context, directory) = try BoardTests.makeContext()
        let screen = TriageBoardScreen(context: context)
        return (screen.handle(key, context: context), screen, context, directory)
    }

    @Test func everyKeyOfTheBoardDoesWhatHelpSays() throws {
        for binding in TriageBoardScreen.keys.bindings {
            let command = try #require(TriageBoardCommand(rawValue: binding.command))
            for key in binding.keys {
                let (reaction, screen, context, directory) = try Self.press(key)
                defer { try? FileManager.default.removeItem(at: directory) }
                let said = "\(key) (\(binding.help))"
                switch command {
                case .down:
                    #expect(screen.state.selected == 1, "\(said)")
                case .up:
                    let moved = TriageBoardScreen(context: context)
                    _ = moved.handle(.down, context: context)
                    _ = moved.handle(key, context: context)
                    #expect(moved.state.selected == 0 && Self.isRedraw(reaction), "\(said)")
                case .top:
                    #expect(screen.state.selected == 0 && Self.isRedraw(reaction), "\(said)")
                case .bottom:
                    #expect(screen.state.selected == screen.state.visibleRows.count - 1, "\(said)")
                case .find:
                    #expect(screen.state.filtering, "\(said)")
                case .clear:
                    // No filter to clear: nothing happens, and the board is not left.
                    #expect(Self.isNone(reaction), "\(said)")
                case .timeline:
                    #expect(Self.pushed(reaction) is PatientTimelineScreen, "\(said)")
                case .assess, .new:
                    let form = Self.pushed(reaction) as? AssessmentFormScreen
                    #expect(form != nil, "\(said)")
                    #expect((form?.state.phase == .identify) == (command == .new), "\(said): a new patient starts by identifying")
                case .ice:
                    let form = Self.pushed(reaction) as? AssessmentFormScreen
                    #expect(form?.state.wizard != nil, "\(said): the form opens on the ICE wizard")
                case .override:
                    #expect(Self.pushed(reaction) is OverrideScreen, "\(said)")
                case .correct:
                    #expect(Self.pushed(reaction) is CorrectionScreen, "\(said)")
                case .rules:
                    #expect(Self.pushed(reaction) is RulesScreen, "\(said)")
                case .replay:
                    #expect(Self.pushed(reaction) is ReplayScreen, "\(said)")
                case .switchUser:
                    #expect(Self.pushed(reaction) is SignInScreen && context.signedIn == nil, "\(said): signed out, the sign-in shown")
                }
            }
        }
    }

    @Test func theBoardHandlesNoKeyThatHelpDoesNotList() throws {
        let listed = Set(TriageBoardScreen.keys.bindings.flatMap(\.keys))
        let (context, directory) = try BoardTests.makeContext()
        defer { try? FileManager.default.removeItem(at: directory) }
        var checked = 0
        for key in Self.everyKey where !listed.contains(key) {
            let screen = TriageBoardScreen(context: context)
            let reaction = screen.handle(key, context: context)
            #expect(Self.isUnhandled(reaction), "\(key) is not in the board's help, yet the board took it")
            checked += 1
        }
        #expect(checked > 100, "only \(checked) keys checked")
    }

    static func pushed(_ reaction: Reaction) -> (any Screen)? {
        if case .push(let screen) = reaction { return screen }
        return nil
    }

    static func isRedraw(_ reaction: Reaction) -> Bool { if case .redraw = reaction { true } else { false } }
    static func isNone(_ reaction: Reaction) -> Bool { if case .none = reaction { true } else { false } }
    static func isUnhandled(_ reaction: Reaction) -> Bool { if case .unhandled = reaction { true } else { false } }
}
