import Clinical
import EventLog
import Foundation
import Localization
import Terminal

/// A clinician's grade replacing the computed CRS or ICANS grade of the patient's current grades
/// event: the criteria on one key, the grade on one digit, the reason typed, a y/N that Enter
/// alone does not accept, then the password again to sign it `overrode` (``SigningPrompt``).
/// Appended through `LogRecorder.override`, as `aegrade log override` does.
package final class OverrideScreen: Screen {
    /// Where the entry stands.
    package enum Step: Equatable, Sendable {
        case criteria, grade, reason, confirm
        /// The password asked again to sign the override (``SigningPrompt``).
        case sign
    }

    package let patient: String
    /// The grades event overridden.
    package let gradesSeq: Int64
    package private(set) var step = Step.criteria
    package private(set) var criteria: String?
    package private(set) var grade: Int?
    package private(set) var reason = ""
    /// Why the last key or the last save was refused; the input is kept.
    package private(set) var notice: String?
    /// The grades as they stand (overrides applied), by criteria id.
    private var current: [String: Int?] = [:]
    /// The signature's password prompt, at the `sign` step.
    private var signing: SigningPrompt?

    init(patient: String, gradesSeq: Int64, context: BedsideContext) {
        self.patient = patient
        self.gradesSeq = gradesSeq
        refreshGrades(context)
    }

    /// Opens the override of `patient`'s current grades, or says plainly why it cannot.
    package static func open(patient: String, context: BedsideContext) -> Reaction {
        do {
            try context.recorder().permit(.overrideGrade)
        } catch {
            context.message = (localizedMessage(error.description), true)
            return .redraw
        }
        guard let seq = context.replay.patients[patient]?.latestGradesSeq else {
            context.message = (localized("{patient} has no graded assessment to override", ["patient": patient]), true)
            return .redraw
        }
        return .push(OverrideScreen(patient: patient, gradesSeq: seq, context: context))
    }

    package var title: String { localized("Override {patient} (grades event {seq})", ["patient": patient, "seq": String(gradesSeq)]) }

    package var keymap: Keymap {
        switch step {
        case .criteria: Self.criteriaKeys
        case .grade: Self.gradeKeys
        case .reason: Self.reasonKeys
        case .confirm: Self.confirmKeys
        case .sign: SigningPrompt.keys
        }
    }

    static let criteriaKeys = Keymap([
        Binding([.character("c")], "crs", "CRS: override the ASTCT 2019 CRS grade"),
        Binding([.character("i")], "icans", "ICANS: override the ASTCT 2019 ICANS grade"),
        Binding([.escape], "cancel", "Cancel the override (nothing is written)"),
    ])
    static let gradeKeys = Keymap([
        Binding("012345".map { Key.character($0) }, "grade", "Grade: the clinician's grade, 0 to 5"),
        Binding([.backspace], "back", "Back to the criteria"),
        Binding([.escape], "cancel", "Cancel the override (nothing is written)"),
    ])
    static let reasonKeys = Keymap([
        Binding([.enter], "next", "Continue to the y/N confirmation (a reason of at least \(LogRecorder.minimumReasonLength) characters)"),
        Binding([.backspace], "erase", "Erase the last character (an empty reason: back to the grade)"),
        Binding([.escape], "cancel", "Cancel the override (nothing is written)"),
    ])
    static let confirmKeys = Keymap([
        Binding([.character("y")], "yes", "Yes: append the override (only y: Enter does not)"),
        Binding([.character("n"), .escape], "no", "No: cancel, nothing is written"),
    ])

    package var hasUnsavedInput: Bool { !reason.isEmpty }

    /// The name shown for a criteria id.
    static func name(_ criteria: String) -> String {
        switch criteria {
        case LiveGrades.crs: "CRS"
        case LiveGrades.icans: "ICANS"
        default: criteria
        }
    }

    /// The grade of `criteria` as it stands now, "?" when not assessable.
    func currentText(_ criteria: String) -> String {
        (current[criteria] ?? nil).map(String.init) ?? "?"
    }

    /// "Override ICANS 1 → 3 for P-003: reason? y/N".
    package var question: String? {
        guard let criteria, let grade else { return nil }
        return localized("Override {criteria} {current} → {grade} for {patient}: {reason}? y/N", ["criteria": Self.name(criteria), "current": currentText(criteria), "grade": String(grade), "patient": patient, "reason": reason])
    }

    private func refreshGrades(_ context: BedsideContext) {
        current = [:]
        for grade in (context.replay.patients[patient]?.grades ?? [:]).values where grade.term == nil {
            current[grade.criteria] = grade.grade
        }
    }

    package func logChanged(context: BedsideContext) {
        refreshGrades(context)
        if let latest = context.replay.patients[patient]?.latestGradesSeq, latest != gradesSeq {
            notice = localized("Note: {patient} has newer grades (event {latest}) than the ones this override is for (event {seq}).", ["patient": patient, "latest": String(latest), "seq": String(gradesSeq)])
        }
    }

    package func handle(_ key: Key, context: BedsideContext) -> Reaction {
        if key == .resize { return .redraw }
        notice = nil
        switch step {
        case .criteria:
            switch keymap.command(for: key) {
            case "crs"?: criteria = LiveGrades.crs; step = .grade
            case "icans"?: criteria = LiveGrades.icans; step = .grade
            case "cancel"?: return cancel(context)
            default:
                if case .character(let c) = key, c != "?", c != "q" { notice = localized("{key}: press c (CRS) or i (ICANS)", ["key": String(c)]); return .redraw }
                return .unhandled
            }
        case .grade:
            switch key {
            case .character(let c) where ("0"..."5").contains(c):
                grade = Int(String(c))
                step = .reason
            case .backspace: step = .criteria; criteria = nil
            case .escape: return cancel(context)
            case .character(let c) where c != "?" && c != "q":
                notice = localized("{key}: type the grade, one digit 0 to 5", ["key": String(c)])
            default: return .unhandled
            }
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
            case .backspace: if reason.isEmpty { step = .grade; grade = nil } else { reason.removeLast() }
            case .escape: return cancel(context)
            case .character(let c): reason.append(c)
            default: return .unhandled
            }
        case .confirm:
            switch key {
            case .character("y"), .character("Y"):
                // Signed `overrode` in the override's transaction: the password is asked first.
                guard context.author.role.maySign(.overrode) else { return save(context, through: nil) }
                signing = SigningPrompt(meaning: .overrode)
                step = .sign
            case .character("n"), .character("N"), .escape: return cancel(context)
            default:
                notice = localized("Not overridden yet: only y confirms (Enter does not); n or Esc cancels")
            }
        case .sign:
            guard var prompt = signing else { step = .confirm; return .redraw }
            let outcome = prompt.handle(key, context: context)
            signing = prompt
            switch outcome {
            case .typing: break
            case .cancelled:
                signing = nil
                step = .confirm
                notice = localized("Not signed: nothing written. y signs again; n or Esc cancels the override.")
            case .signed(let recorder): return save(context, through: recorder)
            }
        }
        return .redraw
    }

    private func cancel(_ context: BedsideContext) -> Reaction {
        context.message = (localized("Override cancelled: nothing written"), false)
        return .pop
    }

    /// Appends the override as the signed-in user (through the recorder of the signature's
    /// password when it is signed), then the rule status if it changed, then reloads.
    private func save(_ context: BedsideContext, through signer: LogRecorder?) -> Reaction {
        signing = nil
        guard let criteria, let grade else { step = .criteria; return .redraw }
        let before = currentText(criteria)
        let event: RecordedEvent
        do {
            let recorder: LogRecorder
            if let signer { recorder = signer } else { recorder = try context.recorder() }
            event = try recorder.override(seq: gradesSeq, criteria: criteria, term: nil, grade: grade, reason: reason)
        } catch {
            step = .reason
            notice = localized("Not overridden: {reason}", ["reason": localizedMessage(error.description)])
            context.message = (notice!, true)
            return .redraw
        }
        let followUp = context.settleAfterSave()
        context.message = (localized("Overridden {criteria} {before} → {grade} for {patient} (event {seq})", ["criteria": Self.name(criteria), "before": before, "grade": String(grade), "patient": patient, "seq": String(event.seq)]) + followUp.text,
                           followUp.isError)
        reason = ""
        return .pop
    }

    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {
        var y = area.top + 1
        func line(_ text: String, _ style: Style = .plain) {
            guard y < area.bottom else { return }
            buffer.put(text, x: 2, y: y, style: style, limit: area.width - 2)
            y += 1
        }
        line(localized("Override a computed grade of {patient} — grades event {seq}", ["patient": patient, "seq": String(gradesSeq)]), .bold)
        line(localized("Now: ") + "CRS \(currentText(LiveGrades.crs)) · ICANS \(currentText(LiveGrades.icans))")
        line(localized("Signed in as {user} ({role}); the override is logged with the reason.", ["user": context.author.id, "role": localized(context.author.role.rawValue)]), .dim)
        y += 1
        let criteriaText = criteria.map { localized("{criteria} (now {grade})", ["criteria": Self.name($0), "grade": currentText($0)]) } ?? ""
        line("1. " + localized("Criteria").padded(toColumns: 11) + (step == .criteria ? "▸ c CRS   i ICANS" : criteriaText), step == .criteria ? .bold : .plain)
        line("2. " + localized("New grade").padded(toColumns: 11) + (step == .grade ? localized("▸ type 0 to 5") : grade.map(String.init) ?? ""), step == .grade ? .bold : .plain)
        line("3. " + localized("Reason").padded(toColumns: 11) + (step == .reason ? "▸ \(reason)▏" : reason), step == .reason ? .bold : .plain)
        y += 1
        if step == .confirm, let question {
            line(question, Style(bold: true, reverse: true))
            line(localized("y appends the override · n or Esc cancels · Enter alone does nothing"), .dim)
        }
        if step == .sign, let signing {
            line(signing.question(context), Style(bold: true, reverse: true))
            line(localized("Enter signs and appends the override · Esc: nothing is written"), .dim)
            if let refused = signing.notice { line(refused, .bold) }
        }
        if let notice { line(notice, .bold) }
    }
}
