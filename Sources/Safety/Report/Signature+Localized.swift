import Clinical
import Localization

extension SignatureLedger.Signature {
    /// ``manifestation`` in the current language: meaning and role from the catalogue; name, id,
    /// time and reason as recorded (21 CFR 11.50(a): printed name, date and time, meaning).
    package var localizedManifestation: String {
        guard Localization.language != .english else { return manifestation }
        return localized("{meaning} — {name} ({user}, {role}) {time}",
                         ["meaning": localized(meaning.words), "name": PrintableText.escaped(name), "user": PrintableText.escaped(signer.id),
                          "role": localized(signer.role.rawValue), "time": localTime])
            + (reason.map { localized(": {reason}", ["reason": PrintableText.escaped($0)]) } ?? "")
    }
}
