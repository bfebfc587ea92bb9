import Clinical
import Localization
import Safety
import Terminal

/// The English texts the screens translate where they show them, read from a table, rather than
/// at a string literal wrapped where it stands: the keymaps' help and status words,
/// the board's legend, the form's labels and choices, the ICE and CAPD items. The catalogue test
/// reads this list, so a text added to one of these tables without a translation fails it.
package enum LookedUpTexts {
    /// Every keymap of every screen.
    static var keymaps: [Keymap] {
        [Keymap.global, Keymap([CorrectionScreen.saveBinding]), TriageBoardScreen.keys, AssessmentFormKeymap.form, AssessmentFormKeymap.identify, AssessmentFormKeymap.wizard,
         AssessmentFormKeymap.prompt, PatientTimelineKeymap.keys, RulesKeymap.keys, ReplayKeymap.keys, SignInScreen.keys,
         CorrectionScreen.overrideKeys, CorrectionScreen.reasonKeys, CorrectionScreen.confirmKeys,
         OverrideScreen.criteriaKeys, OverrideScreen.gradeKeys, OverrideScreen.reasonKeys, OverrideScreen.confirmKeys, SigningPrompt.keys, SignScreen.eventKeys,
         Keymap([Binding([.character("1")], "meaning", SignScreen.meaningHelp)])]
    }

    /// Choices that are abbreviations clinicians use as they are, in Chinese too (issue 18: CRS,
    /// ICANS, HLH, ICE, CAPD): shown untranslated, so they need no catalogue entry.
    static let abbreviations: Set<String> = ["CRS", "ICANS", "HLH", "ICE/CAPD"]

    /// Every text looked up in the catalogue where it is shown.
    package static var all: [String] {
        var texts: [String] = []
        for keymap in keymaps {
            for binding in keymap.bindings {
                texts.append(binding.help)
                if binding.inStatusBar { texts.append(binding.statusWord) }
            }
        }
        texts += TriageBoardScreen.legend
        texts.append(HLHFlag.notMet.text)
        texts += FormGroup.allCases.map(\.rawValue)
        // A drug row's label carries its number: it is translated as "drug {n}" where it is drawn.
        texts += formFields.filter { if case .pressorDrug = $0 { false } else { true } }.map(\.label) + Analyte.allCases.map(FormField.analyteName)
        for field in formFields {
            switch field.kind {
            case .choice(let choices), .flags(let choices), .score(_, let choices): texts += choices.map(\.label)
            case .text, .number, .list: break
            }
        }
        texts += ICEWizard.items.flatMap { [$0.domain, $0.short, $0.question] }
        texts += ICEWizard.unableReasons.map(\.label)
        texts += CAPDWizard.items + CAPDWizard.answerKeys.map(\.label) + CAPDAnswer.allCases.map(\.rawValue)
        texts += Role.allCases.map(\.rawValue)
        texts += SignatureMeaning.allCases.map(\.words)
        texts += Permission.allCases.map(\.doing)
        texts += SafetyRule.Action.allCases.map(\.rawValue)
        // The text report's words (Safety): event kinds and rule types as logged.
        texts += EventKind.allCases.map(\.rawValue) + ["count", "stagger", "pocock", "bayes"]
        texts += DemoProtocol.shownTexts
        // The dose-finding decision's words (``DoseEscalationStatus/actionWord``).
        texts += DoseAction.allCases.map(\.rawValue) + ["stop", "wait", "fill", "start"]
        // The timeline's and the replay's words for account actions.
        texts += UserAdminAction.allCases.map(\.rawValue) + LoginAction.allCases.map(\.rawValue) + SecurityAction.allCases.map(\.rawValue)
        // The short names of fields that differ from their labels, as "missing …" names them.
        texts += [FormField.shortName(of: FormField.weightKg.path), FormField.shortName(of: "neuro")]
        var seen = Set<String>()
        return texts.filter { !$0.isEmpty && !abbreviations.contains($0) && seen.insert($0).inserted }
    }

    /// One field of each kind the form lays out (a drug row stands for every drug row).
    static var formFields: [FormField] {
        [.patientID, .time, .ageYears, .weightKg, .developmentalDelay, .temperature, .hypotension, .systolicBP, .meanArterialPressure, .spo2,
         .vasopressors, .pressorDrug(0), .pressorDose(0), .oxygenDevice, .flowLPerMin, .fio2]
            + TreatmentKind.allCases.map(FormField.treatment)
            + [.ice, .capd, .consciousness, .seizure, .motorWeakness, .cerebralEdema]
            + RaisedICPSign.allCases.map(FormField.sign)
            + FormField.labs.flatMap { [FormField.labBaseline($0)] }
            + [.splenomegaly, .hepatomegaly, .hemophagocytosis, .lifeThreatening, .otherCause, .death]
    }
}
