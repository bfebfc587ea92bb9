import Clinical
import EventLog
import Localization

extension AssessmentFormState {
    /// The typed id of a new patient, normalised as `aegrade record` normalises it
    /// (``PatientIdentifier``); nil (with the reason as the notice) when it is empty or holds a
    /// character an id may not.
    mutating func identify() -> String? {
        let typed = draft.text(.patientID)
        guard !typed.allSatisfy({ $0.isWhitespace }) else { notice = localized("Type the patient id first"); return nil }
        let id: String
        do {
            id = try PatientIdentifier(typed, at: "patient.id").text
        } catch {
            notice = localized("Patient id: {reason}", ["reason": error.message])
            return nil
        }
        return id
    }

    /// For a new patient once identified: the warning that the id is not known but looks like a
    /// known patient's (letter case, a Cyrillic or Greek look-alike), naming that patient. Derived
    /// from the id as it stands, so it follows every edit of the field until the save.
    package var identityWarning: String? {
        guard isNewPatient, phase == .form else { return nil }
        let id = draft.text(.patientID)
        return directory.lookAlike(of: id).map {
            localized("{patient} looks like the known patient {known} (letter case or look-alike characters): check that it is not the same patient before saving",
                      ["patient": PrintableText.escaped(id), "known": PrintableText.escaped($0)])
        }
    }
}
