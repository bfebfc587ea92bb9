import Testing
@testable import Clinical

@Suite("Assessment(json:): strict decoding of grade-io.md input")
struct AssessmentDecodingTests {
    // MARK: The spec example

    @Test("the example assessment of grade-io.md decodes field by field")
    func decodesSpecExample() throws {
        let a = try decode(specExampleText)
        #expect(a.patient.id == "P-001")
        #expect(a.patient.ageYears == 54)
        #expect(a.patient.weightKg == 70)
        #expect(a.patient.developmentalDelay == false)
        #expect(a.patient.immunosuppressed == false)
        #expect(a.patient.infusionTime?.utcText == "2026-11-20T02:00:00Z")
        #expect(a.time.utcText == "2026-11-22T00:00:00Z")
        #expect(a.vitals?.temperature == Temperature(value: 38.6, unit: .celsius))
        #expect(a.vitals?.systolicBP == 84)
        #expect(a.vitals?.meanArterialPressure == 58)
        #expect(a.vitals?.spo2 == 94)
        #expect(a.vitals?.hypotension == true)
        #expect(a.support?.vasopressors == [Vasopressor(drug: .norepinephrine, dose: 0.1, unit: .mcgPerKgPerMin)])
        #expect(a.support?.oxygen == Oxygen(device: .nasalCannula, flowLPerMin: 4, fio2: 0.32))
        #expect(a.neuro?.ice == .items(orientation: 4, naming: 3, commands: 1, writing: 1, attention: 1))
        #expect(a.neuro?.capd == .total(6))
        #expect(a.neuro?.consciousness == .alert)
        #expect(a.neuro?.seizure == Seizure.absent)
        #expect(a.neuro?.motorWeakness == MotorWeakness.absent)
        #expect(a.neuro?.cerebralEdema == CerebralEdema.absent)
        #expect(a.neuro?.posturing == false)
        #expect(a.neuro?.cranialNerveVIPalsy == false)
        #expect(a.neuro?.papilledema == false)
        #expect(a.neuro?.cushingsTriad == false)
        #expect(a.labs?[.ferritin] == LabResult(value: 12_000, unit: .nanogramsPerMilliliter))
        #expect(a.labs?[.ast] == LabResult(value: 240, unit: .unitsPerLiter, uln: 40, baseline: 22))
        #expect(a.labs?[.alt] == nil, "an analyte not given is unknown")
        #expect(a.findings?.splenomegaly == false)
        #expect(a.findings?.hepatomegaly == true)
        #expect(a.findings?.hemophagocytosis == .boneMarrow)
        #expect(a.findings?.organToxicity == [.pulmonaryEdema: 3])
        #expect(a.treatments == Assessment.Treatments(tocilizumab: true, corticosteroids: false, antipyretics: false))
        #expect(a.otherCause == [.fever])
        #expect(a.outcome?.death == .crs)
    }

    @Test("an assessment with only the required fields leaves every group unknown, not normal")
    func minimalAssessment() throws {
        let a = try decode(line())
        #expect(a == Assessment(patient: .init(id: "P-001"), time: assessmentTime))
        #expect(a.vitals == nil && a.support == nil && a.neuro == nil && a.labs == nil)
        #expect(a.findings == nil && a.treatments == nil && a.otherCause == nil && a.outcome == nil)
    }

    // MARK: Unknown keys

    static let unknownKeys: [Row<String, Rejection>] = [
        Row("a misspelt top-level group \"vital\" is rejected by name",
            line(#""vital": {"spo2": 94}"#), Rejection("vital", mentioning: "unknown", "vital")),
        Row("an unnamed top-level key \"comment\" is rejected",
            line(#""comment": "seen on ward round""#), Rejection("comment", mentioning: "comment")),
        Row("\"patient.age\" (for ageYears) is rejected naming patient.age",
            #"{"patient": {"id": "P-001", "age": 54}, "time": "2026-11-22T08:00:00+08:00"}"#,
            Rejection("patient.age", mentioning: "age")),
        Row("\"vitals.temp\" is rejected naming vitals.temp",
            line(#""vitals": {"temp": {"value": 38.6, "unit": "C"}}"#), Rejection("vitals.temp", mentioning: "temp")),
        Row("\"vitals.heartRate\" (not in the spec) is rejected",
            line(#""vitals": {"heartRate": 120}"#), Rejection("vitals.heartRate", mentioning: "heartRate")),
        Row("an extra key inside the temperature is rejected with its full path",
            line(#""vitals": {"temperature": {"value": 38.6, "unit": "C", "site": "oral"}}"#),
            Rejection("vitals.temperature.site", mentioning: "site")),
        Row("\"support.oxygen.flow\" on a nasal cannula is reported as the unknown key it is",
            line(#""support": {"oxygen": {"device": "nasalCannula", "flow": 4}}"#),
            Rejection("support.oxygen.flow", mentioning: "unknown", "flow")),
        Row("\"support.oxygen.flow\" on room air is rejected too",
            line(#""support": {"oxygen": {"device": "roomAir", "flow": 0}}"#),
            Rejection("support.oxygen.flow", mentioning: "flow")),
        Row("\"support.pressors\" is rejected",
            line(#""support": {"pressors": []}"#), Rejection("support.pressors", mentioning: "pressors")),
        Row("an extra key on a vasopressor names its list position",
            line(#""support": {"vasopressors": [{"drug": "norepinephrine", "dose": 0.1, "unit": "mcg/kg/min"}, {"drug": "epinephrine", "dose": 5, "unit": "mcg/min", "since": "08:00"}]}"#),
            Rejection("support.vasopressors[1].since", mentioning: "since")),
        Row("an extra key beside the ICE total is rejected",
            line(#""neuro": {"ice": {"total": 8, "note": "tired"}}"#), Rejection("neuro.ice.note", mentioning: "note")),
        Row("an ICE item beside the ICE total is rejected as ambiguous",
            line(#""neuro": {"ice": {"total": 8, "orientation": 4}}"#), Rejection("neuro.ice.orientation", mentioning: "orientation")),
        Row("an extra key beside the CAPD total is rejected",
            line(#""neuro": {"capd": {"total": 6, "score": 6}}"#), Rejection("neuro.capd.score", mentioning: "score")),
        Row("\"neuro.tremor\" (graded with CTCAE, not an input here) is rejected",
            line(#""neuro": {"tremor": true}"#), Rejection("neuro.tremor", mentioning: "tremor")),
        Row("an analyte the spec does not name (CRP) is rejected naming labs.crp",
            line(#""labs": {"crp": {"value": 120, "unit": "mg/L"}}"#), Rejection("labs.crp", mentioning: "crp")),
        Row("\"labs.ast.upperLimit\" (for uln) is rejected",
            line(#""labs": {"ast": {"value": 240, "unit": "U/L", "upperLimit": 40}}"#),
            Rejection("labs.ast.upperLimit", mentioning: "upperLimit")),
        Row("\"fasting\" is accepted only for triglycerides, so it is rejected on ferritin",
            line(#""labs": {"ferritin": {"value": 500, "unit": "ng/mL", "fasting": true}}"#),
            Rejection("labs.ferritin.fasting", mentioning: "fasting")),
        Row("\"findings.fever\" is rejected",
            line(#""findings": {"fever": true}"#), Rejection("findings.fever", mentioning: "fever")),
        Row("an organ toxicity term outside the spec (cardiac) is rejected",
            line(#""findings": {"organToxicity": {"cardiac": 2}}"#), Rejection("findings.organToxicity.cardiac", mentioning: "cardiac")),
        Row("\"treatments.steroids\" (for corticosteroids) is rejected",
            line(#""treatments": {"steroids": true}"#), Rejection("treatments.steroids", mentioning: "steroids")),
        Row("\"outcome.date\" is rejected",
            line(#""outcome": {"death": "crs", "date": "2026-11-23"}"#), Rejection("outcome.date", mentioning: "date")),
    ]

    @Test("a key the spec does not name is rejected, naming its full path", arguments: unknownKeys)
    func rejectsUnknownKeys(_ row: Row<String, Rejection>) {
        expect(rejection(of: row.input), matches: row.expected)
    }

    // MARK: Wrong types

    static let wrongTypes: [Row<String, Rejection>] = [
        Row("a patient id given as a number is rejected at patient.id",
            #"{"patient": {"id": 1}, "time": "2026-11-22T08:00:00+08:00"}"#,
            Rejection("patient.id", mentioning: "expected a string", "a number")),
        Row("an age given as text is rejected at patient.ageYears",
            #"{"patient": {"id": "P-001", "ageYears": "54"}, "time": "2026-11-22T08:00:00+08:00"}"#,
            Rejection("patient.ageYears", mentioning: "expected a number", "a string")),
        Row("developmental delay given as \"no\" is rejected at patient.developmentalDelay",
            #"{"patient": {"id": "P-001", "developmentalDelay": "no"}, "time": "2026-11-22T08:00:00+08:00"}"#,
            Rejection("patient.developmentalDelay", mentioning: "true or false", "a string")),
        Row("patient given as a bare id is rejected at patient",
            #"{"patient": "P-001", "time": "2026-11-22T08:00:00+08:00"}"#,
            Rejection("patient", mentioning: "expected an object", "a string")),
        Row("a time given as a number is rejected at time",
            #"{"patient": {"id": "P-001"}, "time": 20261122}"#, Rejection("time", mentioning: "a number")),
        Row("a temperature given as a bare number is rejected at vitals.temperature",
            line(#""vitals": {"temperature": 38.6}"#), Rejection("vitals.temperature", mentioning: "expected an object", "a number")),
        Row("a temperature value given as text is rejected at vitals.temperature.value",
            line(#""vitals": {"temperature": {"value": "38.6", "unit": "C"}}"#),
            Rejection("vitals.temperature.value", mentioning: "expected a number")),
        Row("hypotension given as 1 is rejected at vitals.hypotension",
            line(#""vitals": {"hypotension": 1}"#), Rejection("vitals.hypotension", mentioning: "true or false", "a number")),
        Row("a systolic BP given as a list is rejected at vitals.systolicBP",
            line(#""vitals": {"systolicBP": [84]}"#), Rejection("vitals.systolicBP", mentioning: "an array")),
        Row("vasopressors given as one object instead of a list is rejected at support.vasopressors",
            line(#""support": {"vasopressors": {"drug": "norepinephrine", "dose": 0.1, "unit": "mcg/kg/min"}}"#),
            Rejection("support.vasopressors", mentioning: "expected an array", "an object")),
        Row("a vasopressor given as a bare drug name is rejected at support.vasopressors[0]",
            line(#""support": {"vasopressors": ["norepinephrine"]}"#),
            Rejection("support.vasopressors[0]", mentioning: "expected an object", "a string")),
        Row("a vasopressor dose given as text is rejected at support.vasopressors[0].dose",
            line(#""support": {"vasopressors": [{"drug": "norepinephrine", "dose": "0.1", "unit": "mcg/kg/min"}]}"#),
            Rejection("support.vasopressors[0].dose", mentioning: "expected a number")),
        Row("an FiO2 given as text is rejected at support.oxygen.fio2",
            line(#""support": {"oxygen": {"device": "simpleFaceMask", "fio2": "40%"}}"#),
            Rejection("support.oxygen.fio2", mentioning: "expected a number", "a string")),
        Row("an ICE total given as text is rejected at neuro.ice.total",
            line(#""neuro": {"ice": {"total": "10"}}"#), Rejection("neuro.ice.total", mentioning: "expected a number")),
        Row("a seizure given as false is rejected at neuro.seizure (the spec's value is \"none\")",
            line(#""neuro": {"seizure": false}"#), Rejection("neuro.seizure", mentioning: "expected a string", "a boolean")),
        Row("posturing given as \"decerebrate\" is rejected at neuro.posturing (a boolean in the spec)",
            line(#""neuro": {"posturing": "decerebrate"}"#), Rejection("neuro.posturing", mentioning: "true or false")),
        Row("an AST value given as text is rejected at labs.ast.value",
            line(#""labs": {"ast": {"value": "240", "unit": "U/L"}}"#), Rejection("labs.ast.value", mentioning: "expected a number")),
        Row("an AST ULN given as text is rejected at labs.ast.uln",
            line(#""labs": {"ast": {"value": 240, "unit": "U/L", "uln": "40"}}"#), Rejection("labs.ast.uln", mentioning: "expected a number")),
        Row("a lab given as a bare number is rejected at the analyte",
            line(#""labs": {"ferritin": 12000}"#), Rejection("labs.ferritin", mentioning: "expected an object", "a number")),
        Row("fasting given as \"yes\" is rejected at labs.triglycerides.fasting",
            line(#""labs": {"triglycerides": {"value": 3.2, "unit": "mmol/L", "fasting": "yes"}}"#),
            Rejection("labs.triglycerides.fasting", mentioning: "true or false")),
        Row("findings given as a list is rejected at findings",
            line(#""findings": []"#), Rejection("findings", mentioning: "expected an object", "an array")),
        Row("tocilizumab given as \"yes\" is rejected at treatments.tocilizumab",
            line(#""treatments": {"tocilizumab": "yes"}"#), Rejection("treatments.tocilizumab", mentioning: "true or false")),
        Row("otherCause given as one string instead of a list is rejected at otherCause",
            line(#""otherCause": "fever""#), Rejection("otherCause", mentioning: "expected an array", "a string")),
        Row("an otherCause entry given as a number is rejected at its position",
            line(#""otherCause": ["fever", 3]"#), Rejection("otherCause[1]", mentioning: "expected a string", "a number")),
        Row("nkActivity given as an object is rejected: it is a bare string",
            line(#""labs": {"nkActivity": {"value": "low"}}"#), Rejection("labs.nkActivity", mentioning: "expected a string", "an object")),
    ]

    @Test("a value of the wrong JSON type is rejected, naming the field and the type found", arguments: wrongTypes)
    func rejectsWrongTypes(_ row: Row<String, Rejection>) {
        expect(rejection(of: row.input), matches: row.expected)
    }

    static let notObjects: [Row<String, String>] = [
        Row("a JSON array where one assessment is expected is rejected", "[]", "an array"),
        Row("a bare string is not an assessment", #""P-001""#, "a string"),
        Row("null is not an assessment", "null", "null"),
    ]

    @Test("a line that is not a JSON object is rejected with an empty field path", arguments: notObjects)
    func rejectsNonObjects(_ row: Row<String, String>) {
        let error = rejection(of: row.input)
        #expect(error?.field.text == "")
        #expect(error?.message.contains(row.expected) == true)
        #expect(error.map { $0.description == $0.message } == true, "an error without a field prints its message alone")
    }

    // MARK: Closed vocabularies

    static let unknownEnumValues: [Row<String, Rejection>] = [
        Row("oxygen device \"nasal\" is rejected, listing every device of the spec",
            line(#""support": {"oxygen": {"device": "nasal", "flowLPerMin": 2}}"#),
            Rejection("support.oxygen.device", mentioning: "\"nasal\"", "\"roomAir\"", "\"blowBy\"", "\"nasalCannula\"",
                      "\"highFlowNasalCannula\"", "\"simpleFaceMask\"", "\"nonRebreatherMask\"", "\"venturiMask\"",
                      "\"cpap\"", "\"bipap\"", "\"mechanicalVentilation\"")),
        Row("temperature unit \"K\" is rejected, listing C and F",
            line(#""vitals": {"temperature": {"value": 311.75, "unit": "K"}}"#),
            Rejection("vitals.temperature.unit", mentioning: "\"K\"", "\"C\"", "\"F\"")),
        Row("temperature unit \"°C\" is rejected: the spec spells it C",
            line(#""vitals": {"temperature": {"value": 38.6, "unit": "°C"}}"#),
            Rejection("vitals.temperature.unit", mentioning: "\"C\"")),
        Row("drug \"dobutamine\" is rejected, listing the spec's vasopressors",
            line(#""support": {"vasopressors": [{"drug": "dobutamine", "dose": 5, "unit": "mcg/kg/min"}]}"#),
            Rejection("support.vasopressors[0].drug", mentioning: "\"dobutamine\"", "\"norepinephrine\"", "\"epinephrine\"",
                      "\"dopamine\"", "\"phenylephrine\"", "\"vasopressin\"", "\"other\"")),
        Row("dose unit \"mcg/h\" is rejected, listing the spec's dose units",
            line(#""support": {"vasopressors": [{"drug": "norepinephrine", "dose": 300, "unit": "mcg/h"}]}"#),
            Rejection("support.vasopressors[0].unit", mentioning: "\"mcg/min\"", "\"mcg/kg/min\"", "\"units/min\"")),
        Row("consciousness \"drowsy\" is rejected, listing the ASTCT levels",
            line(#""neuro": {"consciousness": "drowsy"}"#),
            Rejection("neuro.consciousness", mentioning: "\"alert\"", "\"awakensSpontaneously\"", "\"awakensToVoice\"",
                      "\"awakensToTactile\"", "\"unarousable\"")),
        Row("seizure \"yes\" is rejected, listing the seizure kinds",
            line(#""neuro": {"seizure": "yes"}"#),
            Rejection("neuro.seizure", mentioning: "\"none\"", "\"resolvedRapidly\"", "\"nonconvulsiveResolvedWithIntervention\"",
                      "\"prolonged\"", "\"repetitiveWithoutReturnToBaseline\"")),
        Row("motor weakness \"hemiparesis\" is rejected: the spec's value is deepFocal",
            line(#""neuro": {"motorWeakness": "hemiparesis"}"#),
            Rejection("neuro.motorWeakness", mentioning: "\"none\"", "\"deepFocal\"")),
        Row("cerebral edema \"global\" is rejected, listing none, focal and diffuse",
            line(#""neuro": {"cerebralEdema": "global"}"#),
            Rejection("neuro.cerebralEdema", mentioning: "\"none\"", "\"focal\"", "\"diffuse\"")),
        Row("ICE unable \"sedated\" is rejected, listing unarousable, awakeAphasic and other",
            line(#""neuro": {"ice": {"unable": "sedated"}}"#),
            Rejection("neuro.ice.unable", mentioning: "\"unarousable\"", "\"awakeAphasic\"", "\"other\"")),
        Row("a CAPD answer \"usually\" is rejected at its position, listing the five anchors",
            line(#""neuro": {"capd": {"answers": ["never", "never", "usually", "never", "never", "never", "never", "never"]}}"#),
            Rejection("neuro.capd.answers[2]", mentioning: "\"usually\"", "\"never\"", "\"rarely\"", "\"sometimes\"", "\"often\"", "\"always\"")),
        Row("a CAPD answer given as a number is rejected at its position",
            line(#""neuro": {"capd": {"answers": ["never", "never", "never", "never", "never", "never", "never", 4]}}"#),
            Rejection("neuro.capd.answers[7]", mentioning: "expected a string")),
        Row("nkActivity \"reduced\" is rejected, listing normal, low and absent",
            line(#""labs": {"nkActivity": "reduced"}"#),
            Rejection("labs.nkActivity", mentioning: "\"normal\"", "\"low\"", "\"absent\"")),
        Row("haemophagocytosis \"yes\" is rejected, listing the sites",
            line(#""findings": {"hemophagocytosis": "yes"}"#),
            Rejection("findings.hemophagocytosis", mentioning: "\"none\"", "\"boneMarrow\"", "\"spleen\"", "\"lymphNode\"",
                      "\"liver\"", "\"otherOrgan\"")),
        Row("otherCause \"rash\" is rejected at its position, listing the signs",
            line(#""otherCause": ["fever", "rash"]"#),
            Rejection("otherCause[1]", mentioning: "\"rash\"", "\"fever\"", "\"hypotension\"", "\"hypoxia\"", "\"consciousness\"",
                      "\"seizure\"", "\"motorWeakness\"", "\"cerebralEdema\"", "\"ice\"")),
        Row("death cause \"sepsis\" is rejected, listing crs, icans, hlh and other",
            line(#""outcome": {"death": "sepsis"}"#),
            Rejection("outcome.death", mentioning: "\"sepsis\"", "\"crs\"", "\"icans\"", "\"hlh\"", "\"other\"")),
        Row("an enum value in the wrong case (\"NasalCannula\") is rejected",
            line(#""support": {"oxygen": {"device": "NasalCannula", "flowLPerMin": 2}}"#),
            Rejection("support.oxygen.device", mentioning: "\"nasalCannula\"")),
    ]

    @Test("a value outside a closed vocabulary is rejected, naming the path and the allowed values",
          arguments: unknownEnumValues)
    func rejectsUnknownEnumValues(_ row: Row<String, Rejection>) {
        expect(rejection(of: row.input), matches: row.expected)
    }

    @Test("every oxygen device named by the spec decodes", arguments: [
        "roomAir", "blowBy", "highFlowNasalCannula", "simpleFaceMask", "nonRebreatherMask", "venturiMask", "cpap", "bipap",
        "mechanicalVentilation",
    ])
    func acceptsDevices(_ device: String) throws {
        let a = try decode(line(#""support": {"oxygen": {"device": "\#(device)"}}"#))
        #expect(a.support?.oxygen?.device.rawValue == device)
        #expect(a.support?.oxygen?.flowLPerMin == nil, "flow is optional except with nasalCannula")
    }

    @Test("every consciousness level, seizure kind and edema kind named by the spec decodes")
    func acceptsNeuroVocabulary() throws {
        for level in ["alert", "awakensSpontaneously", "awakensToVoice", "awakensToTactile", "unarousable"] {
            #expect(try decode(line(#""neuro": {"consciousness": "\#(level)"}"#)).neuro?.consciousness?.rawValue == level)
        }
        for seizure in ["none", "resolvedRapidly", "nonconvulsiveResolvedWithIntervention", "prolonged", "repetitiveWithoutReturnToBaseline"] {
            #expect(try decode(line(#""neuro": {"seizure": "\#(seizure)"}"#)).neuro?.seizure?.rawValue == seizure)
        }
        for edema in ["none", "focal", "diffuse"] {
            #expect(try decode(line(#""neuro": {"cerebralEdema": "\#(edema)"}"#)).neuro?.cerebralEdema?.rawValue == edema)
        }
        #expect(try decode(line(#""neuro": {"motorWeakness": "deepFocal"}"#)).neuro?.motorWeakness == .deepFocal)
    }

    // MARK: Required fields

    static let missingRequired: [Row<String, Rejection>] = [
        Row("an assessment without a patient is rejected at patient",
            #"{"time": "2026-11-22T08:00:00+08:00"}"#, Rejection("patient", mentioning: "required")),
        Row("a patient without an id is rejected at patient.id",
            #"{"patient": {"ageYears": 54}, "time": "2026-11-22T08:00:00+08:00"}"#, Rejection("patient.id", mentioning: "required")),
        Row("an empty patient id is rejected at patient.id",
            #"{"patient": {"id": ""}, "time": "2026-11-22T08:00:00+08:00"}"#, Rejection("patient.id", mentioning: "empty")),
        Row("an assessment without a time is rejected at time",
            #"{"patient": {"id": "P-001"}}"#, Rejection("time", mentioning: "required")),
        Row("a time of null is missing, so it is rejected at time",
            #"{"patient": {"id": "P-001"}, "time": null}"#, Rejection("time", mentioning: "required")),
        Row("a time without a UTC offset is rejected at time, showing the expected form",
            #"{"patient": {"id": "P-001"}, "time": "2026-11-22T08:00:00"}"#,
            Rejection("time", mentioning: "2026-11-22T08:00:00", "offset")),
        Row("an impossible date (30 February) is rejected at time",
            #"{"patient": {"id": "P-001"}, "time": "2026-02-30T08:00:00+08:00"}"#, Rejection("time", mentioning: "ISO 8601")),
        Row("an infusion time without an offset is rejected at patient.infusionTime",
            #"{"patient": {"id": "P-001", "infusionTime": "2026-11-20 10:00"}, "time": "2026-11-22T08:00:00+08:00"}"#,
            Rejection("patient.infusionTime", mentioning: "ISO 8601")),
        Row("oxygen without a device is rejected at support.oxygen.device",
            line(#""support": {"oxygen": {"fio2": 0.4}}"#), Rejection("support.oxygen.device", mentioning: "required")),
        Row("a nasal cannula without a flow is rejected at support.oxygen.flowLPerMin (above 6 L/min is high flow)",
            line(#""support": {"oxygen": {"device": "nasalCannula"}}"#),
            Rejection("support.oxygen.flowLPerMin", mentioning: "nasalCannula")),
        Row("a nasal cannula with a flow of null has no flow and is rejected",
            line(#""support": {"oxygen": {"device": "nasalCannula", "flowLPerMin": null}}"#),
            Rejection("support.oxygen.flowLPerMin", mentioning: "required")),
        Row("a temperature without a unit is rejected at vitals.temperature.unit",
            line(#""vitals": {"temperature": {"value": 38.6}}"#), Rejection("vitals.temperature.unit", mentioning: "required")),
        Row("a temperature without a value is rejected at vitals.temperature.value",
            line(#""vitals": {"temperature": {"unit": "C"}}"#), Rejection("vitals.temperature.value", mentioning: "required")),
        Row("a vasopressor without a drug is rejected at its drug",
            line(#""support": {"vasopressors": [{"dose": 0.1, "unit": "mcg/kg/min"}]}"#),
            Rejection("support.vasopressors[0].drug", mentioning: "required")),
        Row("a vasopressor without a dose is rejected at its dose",
            line(#""support": {"vasopressors": [{"drug": "norepinephrine", "unit": "mcg/kg/min"}]}"#),
            Rejection("support.vasopressors[0].dose", mentioning: "required")),
        Row("a vasopressor without a unit is rejected at its unit",
            line(#""support": {"vasopressors": [{"drug": "norepinephrine", "dose": 0.1}]}"#),
            Rejection("support.vasopressors[0].unit", mentioning: "required")),
        Row("a lab without a unit is rejected at labs.<analyte>.unit",
            line(#""labs": {"creatinine": {"value": 1.2}}"#), Rejection("labs.creatinine.unit", mentioning: "required")),
        Row("a lab without a value is rejected at labs.<analyte>.value",
            line(#""labs": {"creatinine": {"unit": "mg/dL", "uln": 1.2}}"#), Rejection("labs.creatinine.value", mentioning: "required")),
        Row("ICE items without writing are rejected at neuro.ice.writing",
            line(#""neuro": {"ice": {"orientation": 4, "naming": 3, "commands": 1, "attention": 1}}"#),
            Rejection("neuro.ice.writing", mentioning: "required")),
        Row("an empty ICE is rejected at its first item",
            line(#""neuro": {"ice": {}}"#), Rejection("neuro.ice.orientation", mentioning: "required")),
        Row("an empty CAPD is rejected at neuro.capd, naming the three forms",
            line(#""neuro": {"capd": {}}"#), Rejection("neuro.capd", mentioning: "answers", "total", "unable")),
    ]

    @Test("a required field that is absent is rejected, naming its path", arguments: missingRequired)
    func rejectsMissingRequired(_ row: Row<String, Rejection>) {
        expect(rejection(of: row.input), matches: row.expected)
    }

    // MARK: Lab units

    static let refusedUnits: [Row<String, Rejection>] = [
        Row("haemoglobin in mmol/L is refused (the monomer/tetramer basis is ambiguous), naming g/L and g/dL",
            line(#""labs": {"hemoglobin": {"value": 6.2, "unit": "mmol/L"}}"#),
            Rejection("labs.hemoglobin.unit", mentioning: "mmol/L", "hemoglobin", "g/L", "g/dL")),
        Row("sCD25 in pg/mL is refused because it cannot be converted to U/mL",
            line(#""labs": {"scd25": {"value": 3000, "unit": "pg/mL"}}"#),
            Rejection("labs.scd25.unit", mentioning: "pg/mL", "cannot be converted", "U/mL")),
        Row("sCD25 in ng/mL is refused: U/mL only",
            line(#""labs": {"scd25": {"value": 3, "unit": "ng/mL"}}"#), Rejection("labs.scd25.unit", mentioning: "ng/mL", "U/mL")),
        Row("ferritin in pmol/L is refused", line(#""labs": {"ferritin": {"value": 674.1, "unit": "pmol/L"}}"#),
            Rejection("labs.ferritin.unit", mentioning: "pmol/L", "ng/mL", "ug/L")),
        Row("creatinine in mmol/L is refused", line(#""labs": {"creatinine": {"value": 0.1, "unit": "mmol/L"}}"#),
            Rejection("labs.creatinine.unit", mentioning: "umol/L", "mg/dL")),
        Row("triglycerides in g/L are refused", line(#""labs": {"triglycerides": {"value": 3, "unit": "g/L"}}"#),
            Rejection("labs.triglycerides.unit", mentioning: "mmol/L", "mg/dL")),
        Row("fibrinogen in mmol/L is refused", line(#""labs": {"fibrinogen": {"value": 3, "unit": "mmol/L"}}"#),
            Rejection("labs.fibrinogen.unit", mentioning: "g/L", "mg/dL")),
        Row("AST in mg/dL is refused: U/L only", line(#""labs": {"ast": {"value": 40, "unit": "mg/dL"}}"#),
            Rejection("labs.ast.unit", mentioning: "U/L")),
        Row("ANC in g/L is refused", line(#""labs": {"anc": {"value": 0.5, "unit": "g/L"}}"#),
            Rejection("labs.anc.unit", mentioning: "10^9/L", "/uL")),
        Row("platelets in g/l (grams, lower-case g) are refused: G/L, the giga prefix, is the count",
            line(#""labs": {"platelets": {"value": 50, "unit": "g/l"}}"#), Rejection("labs.platelets.unit", mentioning: "g/l")),
        Row("haemoglobin in G/L (giga, a count) is refused: grams are g/L",
            line(#""labs": {"hemoglobin": {"value": 100, "unit": "G/L"}}"#), Rejection("labs.hemoglobin.unit", mentioning: "G/L", "g/L")),
        Row("fibrinogen in g/dL is refused (admiral's CTCAE v5.0 fibrinogen case 25 is not graded either)",
            line(#""labs": {"fibrinogen": {"value": 1.5, "unit": "g/dL"}}"#), Rejection("labs.fibrinogen.unit", mentioning: "g/dL")),
        Row("sCD25 in pg/mL is refused", line(#""labs": {"scd25": {"value": 900, "unit": "pg/mL"}}"#),
            Rejection("labs.scd25.unit", mentioning: "pg/mL", "cannot be converted")),
        Row("bilirubin in mmol/L (milli, not micro) is refused", line(#""labs": {"bilirubin": {"value": 0.02, "unit": "mmol/L"}}"#),
            Rejection("labs.bilirubin.unit", mentioning: "mmol/L")),
        Row("creatinine in nmol/L is refused", line(#""labs": {"creatinine": {"value": 80, "unit": "nmol/L"}}"#),
            Rejection("labs.creatinine.unit", mentioning: "nmol/L")),
        Row("a unit with a control character is refused and quoted escaped",
            line(#""labs": {"alt": {"value": 40, "unit": "U/L\u001b[2J"}}"#), Rejection("labs.alt.unit", mentioning: "\\u{1B}[2J")),
        Row("a unit given as a number is refused at the unit",
            line(#""labs": {"ldh": {"value": 400, "unit": 1}}"#), Rejection("labs.ldh.unit", mentioning: "expected a string")),
    ]

    @Test("a lab unit the analyte does not accept is refused at labs.<analyte>.unit", arguments: refusedUnits)
    func refusesUnits(_ row: Row<String, Rejection>) {
        expect(rejection(of: row.input), matches: row.expected)
    }

    /// Analytes and accepted units exactly as `grade-io.md` lists them.
    static let acceptedUnits: [(String, String)] = [
        ("anc", "10^9/L"), ("anc", "/uL"), ("wbc", "10^9/L"), ("wbc", "/uL"), ("platelets", "10^9/L"), ("platelets", "/uL"),
        ("hemoglobin", "g/L"), ("hemoglobin", "g/dL"), ("ferritin", "ng/mL"), ("ferritin", "ug/L"),
        ("triglycerides", "mmol/L"), ("triglycerides", "mg/dL"), ("fibrinogen", "g/L"), ("fibrinogen", "mg/dL"),
        ("ast", "U/L"), ("alt", "U/L"), ("ldh", "U/L"), ("bilirubin", "umol/L"), ("bilirubin", "mg/dL"),
        ("creatinine", "umol/L"), ("creatinine", "mg/dL"), ("scd25", "U/mL"),
    ]

    @Test("every analyte accepts the units the spec lists, keeping value and unit as entered", arguments: acceptedUnits)
    func acceptsSpecUnits(_ analyte: String, _ unit: String) throws {
        let a = try decode(line(#""labs": {"\#(analyte)": {"value": 12.5, "unit": "\#(unit)", "uln": 20, "lln": 5, "baseline": 10}}"#))
        let key = try #require(Analyte(rawValue: analyte))
        let result = try #require(a.labs?[key])
        #expect(result.value == 12.5)
        #expect(result.unit.rawValue == unit)
        #expect(result.uln == 20 && result.lln == 5 && result.baseline == 10)
        #expect(a.labs?.results.count == 1)
    }

    /// Spellings laboratory systems and CDISC LB data use (`Criteria/README.md`, "Laboratory units
    /// and their spellings"): each is read as the unit the spec names.
    static let unitSpellings: [Row<(String, String), LabUnit>] = [
        Row("platelets in G/L are 10^9/L", ("platelets", "G/L"), .perNanoliter),
        Row("platelets in 10^3/uL are 10^9/L", ("platelets", "10^3/uL"), .perNanoliter),
        Row("platelets in 10*3/uL (UCUM) are 10^9/L", ("platelets", "10*3/uL"), .perNanoliter),
        Row("platelets in 10^3/µL (micro sign) are 10^9/L", ("platelets", "10^3/\u{00B5}L"), .perNanoliter),
        Row("ANC in 10*9/L (UCUM) is 10^9/L", ("anc", "10*9/L"), .perNanoliter),
        Row("ANC in x10E9/L is 10^9/L", ("anc", "x10E9/L"), .perNanoliter),
        Row("ANC in ×10^9/L (multiplication sign) is 10^9/L", ("anc", "\u{00D7}10^9/L"), .perNanoliter),
        Row("WBC in K/uL is 10^9/L", ("wbc", "K/uL"), .perNanoliter),
        Row("WBC in /µL (micro sign) is /uL", ("wbc", "/\u{00B5}L"), .perMicroliter),
        Row("WBC in /μL (Greek mu) is /uL", ("wbc", "/\u{03BC}L"), .perMicroliter),
        Row("ANC in /mm3 is /uL", ("anc", "/mm3"), .perMicroliter),
        Row("ANC in cells/uL is /uL", ("anc", "cells/uL"), .perMicroliter),
        Row("bilirubin in µmol/L (micro sign) is umol/L", ("bilirubin", "\u{00B5}mol/L"), .micromolesPerLiter),
        Row("creatinine in μmol/L (Greek mu) is umol/L", ("creatinine", "\u{03BC}mol/L"), .micromolesPerLiter),
        Row("creatinine in UMOL/L (upper case) is umol/L", ("creatinine", "UMOL/L"), .micromolesPerLiter),
        Row("bilirubin in mg/dl (lower-case l) is mg/dL", ("bilirubin", "mg/dl"), .milligramsPerDeciliter),
        Row("creatinine in MG/DL (upper case) is mg/dL", ("creatinine", "MG/DL"), .milligramsPerDeciliter),
        Row("triglycerides in mmol/l are mmol/L", ("triglycerides", "mmol/l"), .millimolesPerLiter),
        Row("haemoglobin in g/dl is g/dL", ("hemoglobin", "g/dl"), .gramsPerDeciliter),
        Row("fibrinogen in g/l is g/L", ("fibrinogen", "g/l"), .gramsPerLiter),
        Row("ferritin in µg/L is ug/L", ("ferritin", "\u{00B5}g/L"), .microgramsPerLiter),
        Row("ferritin in mcg/L is ug/L", ("ferritin", "mcg/L"), .microgramsPerLiter),
        Row("ferritin in ng/ml is ng/mL", ("ferritin", "ng/ml"), .nanogramsPerMilliliter),
        Row("AST in IU/L is U/L", ("ast", "IU/L"), .unitsPerLiter),
        Row("ALT in u/l is U/L", ("alt", "u/l"), .unitsPerLiter),
        Row("LDH in [IU]/L (UCUM) is U/L", ("ldh", "[IU]/L"), .unitsPerLiter),
        Row("sCD25 in U/ml is U/mL", ("scd25", "U/ml"), .unitsPerMilliliter),
    ]

    @Test("the common spellings of a unit the analyte accepts are read as that unit", arguments: unitSpellings)
    func readsUnitSpellings(_ row: Row<(String, String), LabUnit>) throws {
        let (analyte, spelling) = row.input
        let a = try decode(line(#""labs": {"\#(analyte)": {"value": 12.5, "unit": "\#(spelling)"}}"#))
        #expect(a.labs?[try #require(Analyte(rawValue: analyte))]?.unit == row.expected)
    }

    @Test("every spelling in the table is read for every analyte that accepts its unit, and for no other")
    func spellingTableIsConsistent() {
        for analyte in Analyte.allCases {
            for unit in LabUnit.allCases {
                for spelling in unit.spellings {
                    let read = LabUnit(spelling: spelling, for: analyte)
                    #expect(read == (analyte.units.contains(unit) ? unit : nil), "\(spelling) for \(analyte.rawValue): \(String(describing: read))")
                }
            }
        }
    }

    @Test("fasting is read for triglycerides")
    func readsFasting() throws {
        let a = try decode(line(#""labs": {"triglycerides": {"value": 3.2, "unit": "mmol/L", "fasting": true}}"#))
        #expect(a.labs?[.triglycerides]?.fasting == true)
        let b = try decode(line(#""labs": {"triglycerides": {"value": 3.2, "unit": "mmol/L"}}"#))
        #expect(b.labs?[.triglycerides]?.fasting == nil, "fasting not stated is unknown")
    }

    // MARK: Vasopressor units

    static let vasopressorUnits: [Row<String, Rejection>] = [
        Row("vasopressin in mcg/min is refused: it is dosed in units/min",
            line(#""support": {"vasopressors": [{"drug": "vasopressin", "dose": 0.04, "unit": "mcg/min"}]}"#),
            Rejection("support.vasopressors[0].unit", mentioning: "vasopressin", "units/min")),
        Row("vasopressin in mcg/kg/min is refused",
            line(#""support": {"vasopressors": [{"drug": "vasopressin", "dose": 0.04, "unit": "mcg/kg/min"}]}"#),
            Rejection("support.vasopressors[0].unit", mentioning: "vasopressin", "units/min")),
        Row("norepinephrine in units/min is refused: it is dosed in mcg",
            line(#""support": {"vasopressors": [{"drug": "norepinephrine", "dose": 0.04, "unit": "units/min"}]}"#),
            Rejection("support.vasopressors[0].unit", mentioning: "norepinephrine", "mcg")),
        Row("the second of two vasopressors is named by its position",
            line(#""support": {"vasopressors": [{"drug": "norepinephrine", "dose": 0.1, "unit": "mcg/kg/min"}, {"drug": "vasopressin", "dose": 0.03, "unit": "mcg/min"}]}"#),
            Rejection("support.vasopressors[1].unit", mentioning: "vasopressin")),
    ]

    @Test("a vasopressor dosed in a unit wrong for the drug is refused", arguments: vasopressorUnits)
    func refusesVasopressorUnits(_ row: Row<String, Rejection>) {
        expect(rejection(of: row.input), matches: row.expected)
    }

    @Test("vasopressin in units/min and norepinephrine in mcg/min or mcg/kg/min are accepted in order")
    func acceptsVasopressorUnits() throws {
        let a = try decode(line(#""support": {"vasopressors": [{"drug": "vasopressin", "dose": 0.04, "unit": "units/min"}, {"drug": "norepinephrine", "dose": 8, "unit": "mcg/min"}, {"drug": "phenylephrine", "dose": 1, "unit": "mcg/kg/min"}]}"#))
        #expect(a.support?.vasopressors == [
            Vasopressor(drug: .vasopressin, dose: 0.04, unit: .unitsPerMin),
            Vasopressor(drug: .norepinephrine, dose: 8, unit: .mcgPerMin),
            Vasopressor(drug: .phenylephrine, dose: 1, unit: .mcgPerKgPerMin),
        ])
    }

    @Test("an empty vasopressor list means none; an absent list means unknown")
    func emptyVersusAbsentVasopressors() throws {
        let none = try decode(line(#""support": {"vasopressors": []}"#))
        #expect(none.support?.vasopressors == [])
        let unknown = try decode(line(#""support": {"oxygen": {"device": "roomAir"}}"#))
        #expect(unknown.support?.vasopressors == nil)
    }

    // MARK: ICE and CAPD ranges

    static let iceOutOfRange: [Row<String, Rejection>] = [
        Row("orientation 5 is over its maximum of 4",
            line(#""neuro": {"ice": {"orientation": 5, "naming": 3, "commands": 1, "writing": 1, "attention": 1}}"#),
            Rejection("neuro.ice.orientation", mentioning: "5", "0", "4")),
        Row("naming 4 is over its maximum of 3",
            line(#""neuro": {"ice": {"orientation": 4, "naming": 4, "commands": 1, "writing": 1, "attention": 1}}"#),
            Rejection("neuro.ice.naming", mentioning: "4", "3")),
        Row("commands 2 is over its maximum of 1",
            line(#""neuro": {"ice": {"orientation": 4, "naming": 3, "commands": 2, "writing": 1, "attention": 1}}"#),
            Rejection("neuro.ice.commands", mentioning: "2", "1")),
        Row("writing 2 is over its maximum of 1",
            line(#""neuro": {"ice": {"orientation": 4, "naming": 3, "commands": 1, "writing": 2, "attention": 1}}"#),
            Rejection("neuro.ice.writing", mentioning: "2")),
        Row("attention 2 is over its maximum of 1",
            line(#""neuro": {"ice": {"orientation": 4, "naming": 3, "commands": 1, "writing": 1, "attention": 2}}"#),
            Rejection("neuro.ice.attention", mentioning: "2")),
        Row("a negative item score is rejected",
            line(#""neuro": {"ice": {"orientation": -1, "naming": 3, "commands": 1, "writing": 1, "attention": 1}}"#),
            Rejection("neuro.ice.orientation", mentioning: "-1")),
        Row("a fractional item score is rejected",
            line(#""neuro": {"ice": {"orientation": 2.5, "naming": 3, "commands": 1, "writing": 1, "attention": 1}}"#),
            Rejection("neuro.ice.orientation", mentioning: "2.5", "whole number")),
        Row("an ICE total of 11 is over the maximum of 10",
            line(#""neuro": {"ice": {"total": 11}}"#), Rejection("neuro.ice.total", mentioning: "11", "10")),
        Row("an ICE total of -1 is rejected", line(#""neuro": {"ice": {"total": -1}}"#), Rejection("neuro.ice.total", mentioning: "-1")),
        Row("an ICE total of 9.5 is rejected", line(#""neuro": {"ice": {"total": 9.5}}"#),
            Rejection("neuro.ice.total", mentioning: "9.5", "whole number")),
        Row("an ICE \"unable\" beside a total is rejected as ambiguous",
            line(#""neuro": {"ice": {"unable": "unarousable", "total": 0}}"#), Rejection("neuro.ice.total", mentioning: "total")),
        Row("a CAPD total of 33 is over the maximum of 32",
            line(#""neuro": {"capd": {"total": 33}}"#), Rejection("neuro.capd.total", mentioning: "33", "32")),
        Row("a CAPD total of -1 is rejected", line(#""neuro": {"capd": {"total": -1}}"#), Rejection("neuro.capd.total", mentioning: "-1")),
        Row("7 CAPD answers are rejected: there are 8 items",
            line(#""neuro": {"capd": {"answers": ["never", "never", "never", "never", "never", "never", "never"]}}"#),
            Rejection("neuro.capd.answers", mentioning: "8", "7")),
        Row("9 CAPD answers are rejected",
            line(#""neuro": {"capd": {"answers": ["never", "never", "never", "never", "never", "never", "never", "never", "never"]}}"#),
            Rejection("neuro.capd.answers", mentioning: "8", "9")),
        Row("no CAPD answers are rejected", line(#""neuro": {"capd": {"answers": []}}"#),
            Rejection("neuro.capd.answers", mentioning: "8", "0")),
        Row("CAPD \"unable\": false is rejected: leave it out instead",
            line(#""neuro": {"capd": {"unable": false}}"#), Rejection("neuro.capd.unable", mentioning: "unable")),
        Row("CAPD \"unable\" beside a total is rejected as ambiguous",
            line(#""neuro": {"capd": {"unable": true, "total": 12}}"#), Rejection("neuro.capd.total", mentioning: "total")),
    ]

    @Test("ICE and CAPD scores outside their ranges are rejected", arguments: iceOutOfRange)
    func rejectsOutOfRangeScores(_ row: Row<String, Rejection>) {
        expect(rejection(of: row.input), matches: row.expected)
    }

    static let neuroScores: [Row<String, Assessment.Neuro>] = [
        Row("ICE items at their maxima (4, 3, 1, 1, 1) are accepted",
            #""neuro": {"ice": {"orientation": 4, "naming": 3, "commands": 1, "writing": 1, "attention": 1}}"#,
            .init(ice: .items(orientation: 4, naming: 3, commands: 1, writing: 1, attention: 1))),
        Row("ICE items all 0 are accepted", #""neuro": {"ice": {"orientation": 0, "naming": 0, "commands": 0, "writing": 0, "attention": 0}}"#,
            .init(ice: .items(orientation: 0, naming: 0, commands: 0, writing: 0, attention: 0))),
        Row("ICE total 10 is accepted", #""neuro": {"ice": {"total": 10}}"#, .init(ice: .total(10))),
        Row("ICE total 0 is accepted (a number, distinct from unable)", #""neuro": {"ice": {"total": 0}}"#, .init(ice: .total(0))),
        Row("ICE total 7.0 is a whole number and accepted", #""neuro": {"ice": {"total": 7.0}}"#, .init(ice: .total(7))),
        Row("ICE unable because unarousable is accepted", #""neuro": {"ice": {"unable": "unarousable"}}"#, .init(ice: .unable(.unarousable))),
        Row("ICE unable because awake but aphasic is accepted", #""neuro": {"ice": {"unable": "awakeAphasic"}}"#, .init(ice: .unable(.awakeAphasic))),
        Row("ICE unable for another reason is accepted", #""neuro": {"ice": {"unable": "other"}}"#, .init(ice: .unable(.other))),
        Row("CAPD total 32 is accepted", #""neuro": {"capd": {"total": 32}}"#, .init(capd: .total(32))),
        Row("CAPD total 0 is accepted", #""neuro": {"capd": {"total": 0}}"#, .init(capd: .total(0))),
        Row("CAPD unable true is accepted", #""neuro": {"capd": {"unable": true}}"#, .init(capd: .unable)),
        Row("eight CAPD answers are kept in item order",
            #""neuro": {"capd": {"answers": ["never", "rarely", "sometimes", "often", "always", "never", "rarely", "sometimes"]}}"#,
            .init(capd: .answers([.never, .rarely, .sometimes, .often, .always, .never, .rarely, .sometimes]))),
    ]

    @Test("ICE and CAPD in each of their forms decode", arguments: neuroScores)
    func decodesNeuroScores(_ row: Row<String, Assessment.Neuro>) throws {
        #expect(try decode(line(row.input)).neuro == row.expected)
    }

    // MARK: Findings

    @Test("organ toxicity grades above 5 are rejected", arguments: ["6", "-1", "2.5"])
    func rejectsOrganToxicityGrade(_ grade: String) {
        expect(rejection(of: line(#""findings": {"organToxicity": {"acuteKidneyInjury": \#(grade)}}"#)),
               matches: Rejection("findings.organToxicity.acuteKidneyInjury", mentioning: grade))
    }

    @Test("every finding of the spec decodes")
    func decodesFindings() throws {
        let a = try decode(line(#""findings": {"splenomegaly": true, "hepatomegaly": false, "molecularHLHDiagnosis": false, "hemophagocytosis": "none", "organToxicity": {"pulmonaryEdema": 0, "acuteKidneyInjury": 5, "urineOutputDecreased": 2}, "lifeThreatening": true}"#))
        #expect(a.findings == Assessment.Findings(splenomegaly: true, hepatomegaly: false, molecularHLHDiagnosis: false,
                                                  hemophagocytosis: Hemophagocytosis.absent,
                                                  organToxicity: [.pulmonaryEdema: 0, .acuteKidneyInjury: 5, .urineOutputDecreased: 2],
                                                  lifeThreatening: true))
    }

    // MARK: otherCause

    static let otherCauses: [Row<String, Set<OtherCause>?>] = [
        Row("fever and hypoxia attributed to another cause are both kept", #""otherCause": ["fever", "hypoxia"]"#, [.fever, .hypoxia]),
        Row("every sign of the spec may be attributed",
            #""otherCause": ["fever", "hypotension", "hypoxia", "consciousness", "seizure", "motorWeakness", "cerebralEdema", "ice"]"#,
            [.fever, .hypotension, .hypoxia, .consciousness, .seizure, .motorWeakness, .cerebralEdema, .ice]),
        Row("a sign listed twice counts once", #""otherCause": ["fever", "fever"]"#, [.fever]),
        Row("an empty list means nothing is attributed to another cause", #""otherCause": []"#, []),
        Row("otherCause absent is nil", "", nil),
        Row("otherCause null is absent", #""otherCause": null"#, nil),
    ]

    @Test("otherCause lists the signs attributed to another cause", arguments: otherCauses)
    func decodesOtherCause(_ row: Row<String, Set<OtherCause>?>) throws {
        #expect(try decode(line(row.input)).otherCause == row.expected)
    }

    // MARK: null is absent

    @Test("null is read as absent, never as a value")
    func nullIsAbsent() throws {
        let a = try decode(#"""
        {"patient": {"id": "P-001", "ageYears": null, "weightKg": null, "developmentalDelay": null, "infusionTime": null},
         "time": "2026-11-22T08:00:00+08:00",
         "vitals": {"temperature": null, "systolicBP": null, "hypotension": null, "spo2": 94},
         "support": {"vasopressors": null, "oxygen": {"device": "roomAir", "fio2": null}},
         "neuro": {"ice": null, "capd": null, "consciousness": "alert", "seizure": null},
         "labs": {"ast": null, "nkActivity": null, "alt": {"value": 50, "unit": "U/L", "uln": null}},
         "findings": null, "treatments": {"tocilizumab": null}, "otherCause": null, "outcome": {"death": null}}
        """#)
        #expect(a.patient == Assessment.Patient(id: "P-001"))
        #expect(a.vitals == Assessment.Vitals(spo2: 94))
        #expect(a.support == Assessment.Support(oxygen: Oxygen(device: .roomAir)))
        #expect(a.support?.vasopressors == nil, "null vasopressors is unknown, not an empty list")
        #expect(a.neuro == Assessment.Neuro(consciousness: .alert))
        #expect(a.labs == Assessment.Labs([.alt: LabResult(value: 50, unit: .unitsPerLiter)]))
        #expect(a.findings == nil)
        #expect(a.treatments == Assessment.Treatments())
        #expect(a.otherCause == nil)
        #expect(a.outcome == Assessment.Outcome(death: nil), "death null means alive, as death absent does")
    }

    @Test("a group given as null is absent, as if left out")
    func nullGroupEqualsAbsentGroup() throws {
        let withNulls = try decode(line(#""vitals": null, "support": null, "neuro": null, "labs": null, "treatments": null, "outcome": null"#))
        #expect(withNulls == (try decode(line())))
    }

    @Test("patient null is a missing patient")
    func nullPatientIsMissing() {
        expect(rejection(of: #"{"patient": null, "time": "2026-11-22T08:00:00+08:00"}"#), matches: Rejection("patient", mentioning: "required"))
    }

    // MARK: nkActivity

    @Test("nkActivity is a bare string: normal, low or absent", arguments: [("normal", NKActivity.normal), ("low", .low), ("absent", .absent)])
    func decodesNKActivity(_ text: String, _ expected: NKActivity) throws {
        let a = try decode(line(#""labs": {"nkActivity": "\#(text)"}"#))
        #expect(a.labs?.nkActivity == expected)
        #expect(a.labs?.results.isEmpty == true)
    }

    // MARK: Temperature and treatments

    @Test("a temperature in °F is kept in °F as entered")
    func keepsFahrenheit() throws {
        let a = try decode(line(#""vitals": {"temperature": {"value": 101.3, "unit": "F"}}"#))
        #expect(a.vitals?.temperature == .fahrenheit(101.3))
    }

    @Test("all four treatments decode")
    func decodesTreatments() throws {
        let a = try decode(line(#""treatments": {"tocilizumab": false, "corticosteroids": true, "antipyretics": true, "anakinra": true}"#))
        #expect(a.treatments == Assessment.Treatments(tocilizumab: false, corticosteroids: true, antipyretics: true, anakinra: true))
    }

    @Test("every death cause of the spec decodes", arguments: ["crs", "icans", "hlh", "other"])
    func decodesDeathCause(_ cause: String) throws {
        #expect(try decode(line(#""outcome": {"death": "\#(cause)"}"#)).outcome?.death?.rawValue == cause)
    }

    // MARK: Identification of a rejected line

    @Test("a rejected line is still identified by its patient id and its time in UTC")
    func identifiesRejectedLine() throws {
        let json = try JSONParser.parse(line(#""vitals": {"temp": 38}"#))
        let id = Assessment.identification(of: json)
        #expect(id.patient == "P-001")
        #expect(id.time == "2026-11-22T00:00:00Z")
    }

    @Test("a line with an unreadable time is identified by the time as typed")
    func identifiesUnreadableTime() throws {
        let json = try JSONParser.parse(#"{"patient": {"id": "P-009"}, "time": "yesterday"}"#)
        let id = Assessment.identification(of: json)
        #expect(id.patient == "P-009")
        #expect(id.time == "yesterday")
        let bare = Assessment.identification(of: .array([]))
        #expect(bare.patient == nil && bare.time == nil)
    }

    // MARK: ObjectReader

    @Test("ObjectReader takes each key once and finish names what is left")
    func objectReaderTakesOnce() throws {
        var reader = try ObjectReader(JSONParser.parse(#"{"a": 1, "b": null, "c": "x"}"#), at: "labs.ast")
        #expect(try reader.number("a") == 1)
        #expect(try reader.number("a") == nil, "a key is taken once")
        #expect(reader.take("b") == nil, "null is absent")
        let error = #expect(throws: InputError.self) { try reader.finish() }
        #expect(error?.field == "labs.ast.c")
        #expect(error?.description == "labs.ast.c: unknown field \"c\"")
        #expect(try reader.string("c") == "x")
        #expect(throws: Never.self) { try reader.finish() }
    }

    @Test("FieldPath joins keys with dots and positions with brackets")
    func fieldPaths() {
        #expect(FieldPath("").appending("patient").text == "patient")
        #expect(FieldPath("support").appending("vasopressors").index(2).appending("unit").text == "support.vasopressors[2].unit")
        #expect(FieldPath("otherCause").index(0).description == "otherCause[0]")
    }
}
