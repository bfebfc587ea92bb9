import Clinical
import Localization

/// The clinical words for logged vocabulary, as the timeline and the replay write it (the form's
/// labels): "nasal cannula", not `nasalCannula`. A value the product does not know is shown as
/// logged, quoted, so nothing is hidden.
enum ClinicalWords {
    static func oxygenDevice(_ raw: String) -> String {
        guard let device = OxygenDevice(rawValue: raw) else { return PrintableText.quoted(raw) }
        switch device {
        case .roomAir: return localized("room air")
        case .blowBy: return localized("blow-by")
        case .nasalCannula: return localized("nasal cannula")
        case .highFlowNasalCannula: return localized("high-flow nasal cannula")
        case .simpleFaceMask: return localized("simple face mask")
        case .nonRebreatherMask: return localized("non-rebreather mask")
        case .venturiMask: return localized("Venturi mask")
        case .cpap: return localized("CPAP")
        case .bipap: return localized("BiPAP")
        case .mechanicalVentilation: return localized("mechanical ventilation")
        }
    }

    static func consciousness(_ raw: String) -> String {
        guard let level = Consciousness(rawValue: raw) else { return PrintableText.quoted(raw) }
        switch level {
        case .alert: return localized("alert")
        case .awakensSpontaneously: return localized("awakens spontaneously")
        case .awakensToVoice: return localized("awakens to voice")
        case .awakensToTactile: return localized("awakens only to touch")
        case .unarousable: return localized("unarousable")
        }
    }

    static func seizure(_ raw: String) -> String {
        guard let seizure = Seizure(rawValue: raw) else { return PrintableText.quoted(raw) }
        switch seizure {
        case .absent: return localized("none")
        case .resolvedRapidly: return localized("resolved rapidly")
        case .nonconvulsiveResolvedWithIntervention: return localized("EEG non-convulsive, resolved with intervention")
        case .prolonged: return localized("prolonged > 5 min")
        case .repetitiveWithoutReturnToBaseline: return localized("repetitive, no return to baseline")
        }
    }

    static func iceUnable(_ raw: String) -> String {
        guard let reason = ICEUnableReason(rawValue: raw) else { return PrintableText.quoted(raw) }
        switch reason {
        case .unarousable: return localized("unarousable")
        case .awakeAphasic: return localized("awake, globally aphasic")
        case .other: return localized("other reason")
        }
    }

    /// A drug as logged (`tocilizumab`), by its name in the current language where the product
    /// knows it (the drugs of the ASTCT and Chinese CAR-T consensus management algorithms); any
    /// other name is shown as logged: it is the clinician's text.
    static func drug(_ raw: String) -> String {
        switch raw.lowercased() {
        case "tocilizumab": localized("tocilizumab")
        case "siltuximab": localized("siltuximab")
        case "dexamethasone": localized("dexamethasone")
        case "methylprednisolone": localized("methylprednisolone")
        case "corticosteroids", "steroids": localized("corticosteroids")
        case "anakinra": localized("anakinra")
        case "levetiracetam": localized("levetiracetam")
        case "antipyretics": localized("antipyretics")
        default: raw
        }
    }

    /// A vasopressor as logged (`norepinephrine`), by the form's word for it.
    static func pressor(_ raw: String) -> String {
        switch raw {
        case "norepinephrine": localized("norepinephrine")
        case "epinephrine": localized("epinephrine")
        case "dopamine": localized("dopamine")
        case "phenylephrine": localized("phenylephrine")
        case "vasopressin": localized("vasopressin")
        case "other": localized("other")
        default: PrintableText.quoted(raw)
        }
    }

    /// A cause of death as logged: the syndrome's abbreviation, or "other".
    static func deathCause(_ raw: String) -> String {
        guard let cause = DeathCause(rawValue: raw) else { return PrintableText.quoted(raw) }
        switch cause {
        case .crs: return Localization.language == .english ? raw : "CRS"
        case .icans: return Localization.language == .english ? raw : "ICANS"
        case .hlh: return Localization.language == .english ? raw : "HLH"
        case .other: return localized("other")
        }
    }

    /// The trial's status as a rule-status event logs it (`continue`, `paused`).
    static func ruleStatus(_ raw: String) -> String {
        switch raw {
        case "continue": localized("continue")
        case "paused": localized("paused")
        default: PrintableText.quoted(raw)
        }
    }
}
