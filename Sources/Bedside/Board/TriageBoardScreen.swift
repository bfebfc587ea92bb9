import Clinical
import Foundation
import Localization
import Terminal

/// The default screen: one line per patient, worst first.
package final class TriageBoardScreen: Screen {
    package private(set) var state = TriageBoardState()

    package init(context: BedsideContext) { reload(context) }

    package var title: String { localized("Triage board") }

    /// The board's one table of keys: `handle(_:context:)` looks every key up here and acts on
    /// the command it names, and `?` help and the status bar are made from it, so a key cannot do
    /// what help does not say.
    package static let keys = Keymap([
        Binding([.character("j"), .down], TriageBoardCommand.down.rawValue, "Next patient"),
        Binding([.character("k"), .up], TriageBoardCommand.up.rawValue, "Previous patient", statusBar: false),
        Binding([.enter, .character("t")], TriageBoardCommand.timeline.rawValue, "Timeline of the patient"),
        Binding([.character("a")], TriageBoardCommand.assess.rawValue, "New assessment of the patient"),
        Binding([.character("n")], TriageBoardCommand.new.rawValue, "New assessment of a new patient", statusBar: false),
        Binding([.character("i")], TriageBoardCommand.ice.rawValue, "ICE (or CAPD) step by step for the patient", statusBar: false),
        Binding([.character("o")], TriageBoardCommand.override.rawValue,
                "Override the patient's CRS or ICANS grade (physician, PI; asks a reason and y/N)", statusBar: false),
        Binding([.character("e")], TriageBoardCommand.correct.rawValue, "Correct the patient's last assessment (asks a reason and y/N)",
                statusBar: false),
        Binding([.character("r")], TriageBoardCommand.rules.rawValue, "Stopping rules and dosing"),
        Binding([.character("p")], TriageBoardCommand.replay.rawValue, "Replay the audit trail", statusBar: false),
        Binding([.character("/")], TriageBoardCommand.find.rawValue, "Find a patient (Enter keeps the filter, Esc clears it)"),
        Binding([.escape], TriageBoardCommand.clear.rawValue, "Clear the filter (Esc never quits the board)", statusBar: false),
        Binding([.home, .character("g")], TriageBoardCommand.top.rawValue, "First patient", statusBar: false),
        Binding([.end, .character("G")], TriageBoardCommand.bottom.rawValue, "Last patient", statusBar: false),
        Binding([.character("u")], TriageBoardCommand.switchUser.rawValue,
                "Switch user: sign out (recorded) and let another user sign in", statusBar: false),
    ])

    /// What the board's marks mean, for `?` help.
    package static let legend = [
        "3 ▮▮▮  grade with bars; 0 · none; 5 † fatal; colour repeats it, never replaces it",
        "?  not assessable now (?≥2: at least 2 proven); -  not graded",
        "?(4)  not assessable now; 4 is the last definite grade (sorted by it, trend kept)",
        "⚑  after a grade: a clinician overrode the computed grade (the timeline shows both)",
        "HLH  HLH! met · no assessed, not met · ? cannot tell · - no result",
        "DAY  study day: D+0 is the infusion's calendar date",
        "as of HH:MM:SS (status bar): when DAY, LAST and OVERDUE were last evaluated",
    ]

    package var keymap: Keymap { Self.keys }
    package var legend: [String] { Self.legend }

    /// The permission a board command needs (`Role.may`); nil for reading.
    static func permission(of command: TriageBoardCommand) -> Permission? {
        switch command {
        case .assess, .new, .ice: .enterAssessment
        case .correct: .correctAssessment
        case .override: .overrideGrade
        case .down, .up, .timeline, .rules, .replay, .find, .clear, .top, .bottom, .switchUser: nil
        }
    }

    func reload(_ context: BedsideContext) {
        let now = context.now()
        state.update(TriageBoardState.rows(replay: context.replay, gradesEvent: context.gradesEvent, trial: context.trial, now: now),
                     evaluatedAt: now)
    }

    package func logChanged(context: BedsideContext) { reload(context) }

    /// Time passed: the study day, LAST and OVERDUE are evaluated again at the clock's now.
    package func tick(context: BedsideContext) { reload(context) }

    /// The filter while there is one; else the board's most used keys, short enough to leave
    /// room at 80 columns for the time the board was evaluated at.
    package func statusText(context: BedsideContext) -> String? {
        state.filterStatus ?? localized("? help  q back │ Enter timeline  a new  r rules  / find  u user")
    }

    package func statusRight(context: BedsideContext) -> String? {
        state.evaluatedAt.map { localized("as of {time}", ["time": ClockText.localTime($0)]) }
    }

    package func handle(_ key: Key, context: BedsideContext) -> Reaction {
        if state.filtering {
            switch key {
            case .enter: state.filtering = false
            case .escape: state.filtering = false; state.filter = ""; state.selected = 0
            case .backspace: if !state.filter.isEmpty { state.filter.removeLast() }; state.selected = 0
            case .character(let c): state.filter.append(c); state.selected = 0
            default: break
            }
            return .redraw
        }
        guard let command = keymap.command(for: key).flatMap(TriageBoardCommand.init(rawValue:)) else { return .unhandled }
        // Writing keys are checked first: the whole trial is read only, and the role table says
        // who writes (a monitor reads); each is told so.
        if let permission = Self.permission(of: command), let refusal = context.readOnlyReason ?? context.author.role.localizedRefusal(permission) {
            context.message = (refusal, true)
            return .redraw
        }
        switch command {
        case .down: state.move(1)
        case .up: state.move(-1)
        case .top: state.selected = 0
        case .bottom: state.selected = max(0, state.visibleRows.count - 1)
        case .find: state.filtering = true; state.filter = ""
        case .clear:
            // Esc clears a kept filter and otherwise does nothing: in htop, k9s and lazygit it
            // never leaves the main view, and a board left by a stray Esc is a board not watched.
            guard !state.filter.isEmpty else { return .none }
            let current = state.selectedPatient
            state.filter = ""
            state.selected = current.flatMap { id in state.visibleRows.firstIndex { $0.patient == id } } ?? 0
        case .timeline:
            guard let patient = state.selectedPatient else { return .none }
            return .push(PatientTimelineScreen(patient: patient, context: context))
        case .assess:
            guard let patient = state.selectedPatient else { return .none }
            return .push(AssessmentFormScreen(patient: patient, context: context))
        case .new: return .push(AssessmentFormScreen(patient: nil, context: context))
        case .ice:
            guard let patient = state.selectedPatient else { return .none }
            return .push(AssessmentFormScreen(patient: patient, context: context, startWithNeuroWizard: true))
        case .override:
            guard let patient = state.selectedPatient else { return .none }
            return OverrideScreen.open(patient: patient, context: context)
        case .correct:
            guard let patient = state.selectedPatient else { return .none }
            return CorrectionScreen.open(patient: patient, context: context)
        case .rules: return .push(RulesScreen(context: context))
        case .replay: return .push(ReplayScreen(context: context))
        case .switchUser:
            let failure = context.signOut()
            let screen = SignInScreen(purpose: .switchUser)
            context.message = failure.map { (localized("The sign-out could not be recorded: {reason}", ["reason": $0]), true) }
            return .push(screen)
        }
        return .redraw
    }

    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {
        TriageBoardView.render(state, into: &buffer, area: area, colors: context.colors)
    }
}
