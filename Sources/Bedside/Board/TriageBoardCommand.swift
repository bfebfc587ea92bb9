/// What a key of the triage board does: the commands its keymap (`TriageBoardScreen.keys`)
/// binds, and the only ones its key handling acts on (an exhaustive switch, so a command added
/// here is handled or the build fails).
package enum TriageBoardCommand: String, CaseIterable, Sendable {
    case down, up, timeline, assess, new, ice, override, correct, rules, replay, find, clear, top, bottom, switchUser
}
