import Clinical
import EventLog
import Foundation
import Grading
import Localization
import Terminal

/// The assessment form reopened on the patient's latest observation, every value prefilled, to
/// correct it: the form's own editing and checks, and a save step of its own, in one order for
/// every amendment — what changed (before → after) and each standing override asked about, then
/// the reason typed, then one y/N (naming grades ≥ 3 and lapsing overrides) that Enter alone does
/// not accept, then the password again to sign it (``SigningPrompt``) — appended through
/// `LogRecorder.correct`, the correction superseding the
/// observation, its grades following, and each override confirmed as still standing recorded
/// again against the new grades.
package final class CorrectionScreen: Screen {
    /// Where the correction stands once the form is left for saving.
    package enum Step: Equatable, Sendable {
        case form
        /// The standing override at this index: does it still stand?
        case override(Int)
        case reason, confirm
        /// The password asked again to sign the correction (``SigningPrompt``).
        case sign
    }

    package let patient: String
    /// The observation (or earlier correction) corrected.
    package let targetSeq: Int64
    package private(set) var state: AssessmentFormState
    /// The draft as prefilled: input differs from it.
    package let prefilled: FormDraft
    /// Values of the original entry that the form has no field for.
    package let notInForm: [String]
    /// The overrides standing on the grades this correction supersedes.
    package let standing: [StandingOverride]
    /// For each standing override, whether the clinician confirmed it still stands.
    package private(set) var stillStands: [Bool]
    package private(set) var step = Step.form
    package private(set) var reason = ""
    /// The corrected assessment awaiting its reason and confirmation.
    private var pending: JSONValue?
    /// What the correction changes, shown from the first save key to the y/N.
    package private(set) var changes: [String] = []
    /// What the y/N must name: grades ≥ 3, both grades not assessable, a time long past.
    private var confirmations: [String] = []
    package private(set) var notice: String?
    /// Whether the signed-in clinician may confirm that an override still stands.
    private let mayOverride: Bool
    /// The signature's password prompt, at the `sign` step.
    private var signing: SigningPrompt?

    init(patient: String, target: RecordedEvent, json: JSONValue, context: BedsideContext) {
        self.patient = patient
        targetSeq = target.seq
        let now = context.now()
        let offset = TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: now.secondsSinceEpoch))
        let openedAt = FormDraft.isoText(now, offsetSeconds: offset)
        let (draft, notInForm) = FormDraft.correcting(json, openedAt: openedAt)
        prefilled = draft
        self.notInForm = notInForm
        standing = StandingOverride.of(context.replay.patients[patient])
        stillStands = standing.map { _ in false }
        mayOverride = (try? context.recorder())?.may(.overrideGrade) ?? false
        state = AssessmentFormState(patient: patient, known: [:], criteria: context.criteria, openedAt: openedAt)
        state.confirmsOnSave = false
        state.headerNote = localized("correcting the entry of {time} by {user} (event {seq})", ["time": AssessmentFormView.short(target.clinicalTime), "user": target.author.id, "seq": String(target.seq)])
        state.clock = now
        state.updateDraft { $0 = draft }
    }

    /// Opens the correction of `patient`'s latest assessment, or says why it cannot.
    package static func open(patient: String, context: BedsideContext) -> Reaction {
        do {
            try context.recorder().permit(.correctAssessment)
        } catch {
            context.message = (localizedMessage(error.description), true)
            return .redraw
        }
        guard let target = context.replay.patients[patient]?.latestObservation, let json = target.payload[.assessment] else {
            context.message = (localized("{patient} has no assessment to correct", ["patient": patient]), true)
            return .redraw
        }
        // The recorder's own refusal, before the form is filled in rather than after.
        if context.author.role.correctsOnlyOwnEntries, target.author.id != context.author.id {
            context.message = (localizedMessage(RecordError.refused(.notOwnEntry(seq: target.seq, author: target.author.id)).description), true)
            return .redraw
        }
        return .push(CorrectionScreen(patient: patient, target: target, json: json, context: context))
    }

    package var title: String { localized("Correction of {patient} (event {seq})", ["patient": patient, "seq": String(targetSeq)]) }

    package var keymap: Keymap {
        switch step {
        case .override: return Self.overrideKeys
        case .reason: return Self.reasonKeys
        case .confirm: return Self.confirmKeys
        case .sign: return SigningPrompt.keys
        case .form:
            if state.prompt != nil { return AssessmentFormKeymap.prompt }
            if state.wizard != nil { return AssessmentFormKeymap.wizard }
            return Keymap([Self.saveBinding] + AssessmentFormKeymap.form.bindings.filter { $0.command != "save" })
        }
    }

    static let saveBinding = Binding([.function(2)], "save", "Save the correction (shows what changed, asks a reason, then y/N)")
    static let overrideKeys = Keymap([
        Binding([.character("y")], "stands", "Yes, the override still stands (recorded again, as yours, on the corrected grades)"),
        Binding([.character("n")], "lapses", "No, it lapses (the corrected grade stands)"),
        Binding([.escape], "back", "Back to the form (the entry is kept)"),
    ])
    static let reasonKeys = Keymap([
        Binding([.enter], "next", "Continue to the y/N confirmation (a reason of at least \(LogRecorder.minimumReasonLength) characters)"),
        Binding([.backspace], "erase", "Erase the last character"),
        Binding([.escape], "back", "Back to the form (the entry is kept)"),
    ])
    static let confirmKeys = Keymap([
        Binding([.character("y")], "yes", "Yes: append the correction (only y: Enter does not)"),
        Binding([.character("n"), .escape], "no", "No: back to the form, nothing is written"),
    ])

    package var hasUnsavedInput: Bool { state.draft != prefilled || state.wizardHasAnswers || !reason.isEmpty }

    package var fieldKeys: [String] { step == .form ? state.fieldKeys : [] }

    /// The overrides that lapse with this correction (not confirmed as still standing).
    package var lapsing: [StandingOverride] { zip(standing, stillStands).filter { !$0.1 }.map(\.0) }

    /// "Correct P-003 (event 12): SpO2 92 → 88 %; reason "…"; ICANS override … LAPSES; CONFIRM
    /// ASTCT ICANS grade 3 ▮▮▮ — y/N".
    package var question: String {
        var parts = [localized("Correct {patient} (event {seq}): {changes}", ["patient": patient, "seq": String(targetSeq), "changes": changes.joined(separator: localized(", "))]),
                     localized("reason \"{reason}\"", ["reason": reason])]
        for override in lapsing { parts.append(localized("the override {override} LAPSES", ["override": override.localizedText])) }
        for (override, stands) in zip(standing, stillStands) where stands {
            parts.append(localized("the override {criteria} {grade} is recorded again as yours", ["criteria": OverrideScreen.name(override.criteria), "grade": String(override.grade)]))
        }
        if !confirmations.isEmpty { parts.append(localized("CONFIRM {what}", ["what": confirmations.joined(separator: localized("; "))])) }
        return parts.joined(separator: localized("; ")) + " — y/N"
    }

    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {
        AssessmentFormView.render(state, into: &buffer, area: area, colors: context.colors)
        var lines: [(String, Style)] = []
        let strong = Style(bold: true, reverse: true)
        if step != .form {
            lines.append((localized("What changes: ") + changes.joined(separator: " · "), .bold))
        }
        switch step {
        case .form:
            let missing = notInForm.isEmpty ? "" : localized(" · not in the form, left out if saved: {fields}", ["fields": notInForm.joined(separator: ", ")])
            let overrides = standing.isEmpty ? "" : (standing.count > 1 ? localized(" · standing overrides: ") : localized(" · standing override: "))
                + standing.map(\.localizedText).joined(separator: localized("; "))
            lines.append((localized("CORRECTING event {seq}: F2 saves with a reason", ["seq": String(targetSeq)]) + missing + overrides, .bold))
        case .override(let index):
            lines.append((localized("Standing override: {override}. A correction lapses it unless you confirm it.", ["override": standing[index].localizedText]), .bold))
            lines.append((localized("Does it still stand? y = yes, recorded again as yours on the corrected grades · n = it lapses"), strong))
        case .reason:
            if !lapsing.isEmpty { lines.append((localized("Lapses with this correction: ") + lapsing.map(\.localizedText).joined(separator: localized("; ")), .bold)) }
            lines.append((localized("Reason for the correction: ") + reason + "▏", strong))
        case .confirm:
            lines.append((question, strong))
        case .sign:
            if let signing {
                lines.append((signing.question(context), strong))
                if let refused = signing.notice { lines.append((refused, .bold)) }
            }
        }
        if let notice { lines.append((notice, .bold)) }
        var wrapped: [(String, Style)] = []
        for line in lines {
            for part in AssessmentFormView.wrap(line.0, width: area.width - 2) { wrapped.append((part, line.1)) }
        }
        let shown = wrapped.suffix(max(1, area.height / 2))
        for (offset, line) in shown.enumerated() {
            let y = area.bottom - shown.count + offset
            guard y >= area.top else { continue }
            buffer.fill(y: y, style: line.1)
            buffer.put(" " + line.0, x: 0, y: y, style: line.1, limit: area.width)
        }
    }

    package func handle(_ key: Key, context: BedsideContext) -> Reaction {
        if key == .resize { return .redraw }
        notice = nil
        state.clock = context.now()
        switch step {
        case .form:
            // Leaving an untouched correction loses nothing: no y/N for that.
            if key == .escape || key == .control("c"), state.prompt == nil, state.wizard == nil, !hasUnsavedInput { return .pop }
            switch state.apply(key) {
            case .redraw: return .redraw
            case .unhandled: return .unhandled
            case .close: return .pop
            case .save(let json): return review(json)
            }
        case .override(let index):
            switch key {
            case .character("y"), .character("Y"):
                guard mayOverride else {
                    notice = (context.author.role.localizedRefusal(.overrideGrade) ?? "") + localized(": this override lapses (n to go on)")
                    return .redraw
                }
                stillStands[index] = true
                step = index + 1 < standing.count ? .override(index + 1) : .reason
            case .character("n"), .character("N"):
                stillStands[index] = false
                step = index + 1 < standing.count ? .override(index + 1) : .reason
            case .escape, .control("c"): step = .form
            default: notice = localized("Answer y (it still stands) or n (it lapses); Esc goes back to the form")
            }
            return .redraw
        case .reason:
            switch key {
            case .enter:
                do {
                    try LogRecorder.checkReason(reason)
                } catch {
                    notice = error.localizedSentence
                    return .redraw
                }
                step = .confirm
            case .backspace: if !reason.isEmpty { reason.removeLast() }
            case .escape, .control("c"): step = .form
            case .character(let c): reason.append(c)
            default: return .unhandled
            }
            return .redraw
        case .confirm:
            switch key {
            case .character("y"), .character("Y"):
                // Signed in the correction's transaction (`corrected`, or `authored` for a nurse):
                // the password is asked first; a role that signs neither saves it unsigned.
                guard let meaning = (try? context.recorder())?.correctionMeaning else { return save(context, through: nil) }
                signing = SigningPrompt(meaning: meaning)
                step = .sign
            case .character("n"), .character("N"), .escape, .control("c"):
                step = .form
                notice = localized("Not corrected: nothing written. The entry and the reason are kept.")
            default:
                notice = localized("Not corrected yet: only y confirms (Enter does not); n or Esc goes back to the form")
            }
            return .redraw
        case .sign:
            guard var prompt = signing else { step = .confirm; return .redraw }
            let outcome = prompt.handle(key, context: context)
            signing = prompt
            switch outcome {
            case .typing: break
            case .cancelled:
                signing = nil
                step = .confirm
                notice = localized("Not signed: nothing written. y signs again; n or Esc goes back to the form.")
            case .signed(let recorder): return save(context, through: recorder)
            }
            return .redraw
        }
    }

    /// The form passed its checks: refuse a correction that changes nothing, else show what
    /// changes and go on to the standing overrides, then the reason.
    private func review(_ json: JSONValue) -> Reaction {
        let original = prefilled.assessmentJSON(now: state.clock).json
        guard json.canonical.compactText != original.canonical.compactText else {
            notice = localized("Nothing changed: a correction must change a value. Not saved; Esc leaves.")
            return .redraw
        }
        pending = json
        changes = state.draft.changes(from: prefilled)
        if changes.isEmpty { changes = [localized("values as rewritten (same as shown)")] }
        confirmations = (try? Assessment(json: json)).map(state.confirmations) ?? []
        if !mayOverride { stillStands = standing.map { _ in false } }
        step = standing.isEmpty || !mayOverride ? .reason : .override(0)
        return .redraw
    }

    /// Appends the correction and its grades as the signed-in user, then each override confirmed
    /// as still standing against the new grades, then the rule status, then reloads.
    private func save(_ context: BedsideContext, through signer: LogRecorder?) -> Reaction {
        signing = nil
        guard let json = pending else { step = .form; return .redraw }
        let recorded: [RecordedEvent]
        let recorder: LogRecorder
        do {
            if let signer { recorder = signer } else { recorder = try context.recorder() }
            switch try recorder.correct(seq: targetSeq, with: json, reason: reason) {
            case .success(let events): recorded = events
            case .failure(let error):
                step = .form
                state.rejection = error
                notice = localized("Not corrected: {reason}", ["reason": "\(error)"])
                return .redraw
            }
        } catch {
            step = .reason
            notice = localized("Not corrected: {reason}", ["reason": localizedMessage(error.description)])
            context.message = (notice!, true)
            return .redraw
        }
        // The correction is written; an override confirmed as standing follows it. Should that
        // write fail, the override has lapsed, and the message says so plainly.
        var restated: [String] = []
        var failed: [String] = []
        // The correction, its grades, and (signed in the same transaction) its signature.
        if let newGrades = recorded.first(where: { $0.kind == .grades }) {
            for (override, stands) in zip(standing, stillStands) where stands {
                do {
                    let event = try recorder.override(seq: newGrades.seq, criteria: override.criteria, term: override.term, grade: override.grade,
                                                      reason: override.restatedReason(correctionSeq: recorded[0].seq, by: context.author))
                    restated.append(localized("{criteria} override {grade} stands (event {seq})", ["criteria": OverrideScreen.name(override.criteria), "grade": String(override.grade), "seq": String(event.seq)]))
                } catch {
                    failed.append(localized("{criteria} override NOT recorded again ({reason}): it has lapsed, override again with o", ["criteria": OverrideScreen.name(override.criteria), "reason": localizedMessage(error.description)]))
                }
            }
        }
        let lapsed = lapsing.map { localized("{criteria} override {grade} lapsed", ["criteria": OverrideScreen.name($0.criteria), "grade": String($0.grade)]) }
        let followUp = context.settleAfterSave()
        let grades = LiveGrades(results: (try? Assessment(json: json)).map { context.criteria.evaluate($0) } ?? [])
        // What happened to the overrides comes before the computed grades, which they may replace.
        let extra = (restated + lapsed + failed).map { $0 + localized("; ") }.joined()
        context.message = (localized("Corrected {patient}: event {seq} supersedes event {target}: ", ["patient": patient, "seq": String(recorded.first?.seq ?? 0), "target": String(targetSeq)])
            + extra + (standing.isEmpty ? "" : localized("computed ")) + grades.crsAndICANS + followUp.text, followUp.isError || !failed.isEmpty)
        reason = ""
        pending = nil
        state.updateDraft { [prefilled] in $0 = prefilled }
        return .pop
    }
}
