import Clinical
import Localization

extension FormDraft {
    /// What a correction changes, field by field, as the clinician reads it before giving a
    /// reason: "SpO2 92 → 88 %", "Oxygen room air → nasal cannula". Empty when nothing changed.
    package func changes(from original: FormDraft) -> [String] {
        let pressors = max(pressors.count, original.pressors.count)
        var lines: [String] = []
        for field in FormLayout.allFields(pressorCount: pressors, newPatient: true) {
            func shown(_ draft: FormDraft) -> String {
                guard let value = draft.display(field) else { return "—" }
                let unit = draft.unitText(field)
                return unit.isEmpty || unit.hasPrefix("(") ? value : "\(value) \(unit)"
            }
            let before = shown(original), after = shown(self)
            guard before != after else { continue }
            lines.append("\(localized(FormField.shortName(of: field.path))) \(before) → \(after)")
        }
        return lines
    }
}
