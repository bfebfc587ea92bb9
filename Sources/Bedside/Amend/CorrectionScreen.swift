import Clinical
import EventLog
import Foundation
import Grading
import Terminal

/// The assessment form reopened on the patient's latest observation, every value prefilled, to
/// correct it: the form's own editing and checks, and a save step of its own — a reason typed,
/// then a y/N that Enter alone does not accept — appended through `LogRecorder.correct`, the
/// correction superseding the observation, its grades following.
package final class CorrectionScreen: Screen {
    /// Where the correction stands once the form is left for saving.
    package enum Step: Equatable, Sendable {
        case form, reason, confirm
    }

    package let patient: String
    /// The observation (or earlier correction) corrected.
    package let targetSeq: Int64
    package private(set) var state: AssessmentFormState
    /// The draft as prefilled: input differs from it.
    package let prefilled: FormDraft
    /// Values of the original entry that the form has no field for.
    package let notInForm: [String]
    package private(set) var step = Step.form
    package private(set) var reason = ""
    /// The corrected assessment awaiting its reason and confirmation.
    private var pending: JSONValue?
    package private(set) var notice: String?

    init(patient: String, target: RecordedEvent, json: JSONValue, context: BedsideContext) {
        self.patient = patient
        targetSeq = target.seq
        let now = context.now()
        let offset = TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: now.secondsSinceEpoch))
        let openedAt = FormDraft.isoText(now, offsetSeconds: offset)
        let (draft, notInForm) = FormDraft.correcting(json, openedAt: openedAt)
        prefilled = draft
        self.notInForm = notInForm
        state = AssessmentFormState(patient: patient, known: [:], criteria: context.criteria, openedAt: openedAt)
        state.updateDraft { $0 = draft }
    }

    /// Opens the correction of `patient`'s latest assessment, or says why it cannot.
    package static func open(patient: String, context: BedsideContext) -> Reaction {
        guard let target = context.replay.patients[patient]?.latestObservation, let json = target.payload["assessment"] else {
            context.message = ("\(patient) has no assessment to correct", true)
            return .redraw
        }
        return .push(CorrectionScreen(patient: patient, target: target, json: json, context: context))
    }

    package var title: String { "Correction of \(patient) (event \(targetSeq))" }

    package var keymap: Keymap {
        switch step {
        case .reason: return Self.reasonKeys
        case .confirm: return Self.confirmKeys
        case .form:
            if state.prompt != nil { return AssessmentFormKeymap.prompt }
            if state.wizard != nil { return AssessmentFormKeymap.wizard }
            return Keymap([Binding([.function(2)], "save", "Save the correction (asks a reason, then y/N)")]
                + AssessmentFormKeymap.form.bindings.filter { $0.command != "save" })
        }
    }

    static let reasonKeys = Keymap([
        Binding([.enter], "next", "Continue to the y/N confirmation (a reason of at least 3 characters)"),
        Binding([.backspace], "erase", "Erase the last character"),
        Binding([.escape], "back", "Back to the form (the entry is kept)"),
    ])
    static let confirmKeys = Keymap([
        Binding([.character("y")], "yes", "Yes: append the correction (only y: Enter does not)"),
        Binding([.character("n"), .escape], "no", "No: back to the form, nothing is written"),
    ])

    package var hasUnsavedInput: Bool { state.draft != prefilled || state.wizardHasAnswers || !reason.isEmpty }

    /// "Correct P-003 (event 12): reason? y/N".
    package var question: String { "Correct \(patient) (event \(targetSeq)): \(reason)? y/N" }

    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {
        AssessmentFormView.render(state, into: &buffer, area: area, colors: context.colors)
        var lines: [(String, Style)] = []
        switch step {
        case .form:
            let missing = notInForm.isEmpty ? "" : " · not in the form, left out if saved: \(notInForm.joined(separator: ", "))"
            lines.append(("CORRECTING event \(targetSeq): F2 saves with a reason\(missing)", .bold))
        case .reason:
            lines.append(("Reason for the correction: \(reason)▏", Style(bold: true, reverse: true)))
        case .confirm:
            lines.append((question, Style(bold: true, reverse: true)))
        }
        if let notice { lines.append((notice, .bold)) }
        for (offset, line) in lines.enumerated() {
            let y = area.bottom - lines.count + offset
            guard y >= area.top else { continue }
            buffer.fill(y: y, style: line.1)
            buffer.put(" " + line.0, x: 0, y: y, style: line.1, limit: area.width)
        }
    }

    package func handle(_ key: Key, context: BedsideContext) -> Reaction {
        if key == .resize { return .redraw }
        notice = nil
        switch step {
        case .form:
            // Leaving an untouched correction loses nothing: no y/N for that.
            if key == .escape, state.prompt == nil, state.wizard == nil, !hasUnsavedInput { return .pop }
            switch state.apply(key) {
            case .redraw: return .redraw
            case .unhandled: return .unhandled
            case .close: return .pop
            case .save(let json):
                pending = json
                step = .reason
                return .redraw
            }
        case .reason:
            switch key {
            case .enter:
                guard reason.trimmingCharacters(in: .whitespacesAndNewlines).count >= 3 else {
                    notice = "A reason is required (at least 3 characters): the log keeps why every change was made"
                    return .redraw
                }
                step = .confirm
            case .backspace: if !reason.isEmpty { reason.removeLast() }
            case .escape: step = .form
            case .character(let c): reason.append(c)
            default: return .unhandled
            }
            return .redraw
        case .confirm:
            switch key {
            case .character("y"), .character("Y"): return save(context)
            case .character("n"), .character("N"), .escape:
                step = .form
                notice = "Not corrected: nothing written. The entry and the reason are kept."
            default:
                notice = "Not corrected yet: only y confirms (Enter does not); n or Esc goes back to the form"
            }
            return .redraw
        }
    }

    /// Appends the correction and its grades as the signed-in user, then the rule status, then reloads.
    private func save(_ context: BedsideContext) -> Reaction {
        guard let json = pending else { step = .form; return .redraw }
        let recorder = LogRecorder(store: context.store, criteria: context.criteria, author: context.author)
        let recorded: [RecordedEvent]
        do {
            switch try recorder.correct(seq: targetSeq, with: json, reason: reason) {
            case .success(let events): recorded = events
            case .failure(let error):
                step = .form
                state.rejection = error
                notice = "Not corrected: \(error)"
                return .redraw
            }
        } catch {
            step = .reason
            notice = "Not corrected: \(error.description)"
            context.message = (notice!, true)
            return .redraw
        }
        let followUp = context.settleAfterSave()
        let grades = LiveGrades(results: (try? Assessment(json: json)).map { context.criteria.evaluate($0) } ?? [])
        context.message = ("Corrected \(patient): event \(recorded.first?.seq ?? 0) supersedes event \(targetSeq): "
            + "\(grades.crsAndICANS)\(followUp)", !followUp.isEmpty)
        reason = ""
        pending = nil
        state.updateDraft { [prefilled] in $0 = prefilled }
        return .pop
    }
}
