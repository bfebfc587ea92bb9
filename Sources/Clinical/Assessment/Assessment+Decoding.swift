extension Assessment {
    /// Decodes one assessment strictly from the JSON of `grade-io.md`.
    ///
    /// A key the spec does not name, a wrong type or a value outside a closed vocabulary throws an
    /// ``InputError`` naming the field path. Units are checked against the analyte; plausibility
    /// limits are applied separately by ``Plausibility``.
    package init(json: JSONValue) throws {
        var root = try ObjectReader(json, at: FieldPath(""), keys: Keys.root)
        guard var patientReader = try root.object("patient", keys: Keys.patient) else { throw root.missing("patient") }
        let patient = try Self.decodePatient(&patientReader)
        guard let time = try root.time("time") else { throw root.missing("time") }
        self.init(patient: patient, time: time)
        if var reader = try root.object("vitals") { vitals = try Self.decodeVitals(&reader) }
        if var reader = try root.object("support") { support = try Self.decodeSupport(&reader) }
        if var reader = try root.object("neuro") { neuro = try Self.decodeNeuro(&reader) }
        if var reader = try root.object("labs") { labs = try Self.decodeLabs(&reader) }
        if var reader = try root.object("findings") { findings = try Self.decodeFindings(&reader) }
        if var reader = try root.object("treatments") {
            treatments = Treatments(tocilizumab: try reader.bool("tocilizumab"), corticosteroids: try reader.bool("corticosteroids"),
                                    antipyretics: try reader.bool("antipyretics"), anakinra: try reader.bool("anakinra"))
            try reader.finish()
        }
        if let causes = try root.array("otherCause") {
            otherCause = Set(try causes.enumerated().map {
                try ObjectReader.enumeration($0.element, as: OtherCause.self, at: FieldPath("otherCause").index($0.offset))
            })
        }
        if var reader = try root.object("outcome") {
            outcome = Outcome(death: try reader.enumeration("death", as: DeathCause.self))
            try reader.finish()
        }
        try root.finish()
    }

    /// Reads just the patient id and time of a line, for the error line of a rejected input.
    package static func identification(of json: JSONValue) -> (patient: String?, time: String?) {
        var patient: String?
        if case .string(let id)? = json["patient"]?["id"] { patient = id }
        var time: String?
        if case .string(let text)? = json["time"] { time = ClinicalTime(iso8601: text)?.utcText ?? text }
        return (patient, time)
    }

    private static func decodePatient(_ r: inout ObjectReader) throws -> Patient {
        guard let typed = try r.string("id") else { throw r.missing("id") }
        let id = try PatientIdentifier(typed, at: r.path.appending("id")).text
        let patient = Patient(id: id, ageYears: try r.number("ageYears"), weightKg: try r.number("weightKg"),
                              developmentalDelay: try r.bool("developmentalDelay"), immunosuppressed: try r.bool("immunosuppressed"),
                              infusionTime: try r.time("infusionTime"))
        try r.finish()
        return patient
    }

    private static func decodeVitals(_ r: inout ObjectReader) throws -> Vitals {
        var vitals = Vitals()
        if var t = try r.object("temperature", keys: Keys.temperature) {
            guard let value = try t.number("value") else { throw t.missing("value") }
            guard let unit = try t.enumeration("unit", as: Temperature.Unit.self) else { throw t.missing("unit") }
            try t.finish()
            vitals.temperature = Temperature(value: value, unit: unit)
        }
        vitals.systolicBP = try r.number("systolicBP")
        vitals.meanArterialPressure = try r.number("meanArterialPressure")
        vitals.spo2 = try r.number("spo2")
        vitals.hypotension = try r.bool("hypotension")
        try r.finish()
        return vitals
    }

    private static func decodeSupport(_ r: inout ObjectReader) throws -> Support {
        var support = Support()
        if let list = try r.array("vasopressors") {
            let listPath = r.path.appending("vasopressors")
            support.vasopressors = try list.enumerated().map { offset, element in
                var v = try ObjectReader(element, element: offset, of: listPath, keys: Keys.vasopressor)
                guard let drug = try v.enumeration("drug", as: Vasopressor.Drug.self) else { throw v.missing("drug") }
                guard let dose = try v.number("dose") else { throw v.missing("dose") }
                guard let unit = try v.enumeration("unit", as: Vasopressor.DoseUnit.self) else { throw v.missing("unit") }
                try v.finish()
                if drug == .vasopressin, unit != .unitsPerMin {
                    throw InputError(field: v.path.appending("unit"), message: "vasopressin is dosed in units/min, not \(unit.rawValue)")
                }
                if drug != .vasopressin, unit == .unitsPerMin {
                    throw InputError(field: v.path.appending("unit"), message: "\(drug.rawValue) is dosed in mcg/min or mcg/kg/min, not units/min")
                }
                return Vasopressor(drug: drug, dose: dose, unit: unit)
            }
        }
        if var o = try r.object("oxygen", keys: Keys.oxygen) {
            guard let device = try o.enumeration("device", as: OxygenDevice.self) else { throw o.missing("device") }
            let oxygen = Oxygen(device: device, flowLPerMin: try o.number("flowLPerMin"), fio2: try o.number("fio2"))
            try o.finish()
            if device == .nasalCannula, oxygen.flowLPerMin == nil {
                throw InputError(field: o.path.appending("flowLPerMin"), message: "required with nasalCannula (above 6 L/min is high flow)")
            }
            support.oxygen = oxygen
        }
        try r.finish()
        return support
    }

    private static func decodeNeuro(_ r: inout ObjectReader) throws -> Neuro {
        var neuro = Neuro()
        if var i = try r.object("ice", keys: Keys.ice) {
            neuro.ice = try decodeICE(&i)
        }
        if var c = try r.object("capd") { neuro.capd = try decodeCAPD(&c) }
        neuro.consciousness = try r.enumeration("consciousness", as: Consciousness.self)
        neuro.seizure = try r.enumeration("seizure", as: Seizure.self)
        neuro.motorWeakness = try r.enumeration("motorWeakness", as: MotorWeakness.self)
        neuro.cerebralEdema = try r.enumeration("cerebralEdema", as: CerebralEdema.self)
        neuro.posturing = try r.bool("posturing")
        neuro.cranialNerveVIPalsy = try r.bool("cranialNerveVIPalsy")
        neuro.papilledema = try r.bool("papilledema")
        neuro.cushingsTriad = try r.bool("cushingsTriad")
        try r.finish()
        return neuro
    }

    private static func decodeICE(_ r: inout ObjectReader) throws -> ICE {
        let ice: ICE
        if let reason = try r.enumeration("unable", as: ICEUnableReason.self) {
            ice = .unable(reason)
        } else if let total = try r.integer("total", in: 0...10) {
            ice = .total(total)
        } else {
            func item(_ name: String, _ maximum: Int) throws -> Int {
                guard let score = try r.integer(name, in: 0...maximum) else {
                    throw InputError(field: r.path.appending(name), message: "required: give all five ICE items, or \"total\", or \"unable\"")
                }
                return score
            }
            // In this order: the first item left out is the one named.
            let orientation = try item("orientation", 4), naming = try item("naming", 3), commands = try item("commands", 1)
            let writing = try item("writing", 1), attention = try item("attention", 1)
            ice = .items(orientation: orientation, naming: naming, commands: commands, writing: writing, attention: attention)
        }
        // Anything left (items beside a total, say) is ambiguous: reject it by name.
        try r.finish()
        return ice
    }

    private static func decodeCAPD(_ r: inout ObjectReader) throws -> CAPD {
        let capd: CAPD
        if let unable = try r.bool("unable") {
            guard unable else { throw InputError(field: r.path.appending("unable"), message: "give \"unable\": true, or leave it out") }
            capd = .unable
        } else if let total = try r.integer("total", in: 0...32) {
            capd = .total(total)
        } else if let answers = try r.array("answers") {
            let path = r.path.appending("answers")
            guard answers.count == 8 else {
                throw InputError(field: path, message: "expected 8 answers (CAPD items 1–8), found \(answers.count)")
            }
            capd = .answers(try answers.enumerated().map { try ObjectReader.enumeration($0.element, as: CAPDAnswer.self, at: path.index($0.offset)) })
        } else {
            throw InputError(field: r.path, message: "give \"answers\" (8), \"total\" (0–32) or \"unable\": true")
        }
        try r.finish()
        return capd
    }

    private static func decodeLabs(_ r: inout ObjectReader) throws -> Labs {
        var labs = Labs()
        labs.nkActivity = try r.enumeration("nkActivity", as: NKActivity.self)
        for analyte in Analyte.allCases {
            let keys = analyte == .triglycerides ? Keys.triglycerides : Keys.lab
            guard var l = try r.object(analyte.rawValue, keys: keys) else { continue }
            guard let value = try l.number("value") else { throw l.missing("value") }
            guard let unitText = try l.string("unit") else { throw l.missing("unit") }
            guard let unit = LabUnit(spelling: unitText, for: analyte) else {
                let accepted = analyte.units.map(\.rawValue).joined(separator: " or ")
                var message = "unit \(PrintableText.quoted(unitText)) is not accepted for \(analyte.rawValue); use \(accepted)"
                if analyte == .scd25, unitText == "pg/mL" { message += " (pg/mL cannot be converted to U/mL)" }
                throw InputError(field: l.path.appending("unit"), message: message)
            }
            var result = LabResult(value: value, unit: unit, uln: try l.number("uln"), lln: try l.number("lln"), baseline: try l.number("baseline"))
            if analyte == .triglycerides { result.fasting = try l.bool("fasting") }
            try l.finish()
            labs[analyte] = result
        }
        try r.finish()
        return labs
    }

    private static func decodeFindings(_ r: inout ObjectReader) throws -> Findings {
        var findings = Findings(splenomegaly: try r.bool("splenomegaly"), hepatomegaly: try r.bool("hepatomegaly"),
                                molecularHLHDiagnosis: try r.bool("molecularHLHDiagnosis"),
                                hemophagocytosis: try r.enumeration("hemophagocytosis", as: Hemophagocytosis.self),
                                lifeThreatening: try r.bool("lifeThreatening"))
        if var o = try r.object("organToxicity") {
            var grades: [OrganToxicityTerm: Int] = [:]
            for term in OrganToxicityTerm.allCases {
                if let grade = try o.integer(term.rawValue, in: 0...5) { grades[term] = grade }
            }
            try o.finish()
            findings.organToxicity = grades
        }
        try r.finish()
        return findings
    }
}

/// The keys each object of an assessment may hold (`grade-io.md`), made once rather than for every
/// assessment read.
private enum Keys {
    static let root: [String] = ["patient", "time", "vitals", "support", "neuro", "labs", "findings", "treatments", "otherCause", "outcome"]
    static let patient: [String] = ["id", "ageYears", "weightKg", "developmentalDelay", "immunosuppressed", "infusionTime"]
    static let temperature: [String] = ["value", "unit"]
    static let vasopressor: [String] = ["drug", "dose", "unit"]
    static let oxygen: [String] = ["device", "flowLPerMin", "fio2"]
    static let ice: [String] = ["orientation", "naming", "commands", "writing", "attention", "total", "unable"]
    static let lab: [String] = ["value", "unit", "uln", "lln", "baseline"]
    static let triglycerides: [String] = lab + ["fasting"]
}
