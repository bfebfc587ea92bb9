import Clinical
import Foundation
import Localization

/// One vasopressor line as typed: the drug, the dose text and its unit.
package struct PressorDraft: Equatable, Sendable {
    package var drug: Vasopressor.Drug?
    package var doseText: String
    package var unit: Vasopressor.DoseUnit

    package init(drug: Vasopressor.Drug? = nil, doseText: String = "", unit: Vasopressor.DoseUnit = .mcgPerKgPerMin) {
        self.drug = drug
        self.doseText = doseText
        self.unit = unit
    }
}

/// An ICE or CAPD as entered: a total typed digit by digit, or what a wizard (or an "unable" key)
/// recorded.
package enum ScoreEntry<Recorded: Equatable & Sendable>: Equatable, Sendable {
    case typed(String)
    case recorded(Recorded)
}

/// Everything typed into the assessment form, as text and picked values — never graded, never
/// written; `FormDraft+Assessment` turns it into the JSON of `grade-io.md`.
///
/// An empty text and an unpicked choice are *unknown*: they leave the key out of the assessment,
/// so the grade says "not assessable" rather than reading them as normal.
package struct FormDraft: Equatable, Sendable {
    /// Text of the text and number fields (not the vasopressor doses).
    package var texts: [FormField: String] = [:]
    /// Raw values of the choice fields (not the vasopressor drugs); yes/no fields hold "yes"/"no".
    package var choices: [FormField: String] = [:]
    package var temperatureUnit: Temperature.Unit = .celsius
    /// The unit each lab's value, limit and baseline are typed in; the analyte's SI unit by default.
    package var labUnits: [Analyte: LabUnit] = [:]
    /// False: vasopressors unknown. True: the list below is complete (empty means none).
    package var pressorsKnown = false
    package var pressors: [PressorDraft] = []
    package var ice: ScoreEntry<ICE>?
    package var capd: ScoreEntry<CAPD>?
    package var otherCause: Set<OtherCause> = []
    /// Carried from the patient's last assessment without a field of their own.
    package var immunosuppressed: Bool?
    package var infusionTime: String?
    /// When the form was opened, ISO 8601 with the local offset: the default time, and the day a
    /// typed `HH:MM` belongs to.
    package var openedAt: String

    package init(patient: String, openedAt: String) {
        self.openedAt = openedAt
        texts[.patientID] = patient
        texts[.time] = openedAt
    }

    /// The text of a text or number field.
    package func text(_ field: FormField) -> String {
        if case .pressorDose(let index) = field { return pressors.indices.contains(index) ? pressors[index].doseText : "" }
        return texts[field] ?? ""
    }

    package mutating func setText(_ text: String, for field: FormField) {
        if case .pressorDose(let index) = field {
            if pressors.indices.contains(index) { pressors[index].doseText = text }
            return
        }
        texts[field] = text.isEmpty ? nil : text
    }

    /// The raw value picked in a choice field; nil when unknown.
    package func choice(_ field: FormField) -> String? {
        if case .pressorDrug(let index) = field { return pressors.indices.contains(index) ? pressors[index].drug?.rawValue : nil }
        return choices[field]
    }

    package mutating func setChoice(_ value: String?, for field: FormField) {
        if case .pressorDrug(let index) = field {
            guard pressors.indices.contains(index) else { return }
            let drug = value.flatMap(Vasopressor.Drug.init(rawValue:))
            pressors[index].drug = drug
            // Vasopressin is dosed in units/min and the others never are: follow the drug.
            if drug == .vasopressin { pressors[index].unit = .unitsPerMin }
            else if pressors[index].unit == .unitsPerMin { pressors[index].unit = .mcgPerKgPerMin }
            return
        }
        choices[field] = value
    }

    /// A yes/no field: true, false, or nil when unknown.
    package func bool(_ field: FormField) -> Bool? { choices[field].map { $0 == "yes" } }

    /// The unit a lab is typed in.
    package func labUnit(_ analyte: Analyte) -> LabUnit { labUnits[analyte] ?? analyte.canonicalUnit }

    /// The unit shown after a number field, if any.
    package func unitText(_ field: FormField) -> String {
        switch field {
        case .temperature: "°\(temperatureUnit.rawValue)"
        case .systolicBP, .meanArterialPressure: "mmHg"
        case .pressorDose(let index): pressors.indices.contains(index) ? pressors[index].unit.rawValue : ""
        case .lab(let analyte), .labLimit(let analyte), .labBaseline(let analyte): labUnit(analyte).rawValue
        case .fio2: "(0.21–1)"
        case .ice: { if case .typed? = ice { "/10" } else { "" } }()
        case .capd: { if case .typed? = capd { "/32" } else { "" } }()
        default: ""
        }
    }

    /// Keys that switch the unit a number field is typed in. A unit key relabels what was typed
    /// (101.3 typed in °C is 101.3 °F after `f`); it never converts.
    package func unitChoices(_ field: FormField) -> [Choice] {
        switch field {
        case .temperature: return [Choice("c", "°C", "C"), Choice("f", "°F", "F")]
        case .pressorDose: return [Choice("m", "mcg/min", "mcg/min"), Choice("k", "mcg/kg/min", "mcg/kg/min"), Choice("u", "units/min", "units/min")]
        case .lab(let analyte), .labLimit(let analyte), .labBaseline(let analyte):
            guard analyte.units.count > 1 else { return [] }
            let other = analyte.units.first { $0 != labUnit(analyte) } ?? analyte.canonicalUnit
            return [Choice("u", other.rawValue, other.rawValue)]
        default: return []
        }
    }

    /// Applies a unit key's value to `field`.
    package mutating func setUnit(_ value: String, for field: FormField) {
        switch field {
        case .temperature: temperatureUnit = Temperature.Unit(rawValue: value) ?? temperatureUnit
        case .pressorDose(let index):
            if pressors.indices.contains(index), let unit = Vasopressor.DoseUnit(rawValue: value) { pressors[index].unit = unit }
        case .lab(let analyte), .labLimit(let analyte), .labBaseline(let analyte):
            if let unit = LabUnit(rawValue: value), analyte.units.contains(unit) { labUnits[analyte] = unit }
        default: break
        }
    }

    /// Switches every lab of the form to SI (the first unit) or to conventional (the second).
    package mutating func setLabUnits(conventional: Bool) {
        for analyte in FormField.labs where analyte.units.count > 1 {
            labUnits[analyte] = conventional ? analyte.units[1] : analyte.units[0]
        }
    }

    /// Whether the labs are shown in conventional units (the majority of those with two units).
    package var labsConventional: Bool {
        let switchable = FormField.labs.filter { $0.units.count > 1 }
        return switchable.filter { labUnit($0) != $0.canonicalUnit }.count * 2 > switchable.count
    }

    /// The value a field shows: the text typed, the label of the choice, or nil when unknown.
    package func display(_ field: FormField) -> String? {
        switch field.kind {
        case .text, .number:
            let text = text(field)
            return text.isEmpty ? nil : text
        case .choice(let options):
            guard let value = choice(field) else { return field == .death ? localized("alive (none recorded)") : nil }
            return options.first { $0.value == value }.map { localized($0.label) } ?? value
        case .flags(let options):
            let picked = options.filter { OtherCause(rawValue: $0.value).map(otherCause.contains) ?? false }
            return picked.isEmpty ? localized("none") : picked.map { localized($0.label) }.joined(separator: ", ")
        case .score:
            return scoreDisplay(field)
        case .list:
            guard pressorsKnown else { return nil }
            return pressors.isEmpty ? localized("none") : localized("{n} running", ["n": String(pressors.count)])
        }
    }

    private func scoreDisplay(_ field: FormField) -> String? {
        if field == .ice {
            switch ice {
            case nil: return nil
            case .typed(let text)?: return text
            case .recorded(let ice)?:
                switch ice {
                case .unable(let reason):
                    return reason == .awakeAphasic ? localized("unable: awake, globally aphasic") : reason == .unarousable ? localized("unable: unarousable") : localized("unable: other reason")
                case let .items(o, n, c, w, a):
                    return localized("{total}/10 (orient {o} name {n} cmd {c} write {w} count {a})",
                                     ["total": String(ice.total ?? 0), "o": String(o), "n": String(n), "c": String(c), "w": String(w), "a": String(a)])
                case .total(let total): return "\(total)"
                }
            }
        }
        switch capd {
        case nil: return nil
        case .typed(let text)?: return text
        case .recorded(let capd)?:
            switch capd {
            case .unable: return localized("unable to perform CAPD")
            case .answers(let answers):
                // The answers' initials (the keys typed: n r s o a); in another language each item's points.
                let shown = Localization.language == .english ? answers.map { String($0.rawValue.prefix(1)) }.joined()
                    : answers.enumerated().map { String($0.element.points(item: $0.offset + 1)) }.joined()
                return localized("{total}/32 ({answers})", ["total": String(capd.total ?? 0), "answers": shown])
            case .total(let total): return "\(total)"
            }
        }
    }
}
