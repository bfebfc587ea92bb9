import Clinical
import Foundation
import Grading
import Localization
import Terminal

extension AssessmentFormState {
    /// Opens the ICE or the CAPD wizard; nil chooses as ASTCT does: CAPD under 12 years or with
    /// developmental delay, ICE otherwise.
    mutating func openWizard(capd: Bool?) {
        wizard = (capd ?? usesCAPD) ? .capd(CAPDWizard()) : .ice(ICEWizard())
        wizardGrades = nil
    }

    /// A key while a wizard is open.
    mutating func applyWizard(_ key: Key) -> Change {
        let change: WizardChange
        let hint: String
        let hasAnswers: Bool
        switch wizard {
        case .ice(var wizard)?:
            change = wizard.apply(key)
            self.wizard = .ice(wizard)
            hint = wizard.hint
            hasAnswers = wizard.hasAnswers
            wizardGrades = wizard.step == .done ? grades(ice: wizard.result, total: wizard.unable == nil ? wizard.total : nil) : nil
        case .capd(var wizard)?:
            change = wizard.apply(key)
            self.wizard = .capd(wizard)
            hint = wizard.hint
            hasAnswers = wizard.hasAnswers
            wizardGrades = wizard.step == .done ? grades(capd: wizard.result, total: wizard.unable ? nil : wizard.total) : nil
        case nil:
            return .redraw
        }
        switch change {
        case .redraw: break
        case .ignored:
            if key == .character("?") { return .unhandled }
            notice = localized("Keys here: {keys}", ["keys": hint])
        case .leave:
            if hasAnswers { prompt = .leaveWizard } else { wizard = nil }
        case .finish:
            finishWizard()
        }
        return .redraw
    }

    /// Puts the wizard's answers into the form and goes on to consciousness.
    private mutating func finishWizard() {
        switch wizard {
        case .ice(let wizard)?:
            guard let ice = wizard.result else { return }
            updateDraft { $0.ice = .recorded(ice) }
            touched(.ice)
            notice = localized("ICE {score} put into the form", ["score": ice.total.map { "\($0)/10" } ?? localized("unable")])
        case .capd(let wizard)?:
            guard let capd = wizard.result else { return }
            updateDraft { $0.capd = .recorded(capd) }
            touched(.capd)
            notice = localized("CAPD {score} put into the form", ["score": capd.total.map { "\($0)/32" } ?? localized("unable")])
        case nil:
            return
        }
        wizard = nil
        wizardGrades = nil
        moveFocus(to: .consciousness)
    }

    /// The ICANS grade an ICE gives alone (a probe assessment of an adult whose other neuro
    /// domains are normal, so only the criteria decide), and with the rest of the form.
    private func grades(ice: ICE?, total: Int?) -> WizardGrades {
        guard let ice else { return WizardGrades(total: total) }
        let probe = Assessment(patient: .init(id: draft.text(.patientID), ageYears: 30, developmentalDelay: false), time: probeTime,
                               neuro: .noFindings(ice: ice))
        var withForm = draft
        withForm.ice = .recorded(ice)
        let alone = criteria.evaluate(probe, only: [LiveGrades.icans]).first
        return WizardGrades(total: total, domain: alone?.outcome,
                            form: LiveGrades.evaluate(withForm, criteria: criteria).result(LiveGrades.icans)?.outcome, version: alone?.version)
    }

    /// The ICANS grade a CAPD gives alone (a probe of a child assessed with CAPD whose other neuro
    /// domains are normal), and with the rest of the form.
    private func grades(capd: CAPD?, total: Int?) -> WizardGrades {
        guard let capd else { return WizardGrades(total: total) }
        let probe = Assessment(patient: .init(id: draft.text(.patientID), ageYears: 6, developmentalDelay: true), time: probeTime,
                               neuro: .noFindings(capd: capd))
        var withForm = draft
        withForm.capd = .recorded(capd)
        let alone = criteria.evaluate(probe, only: [LiveGrades.icans]).first
        return WizardGrades(total: total, domain: alone?.outcome,
                            form: LiveGrades.evaluate(withForm, criteria: criteria).result(LiveGrades.icans)?.outcome, version: alone?.version)
    }

    private var probeTime: ClinicalTime { ClinicalTime(iso8601: draft.openedAt) ?? ClinicalTime(secondsSinceEpoch: 0) }
}
