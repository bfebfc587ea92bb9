import Clinical
import Foundation

extension FormDraft {
    /// The draft of an assessment being corrected: every value of `json` as the form shows it —
    /// vitals, neuro, labs, findings and death too (it is the same assessment, corrected), not only
    /// what a new assessment carries over. Returns the values the form has no field for, which a
    /// correction saved from the form would leave out.
    package static func correcting(_ json: JSONValue, openedAt: String) -> (draft: FormDraft, notInForm: [String]) {
        var notInForm: [String] = []
        let patientID: String = { if case .string(let id)? = json["patient"]?["id"] { id } else { "" } }()
        var draft = FormDraft(patient: patientID, openedAt: openedAt)
        func number(_ value: JSONValue?, _ field: FormField) {
            if case .number(let number)? = value { draft.setText(JSONValue.format(number), for: field) }
        }
        func bool(_ value: JSONValue?, _ field: FormField) {
            if case .bool(let flag)? = value { draft.setChoice(flag ? "yes" : "no", for: field) }
        }
        func choice(_ value: JSONValue?, _ field: FormField) {
            if case .string(let text)? = value { draft.setChoice(text, for: field) }
        }

        let patient = json["patient"]
        number(patient?["ageYears"], .ageYears)
        number(patient?["weightKg"], .weightKg)
        bool(patient?["developmentalDelay"], .developmentalDelay)
        if case .bool(let flag)? = patient?["immunosuppressed"] { draft.immunosuppressed = flag }
        if case .string(let infusion)? = patient?["infusionTime"] { draft.infusionTime = infusion }
        if case .string(let time)? = json["time"] { draft.setText(time, for: .time) }

        let vitals = json["vitals"]
        number(vitals?["temperature"]?["value"], .temperature)
        if case .string(let unit)? = vitals?["temperature"]?["unit"], let parsed = Temperature.Unit(rawValue: unit) {
            draft.temperatureUnit = parsed
        }
        number(vitals?["systolicBP"], .systolicBP)
        number(vitals?["meanArterialPressure"], .meanArterialPressure)
        number(vitals?["spo2"], .spo2)
        bool(vitals?["hypotension"], .hypotension)

        let support = json["support"]
        if case .array(let list)? = support?["vasopressors"] {
            draft.pressorsKnown = true
            draft.pressors = list.map { item in
                var pressor = PressorDraft()
                if case .string(let drug)? = item["drug"] { pressor.drug = Vasopressor.Drug(rawValue: drug) }
                if case .number(let dose)? = item["dose"] { pressor.doseText = JSONValue.format(dose) }
                if case .string(let unit)? = item["unit"], let parsed = Vasopressor.DoseUnit(rawValue: unit) { pressor.unit = parsed }
                return pressor
            }
        }
        choice(support?["oxygen"]?["device"], .oxygenDevice)
        number(support?["oxygen"]?["flowLPerMin"], .flowLPerMin)
        number(support?["oxygen"]?["fio2"], .fio2)

        let neuro = json["neuro"]
        if let assessment = try? Assessment(json: json) {
            if let ice = assessment.neuro?.ice { draft.ice = .recorded(ice) }
            if let capd = assessment.neuro?.capd { draft.capd = .recorded(capd) }
        } else {
            if case .number(let total)? = neuro?["ice"]?["total"] { draft.ice = .typed(JSONValue.format(total)) }
            if case .number(let total)? = neuro?["capd"]?["total"] { draft.capd = .typed(JSONValue.format(total)) }
        }
        choice(neuro?["consciousness"], .consciousness)
        choice(neuro?["seizure"], .seizure)
        choice(neuro?["motorWeakness"], .motorWeakness)
        choice(neuro?["cerebralEdema"], .cerebralEdema)
        for sign in RaisedICPSign.allCases { bool(neuro?[sign.rawValue], .sign(sign)) }

        if case .object(let labs)? = json["labs"] {
            for (name, lab) in labs {
                guard let analyte = FormField.labs.first(where: { $0.rawValue == name }) else { notInForm.append("labs.\(name)"); continue }
                if case .string(let unit)? = lab["unit"], let parsed = LabUnit(spelling: unit, for: analyte) { draft.labUnits[analyte] = parsed }
                number(lab["value"], .lab(analyte))
                if let limit = FormField.limitName(analyte) { number(lab[limit], .labLimit(analyte)) }
                if FormField.hasBaseline(analyte) { number(lab["baseline"], .labBaseline(analyte)) }
            }
        }

        let findings = json["findings"]
        bool(findings?["splenomegaly"], .splenomegaly)
        bool(findings?["hepatomegaly"], .hepatomegaly)
        choice(findings?["hemophagocytosis"], .hemophagocytosis)
        bool(findings?["lifeThreatening"], .lifeThreatening)

        let treatments = json["treatments"]
        bool(treatments?["tocilizumab"], .treatment(.tocilizumab))
        bool(treatments?["corticosteroids"], .treatment(.corticosteroids))
        bool(treatments?["antipyretics"], .treatment(.antipyretics))
        bool(treatments?["anakinra"], .treatment(.anakinra))
        if case .array(let causes)? = json["otherCause"] {
            draft.otherCause = Set(causes.compactMap { if case .string(let cause) = $0 { OtherCause(rawValue: cause) } else { nil } })
        }
        choice(json["outcome"]?["death"], .death)
        return (draft, notInForm)
    }
}
