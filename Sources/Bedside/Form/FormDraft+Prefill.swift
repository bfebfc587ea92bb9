import Clinical
import EventLog
import Foundation

/// The patient's last assessment as the log holds it, for starting the next one.
package struct PreviousAssessment: Equatable, Sendable {
    /// The assessment JSON as entered.
    package var json: JSONValue
    /// Its clinical time as entered.
    package var time: String?
    package var author: String
    package var seq: Int64

    package init(json: JSONValue, time: String?, author: String, seq: Int64) {
        self.json = json
        self.time = time
        self.author = author
        self.seq = seq
    }

    /// The latest observation (or correction) of every patient of the replay.
    package static func all(in replay: Replay) -> [String: PreviousAssessment] {
        var previous: [String: PreviousAssessment] = [:]
        for (id, patient) in replay.patients {
            guard let event = patient.latestObservation, let json = event.payload[.assessment] else { continue }
            previous[id] = PreviousAssessment(json: json, time: event.clinicalTime, author: event.author.id, seq: event.seq)
        }
        return previous
    }
}

extension FormDraft {
    /// Starts from the patient's last assessment where that is safe (README, "At the bedside": fast entry): who the
    /// patient is (age, weight, developmental delay, infusion), the support running (vasopressors,
    /// oxygen), the treatments given since CRS onset, what is attributed to another cause, the
    /// units in use and the labs' reference limits and baselines. Vital signs, the neurological
    /// examination, lab values, findings and death are never carried: they must be observed anew.
    ///
    /// Returns the fields that were filled, so the form can mark them as carried over.
    @discardableResult
    package mutating func carryOver(from previous: PreviousAssessment) -> Set<FormField> {
        guard let assessment = try? Assessment(json: previous.json) else { return [] }
        var filled: Set<FormField> = []
        func set(_ field: FormField, _ value: Double?) {
            guard let value, text(field).isEmpty else { return }
            setText(JSONValue.format(value), for: field)
            filled.insert(field)
        }
        func set(_ field: FormField, _ value: Bool?) {
            guard let value, choice(field) == nil else { return }
            setChoice(value ? "yes" : "no", for: field)
            filled.insert(field)
        }
        set(.ageYears, assessment.patient.ageYears)
        set(.weightKg, assessment.patient.weightKg)
        set(.developmentalDelay, assessment.patient.developmentalDelay)
        immunosuppressed = assessment.patient.immunosuppressed
        if case .string(let infusion)? = previous.json["patient"]?["infusionTime"] { infusionTime = infusion }

        if let pressors = assessment.support?.vasopressors {
            pressorsKnown = true
            self.pressors = pressors.map { PressorDraft(drug: $0.drug, doseText: JSONValue.format($0.dose), unit: $0.unit) }
            filled.insert(.vasopressors)
            for index in pressors.indices { filled.formUnion([.pressorDrug(index), .pressorDose(index)]) }
        }
        if let oxygen = assessment.support?.oxygen {
            setChoice(oxygen.device.rawValue, for: .oxygenDevice)
            filled.insert(.oxygenDevice)
            set(.flowLPerMin, oxygen.flowLPerMin)
            set(.fio2, oxygen.fio2)
        }
        if let treatments = assessment.treatments {
            set(.treatment(.tocilizumab), treatments.tocilizumab)
            set(.treatment(.corticosteroids), treatments.corticosteroids)
            set(.treatment(.anakinra), treatments.anakinra)
            set(.treatment(.antipyretics), treatments.antipyretics)
        }
        if let causes = assessment.otherCause, !causes.isEmpty {
            otherCause = causes
            filled.insert(.otherCause)
        }
        if let temperature = assessment.vitals?.temperature { temperatureUnit = temperature.unit }
        for analyte in FormField.labs {
            guard let result = assessment.labs?[analyte] else { continue }
            labUnits[analyte] = result.unit
            if let name = FormField.limitName(analyte) { set(.labLimit(analyte), name == "uln" ? result.uln : result.lln) }
            if FormField.hasBaseline(analyte) { set(.labBaseline(analyte), result.baseline) }
        }
        return filled
    }
}
