import Clinical
import EventLog
import Foundation
import Grading
import Localization
import Terminal

/// The assessment form of one patient (or of a new one): fields grouped as vitals, support,
/// neuro and labs, grades recomputed on every key, saved to the log as the signed-in user.
///
/// The entry lives in `state` until it is saved: a resize, another terminal's write or a failed
/// save never touches it.
package final class AssessmentFormScreen: Screen {
    package private(set) var state: AssessmentFormState

    package init(patient: String?, context: BedsideContext, startWithNeuroWizard: Bool = false) {
        let now = context.now()
        let offset = TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: now.secondsSinceEpoch))
        state = AssessmentFormState(patient: patient, known: PreviousAssessment.all(in: context.replay), criteria: context.criteria,
                                    openedAt: FormDraft.isoText(now, offsetSeconds: offset), startWithNeuroWizard: startWithNeuroWizard,
                                    knownIDs: context.replay.patients.ids)
    }

    package var title: String {
        let id = state.draft.text(.patientID)
        return localized("Assessment {patient}", ["patient": id.isEmpty || state.phase == .identify ? localized("(new patient)") : id])
    }

    package var keymap: Keymap {
        if state.prompt != nil { return AssessmentFormKeymap.prompt }
        if state.wizard != nil { return AssessmentFormKeymap.wizard }
        return state.commandKeys
    }

    package var hasUnsavedInput: Bool { state.hasUnsavedInput }

    package var fieldKeys: [String] { state.fieldKeys }

    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {
        AssessmentFormView.render(state, into: &buffer, area: area, colors: context.colors)
    }

    package func handle(_ key: Key, context: BedsideContext) -> Reaction {
        state.clock = context.now()
        switch state.apply(key) {
        case .redraw: return .redraw
        case .unhandled: return .unhandled
        case .close: return .pop
        case .save(let json): return save(json, context: context)
        }
    }

    /// Another terminal wrote: the entry stays as typed; say so if this patient was assessed meanwhile.
    package func logChanged(context: BedsideContext) {
        let id = state.draft.text(.patientID)
        guard let event = context.replay.patients[id]?.latestObservation, event.seq != state.previous?.seq else { return }
        state.concurrentNote = localized("Note: {patient} was assessed at {time} by {user} on another terminal while this form was open; your entry is kept.",
                                         ["patient": id, "time": AssessmentFormView.short(event.clinicalTime), "user": event.author.id])
    }

    /// Appends the observation and its grades in one transaction, exactly as `aegrade record`
    /// does, then the trial status if it changed; on failure the form stays as typed.
    private func save(_ json: JSONValue, context: BedsideContext) -> Reaction {
        let outcome: LogRecorder.Outcome
        do {
            outcome = try context.recorder().record(json)
        } catch {
            state.saveFailed(localizedMessage(error.description))
            context.message = (localized("Not saved: {reason}", ["reason": localizedMessage(error.description)]), true)
            return .redraw
        }
        guard case .recorded(let patient, _, let seqs) = outcome else {
            if case .rejected(let line) = outcome { state.saveFailed(localized("the log refused the entry: {line}", ["line": line])) }
            return .redraw
        }
        // The entry is in the log from here on: whatever follows, the form must not offer it again.
        // The context is brought up to the new head; the app then tells every screen (the board
        // below included) through `logChanged`.
        let followUp = context.settleAfterSave()
        let grades = LiveGrades(results: (try? Assessment(json: json)).map { context.criteria.evaluate($0) } ?? [])
        context.message = (localized("Saved {patient} (events {events}): {grades}",
                                     ["patient": patient, "events": seqs.map(String.init).joined(separator: ", "), "grades": grades.crsAndICANS]) + followUp.text,
                           followUp.isError)
        return .pop
    }
}
