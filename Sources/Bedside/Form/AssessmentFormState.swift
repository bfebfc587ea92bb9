import Clinical
import EventLog
import Foundation
import Grading
import Localization
import Terminal

/// The assessment form as a value: what was typed, where the cursor is, the live grades, an open
/// prompt or wizard. `apply(_:)` changes it and says what the screen must do; it never draws and
/// never touches the log.
package struct AssessmentFormState: Sendable {
    /// A new patient is identified (id, age, developmental delay) before the form opens.
    package enum Phase: Equatable, Sendable {
        case identify
        case form
    }

    /// A question that only `y` answers yes.
    package enum Prompt: Equatable, Sendable {
        /// A grade ≥ 3, a death, neither CRS nor ICANS gradable, or a time long past: save this JSON?
        case confirmSave(summary: String, json: JSONValue)
        /// Leave the form and lose the entry?
        case discard
        /// Leave the wizard and lose its answers?
        case leaveWizard
    }

    /// The ICE or CAPD wizard in progress.
    package enum Wizard: Equatable, Sendable {
        case ice(ICEWizard)
        case capd(CAPDWizard)
    }

    /// What the screen must do after a key.
    package enum Change: Equatable, Sendable {
        /// Redraw (the state changed, or a notice is to be shown).
        case redraw
        /// The form does not use the key: the global keys apply (`?`, Ctrl-C).
        case unhandled
        /// Append this assessment (valid, confirmed where needed) to the log.
        case save(JSONValue)
        /// Leave the form (nothing to save, or the user chose to discard).
        case close
    }

    /// The grades a finished wizard gives: from its own score alone (the other neuro domains
    /// taken as normal), and with the rest of the form as it stands.
    package struct WizardGrades: Equatable, Sendable {
        package var total: Int?
        package var domain: GradeOutcome?
        package var form: GradeOutcome?
        /// The version of the ICANS criteria that gave them, so that their reasons are shown in
        /// the current language (``LiveGrades/explanation(_:criteria:version:)``).
        package var version: String?
    }

    package private(set) var draft: FormDraft
    /// The draft as opened (carried-over values included): input differs from it.
    package private(set) var initial: FormDraft
    package private(set) var phase: Phase
    package internal(set) var focus: FormField
    package internal(set) var prompt: Prompt?
    package internal(set) var wizard: Wizard?
    package internal(set) var wizardGrades: WizardGrades?
    /// Fields filled from the last assessment and not touched since (marked ↺).
    package internal(set) var carried: Set<FormField> = []
    /// The last assessment the carried values come from.
    package private(set) var previous: PreviousAssessment?
    /// Opened without a patient: the id is asked for, and stays editable in the form.
    package let isNewPatient: Bool
    package private(set) var live = LiveGrades()
    /// Why the last save was refused (the field is focused), until that field is edited.
    package internal(set) var rejection: InputError?
    /// Why the last save failed to reach the log; the entry is kept.
    package internal(set) var saveFailure: String?
    /// A one-key notice ("Not saved: only y confirms").
    package internal(set) var notice: String?
    /// Another terminal assessed the patient while this form was open.
    package internal(set) var concurrentNote: String?
    /// The cursor just arrived in the field: the first digit typed replaces its value.
    package internal(set) var freshFocus = true
    /// The clock: a typed `HH:MM` is its most recent past occurrence, and a time ahead of it is
    /// refused (`ClinicalTimeGuard`). The screen sets it before every key; the opening time until then.
    package var clock: ClinicalTime
    /// Whether a save asks its own `y/N` for grades ≥ 3 and the like (a new entry); a correction
    /// asks once, after its reason, and sets this false.
    package var confirmsOnSave = true
    /// What the header says after the patient id instead of what was carried over (a correction:
    /// which entry is corrected).
    package var headerNote: String?
    let criteria: CriteriaSet
    let known: [String: PreviousAssessment]
    /// Every patient id the log holds, for the look-alike warning of a new id (`+Identity`).
    let directory: PatientDirectory

    /// Opens the form for `patient` (nil: a new patient, identified first), carrying over the safe
    /// parts of its last assessment from `known`.
    package init(patient: String?, known: [String: PreviousAssessment], criteria: CriteriaSet, openedAt: String,
                 startWithNeuroWizard: Bool = false, knownIDs: [String]? = nil) {
        self.criteria = criteria
        self.known = known
        clock = ClinicalTime(iso8601: openedAt) ?? ClinicalTime(secondsSinceEpoch: 0)
        directory = PatientDirectory(ids: knownIDs ?? Array(known.keys))
        isNewPatient = patient == nil
        var draft = FormDraft(patient: patient ?? "", openedAt: openedAt)
        initial = draft
        if let patient, let previous = known[patient] {
            carried = draft.carryOver(from: previous)
            self.previous = previous
            initial = draft
        }
        self.draft = draft
        phase = patient == nil ? .identify : .form
        focus = patient == nil ? .patientID : .temperature
        regrade()
        if startWithNeuroWizard, phase == .form { openWizard(capd: nil) }
        pendingWizard = startWithNeuroWizard && phase == .identify
    }

    /// Open the neuro wizard once a new patient is identified.
    var pendingWizard = false

    /// The fields in Tab order (the identify phase asks only who the patient is).
    package var fields: [FormField] {
        phase == .identify ? [.patientID, .ageYears, .developmentalDelay]
                           : FormLayout.allFields(pressorCount: draft.pressors.count, newPatient: isNewPatient)
    }

    package var rows: [FormRow] { FormLayout.rows(pressorCount: draft.pressors.count, newPatient: isNewPatient) }

    /// Whether anything was typed that is not saved.
    package var hasUnsavedInput: Bool {
        draft != initial || wizardHasAnswers
    }

    var wizardHasAnswers: Bool {
        switch wizard {
        case .ice(let wizard)?: wizard.hasAnswers
        case .capd(let wizard)?: wizard.hasAnswers
        case nil: false
        }
    }

    /// Which wizard `i` opens: CAPD under 12 years or with developmental delay (ASTCT; the
    /// criteria file's `age-12-uses-ice` reading). It only chooses the questions: whether ICE or
    /// CAPD grades ICANS is decided by `astct-2019-icans.yaml`.
    package var usesCAPD: Bool {
        if draft.bool(.developmentalDelay) == true { return true }
        return FormDraft.number(draft.text(.ageYears)).map { $0 < 12 } ?? false
    }

    // MARK: - Keys

    package mutating func apply(_ key: Key) -> Change {
        notice = nil
        if key == .resize { return .redraw }
        // Ctrl-C is Esc here: it asks before an entry is lost, and never loses one by itself.
        let key = key == .control("c") ? Key.escape : key
        if let prompt { return answer(prompt, key) }
        // `?` is help everywhere, even in a text field (no patient id or time has one).
        if key == .character("?"), wizard == nil { return .unhandled }
        if wizard != nil { return applyWizard(key) }
        if isTyped(key) {
            _ = edit(key, advance: phase == .form)
            return .redraw
        }
        guard let command = commandKeys.command(for: key).flatMap(AssessmentFormCommand.init(rawValue:)) else { return fieldKey(key) }
        return perform(command)
    }

    /// Leaves the identify phase: a known id carries over that patient's last assessment.
    mutating func beginForm() {
        guard let id = identify() else { return }
        draft.setText(id, for: .patientID)
        if let previous = known[id] {
            carried = draft.carryOver(from: previous)
            self.previous = previous
            notice = localized("{patient} is a known patient: support, treatments and attribution carried over from the last assessment", ["patient": id])
        }
        phase = .form
        focus = .temperature
        freshFocus = true
        regrade()
        if pendingWizard { pendingWizard = false; openWizard(capd: nil) }
    }

    private mutating func answer(_ prompt: Prompt, _ key: Key) -> Change {
        self.prompt = nil
        let yes = key == .character("y") || key == .character("Y")
        switch prompt {
        case .confirmSave(_, let json):
            if yes { return .save(json) }
            notice = localized("Not saved: only y confirms (Enter does not). The entry is kept.")
            return .redraw
        case .discard:
            if yes { return .close }
            notice = localized("Kept the entry")
            return .redraw
        case .leaveWizard:
            if yes { wizard = nil; wizardGrades = nil }
            return .redraw
        }
    }

    // MARK: - Save and close

    /// Checks the entry exactly as `aegrade record` would; refuses it naming the field, asks for a
    /// `y` when a grade is 3 or more, a death is recorded, neither CRS nor ICANS can be graded, or
    /// the time is more than 7 days back; and otherwise asks for the save.
    package mutating func requestSave() -> Change {
        guard phase == .form else { beginForm(); return .redraw }
        switch validated() {
        case .failure(let error):
            rejection = error
            if let field = FormField.field(for: error.field.text, among: fields) { focus = field; freshFocus = true }
            return .redraw
        case .success(let (json, assessment)):
            rejection = nil
            let questions = confirmations(assessment)
            guard questions.isEmpty || !confirmsOnSave else {
                prompt = .confirmSave(summary: questions.joined(separator: localized("; ")), json: json)
                return .redraw
            }
            return .save(json)
        }
    }

    /// What a save must ask about before it writes `assessment`: grades ≥ 3 (or at least 3), a
    /// death, CRS and ICANS both not assessable (with what each is missing), a time more than 7
    /// days back. Empty when a save needs no `y`.
    package func confirmations(_ assessment: Assessment) -> [String] {
        let results = criteria.evaluate(assessment)
        let live = LiveGrades(results: results)
        var questions = live.severe.map { result in
            localized("{criteria} grade {grade}", ["criteria": LiveGrades.name(result), "grade": GradeGlyph.text(grade: result.outcome?.grade, atLeast: result.outcome?.atLeast)])
        }
        if let death = assessment.outcome?.death { questions.append(localized("DEATH ({cause})", ["cause": death == .other ? localized("other")
                                                                : Localization.language == .english ? death.rawValue : death.rawValue.uppercased()])) }
        if let crs = live.result(LiveGrades.crs)?.outcome, let icans = live.result(LiveGrades.icans)?.outcome,
           crs.grade == nil, icans.grade == nil, (crs.atLeast ?? 0) < 3, (icans.atLeast ?? 0) < 3 {
            func missing(_ outcome: GradeOutcome) -> String { outcome.missing.map { localized(FormField.shortName(of: $0.text)) }.joined(separator: localized(", ")) }
            questions.append(localized("NEITHER CRS NOR ICANS CAN BE GRADED (CRS missing {crs}; ICANS missing {icans})", ["crs": missing(crs), "icans": missing(icans)]))
        }
        if case .longAgo(let days)? = try? ClinicalTimeGuard.check(assessment.time, field: "time", now: clock) {
            questions.append(localized("TIME {time} IS {days} DAYS AGO", ["time": AssessmentFormView.short(FormDraft.isoText(assessment.time, offsetSeconds: assessment.time.offsetSeconds)), "days": String(days)]))
        }
        return questions
    }

    /// The entry as the log will hold it, or the first reason it is refused.
    package func validated() -> Result<(JSONValue, Assessment), InputError> {
        let built = draft.assessmentJSON(now: clock)
        if let first = built.issues.first { return .failure(first) }
        do {
            let assessment = try Assessment(json: built.json)
            _ = try Plausibility.check(assessment)
            _ = try ClinicalTimeGuard.check(assessment.time, field: "time", now: clock)
            return .success((built.json, assessment))
        } catch let error as InputError {
            return .failure(error)
        } catch {
            return .failure(InputError(field: "", message: "\(error)"))
        }
    }

    mutating func requestClose() -> Change {
        if hasUnsavedInput { prompt = .discard; return .redraw }
        return .close
    }

    /// `U`: every lab of the form between SI and conventional units.
    mutating func switchLabUnits() {
        draft.setLabUnits(conventional: !draft.labsConventional)
        regrade()
    }

    /// The log refused the write: keep everything and say why.
    package mutating func saveFailed(_ message: String) {
        saveFailure = message
    }

    /// Re-grades the draft (after every edit).
    mutating func regrade() {
        live = LiveGrades.evaluate(draft, criteria: criteria, now: clock)
        // A refusal stands only while its cause does: once the entry no longer fails that way
        // (the field fixed, or another field that caused it), the ✗ goes.
        if let rejection, phase == .form {
            if case .failure(let error) = validated(), error == rejection {} else { self.rejection = nil }
        }
    }

    mutating func updateDraft(_ body: (inout FormDraft) -> Void) {
        body(&draft)
        saveFailure = nil
        regrade()
    }
}
