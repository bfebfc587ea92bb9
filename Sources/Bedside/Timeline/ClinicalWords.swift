import Clinical

/// The clinical words for logged vocabulary, as the timeline and the replay write it (the form's
/// labels): "nasal cannula", not `nasalCannula`. A value the product does not know is shown as
/// logged, quoted, so nothing is hidden.
enum ClinicalWords {
    static func oxygenDevice(_ raw: String) -> String {
        guard let device = OxygenDevice(rawValue: raw) else { return PrintableText.quoted(raw) }
        switch device {
        case .roomAir: return "room air"
        case .blowBy: return "blow-by"
        case .nasalCannula: return "nasal cannula"
        case .highFlowNasalCannula: return "high-flow nasal cannula"
        case .simpleFaceMask: return "simple face mask"
        case .nonRebreatherMask: return "non-rebreather mask"
        case .venturiMask: return "Venturi mask"
        case .cpap: return "CPAP"
        case .bipap: return "BiPAP"
        case .mechanicalVentilation: return "mechanical ventilation"
        }
    }

    static func consciousness(_ raw: String) -> String {
        guard let level = Consciousness(rawValue: raw) else { return PrintableText.quoted(raw) }
        switch level {
        case .alert: return "alert"
        case .awakensSpontaneously: return "awakens spontaneously"
        case .awakensToVoice: return "awakens to voice"
        case .awakensToTactile: return "awakens only to touch"
        case .unarousable: return "unarousable"
        }
    }

    static func seizure(_ raw: String) -> String {
        guard let seizure = Seizure(rawValue: raw) else { return PrintableText.quoted(raw) }
        switch seizure {
        case .absent: return "none"
        case .resolvedRapidly: return "resolved rapidly"
        case .nonconvulsiveResolvedWithIntervention: return "EEG non-convulsive, resolved with intervention"
        case .prolonged: return "prolonged > 5 min"
        case .repetitiveWithoutReturnToBaseline: return "repetitive, no return to baseline"
        }
    }

    static func iceUnable(_ raw: String) -> String {
        guard let reason = ICEUnableReason(rawValue: raw) else { return PrintableText.quoted(raw) }
        switch reason {
        case .unarousable: return "unarousable"
        case .awakeAphasic: return "awake, globally aphasic"
        case .other: return "other reason"
        }
    }
}
