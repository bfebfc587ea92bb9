import Testing
@testable import Clinical

/// Builders for one-field assessments, so each table row reads as the value it checks.
enum Make {
    static func temperature(_ value: Double, _ unit: Temperature.Unit = .celsius) -> Assessment {
        assessment(vitals: .init(temperature: Temperature(value: value, unit: unit)))
    }
    /// A systolic BP with hypotension stated, so that only the range checks speak.
    static func systolic(_ value: Double, hypotension: Bool? = true) -> Assessment {
        assessment(vitals: .init(systolicBP: value, hypotension: hypotension))
    }
    static func meanArterial(_ value: Double) -> Assessment { assessment(vitals: .init(meanArterialPressure: value)) }
    static func spo2(_ value: Double) -> Assessment { assessment(vitals: .init(spo2: value)) }
    static func oxygen(_ device: OxygenDevice, flow: Double? = nil, fio2: Double? = nil) -> Assessment {
        assessment(support: .init(oxygen: Oxygen(device: device, flowLPerMin: flow, fio2: fio2)))
    }
    static func age(_ years: Double) -> Assessment { assessment(patient: .init(id: "P-001", ageYears: years)) }
    static func weight(_ kg: Double) -> Assessment { assessment(patient: .init(id: "P-001", weightKg: kg)) }
    static func pressor(_ drug: Vasopressor.Drug, _ dose: Double, _ unit: Vasopressor.DoseUnit) -> Assessment {
        assessment(vitals: .init(hypotension: true), support: .init(vasopressors: [Vasopressor(drug: drug, dose: dose, unit: unit)]))
    }
    static func lab(_ analyte: Analyte, _ value: Double, _ unit: LabUnit, uln: Double? = nil, lln: Double? = nil,
                    baseline: Double? = nil) -> Assessment {
        assessment(labs: .init([analyte: LabResult(value: value, unit: unit, uln: uln, lln: lln, baseline: baseline)]))
    }
}

@Suite("Plausibility.check: hard limits, unit questions and warnings (README, What is graded, and how missing data is handled)")
struct PlausibilityTests {
    // MARK: Hard limits: both sides

    static let possible: [Row<Assessment, String>] = [
        Row("10.0 °C is possible (the lowest temperature MIMIC-IV keeps)", Make.temperature(10), ""),
        Row("50.0 °C is possible (the highest temperature MIMIC-IV keeps)", Make.temperature(50), ""),
        Row("50 °F (10 °C) is possible", Make.temperature(50, .fahrenheit), ""),
        Row("122 °F (50 °C) is possible", Make.temperature(122, .fahrenheit), ""),
        Row("a systolic BP of 1 mmHg is possible", Make.systolic(1), ""),
        Row("a systolic BP of 399 mmHg is possible", Make.systolic(399), ""),
        Row("a MAP of 299 mmHg is possible", Make.meanArterial(299), ""),
        Row("an SpO2 of 100 % is possible", Make.spo2(100), ""),
        Row("an SpO2 just above 0 % is possible", Make.spo2(0.5), ""),
        Row("an FiO2 of 0.21 (room air) is possible", Make.oxygen(.roomAir, fio2: 0.21), ""),
        Row("an FiO2 of 1.0 is possible", Make.oxygen(.nonRebreatherMask, fio2: 1.0), ""),
        Row("an oxygen flow of 0 L/min is possible", Make.oxygen(.roomAir, flow: 0), ""),
        Row("an oxygen flow of 80 L/min is possible", Make.oxygen(.highFlowNasalCannula, flow: 80), ""),
        Row("an age of 0 years is possible", Make.age(0), ""),
        Row("an age of 120 years is possible", Make.age(120), ""),
        Row("a weight of 70 kg is possible", Make.weight(70), ""),
        Row("norepinephrine 10 mcg/kg/min is possible", Make.pressor(.norepinephrine, 10, .mcgPerKgPerMin), ""),
        Row("vasopressin 0.04 units/min is possible", Make.pressor(.vasopressin, 0.04, .unitsPerMin), ""),
        Row("ferritin 12,000 ng/mL is possible (HLH routinely exceeds 10,000)", Make.lab(.ferritin, 12_000, .nanogramsPerMilliliter), ""),
        Row("triglycerides 149 mmol/L are possible", Make.lab(.triglycerides, 149, .millimolesPerLiter), ""),
        Row("fibrinogen 0 g/L is possible (afibrinogenaemia)", Make.lab(.fibrinogen, 0, .gramsPerLiter), ""),
        Row("fibrinogen 15 g/L is possible", Make.lab(.fibrinogen, 15, .gramsPerLiter), ""),
        Row("AST 0 U/L is possible", Make.lab(.ast, 0, .unitsPerLiter), ""),
        Row("AST 99,999 U/L is possible", Make.lab(.ast, 99_999, .unitsPerLiter), ""),
        Row("creatinine 2,999 µmol/L is possible", Make.lab(.creatinine, 2_999, .micromolesPerLiter), ""),
        Row("creatinine 30 mg/dL (2,652 µmol/L) is possible and not a unit question", Make.lab(.creatinine, 30, .milligramsPerDeciliter), ""),
        Row("creatinine 10 µmol/L is possible and not a unit question", Make.lab(.creatinine, 10, .micromolesPerLiter), ""),
        Row("platelets 0 × 10^9/L are possible", Make.lab(.platelets, 0, .perNanoliter), ""),
        Row("platelets 2,500 × 10^9/L are possible", Make.lab(.platelets, 2_500, .perNanoliter), ""),
        Row("haemoglobin 250 g/L is possible", Make.lab(.hemoglobin, 250, .gramsPerLiter), ""),
        Row("haemoglobin 25 g/L is possible and not a unit question", Make.lab(.hemoglobin, 25, .gramsPerLiter), ""),
        Row("haemoglobin 1.0 g/dL (10 g/L) is possible", Make.lab(.hemoglobin, 1.0, .gramsPerDeciliter), ""),
        Row("ANC 0 × 10^9/L is possible (aplasia)", Make.lab(.anc, 0, .perNanoliter), ""),
        Row("a baseline of 0 is possible", Make.lab(.ast, 20, .unitsPerLiter, uln: 40, baseline: 0), ""),
        // Laboratory data give 0 for a limit an analyte does not have; the criteria that read a
        // limit refuse a 0 there (CriteriaSet.checkReferenceLimits), plausibility does not.
        Row("an LLN of 0 for triglycerides (which have only an upper limit) is possible",
            Make.lab(.triglycerides, 1.2, .millimolesPerLiter, uln: 1.7, lln: 0), ""),
        Row("an LLN of 0 for ALT is possible", Make.lab(.alt, 30, .unitsPerLiter, uln: 40, lln: 0), ""),
        Row("an ULN of 0 passes plausibility; a term reading it refuses it", Make.lab(.ast, 20, .unitsPerLiter, uln: 0), ""),
    ]

    @Test("values inside the hard limits are accepted", arguments: possible)
    func acceptsPossible(_ row: Row<Assessment, String>) {
        #expect(throws: Never.self) { try Plausibility.check(row.input) }
    }

    static let impossible: [Row<Assessment, Rejection>] = [
        Row("9.9 °C is impossible", Make.temperature(9.9), Rejection("vitals.temperature", mentioning: "9.9 °C", "not possible", "10", "50")),
        Row("50.1 °C is impossible", Make.temperature(50.1), Rejection("vitals.temperature", mentioning: "50.1 °C", "not possible")),
        Row("-5 °C is impossible", Make.temperature(-5), Rejection("vitals.temperature", mentioning: "not possible")),
        Row("85 °C is impossible (and not in the °F-looking range 86–113)", Make.temperature(85),
            Rejection("vitals.temperature", mentioning: "not possible")),
        Row("49.9 °F (below 10 °C) is impossible, shown as typed", Make.temperature(49.9, .fahrenheit),
            Rejection("vitals.temperature", mentioning: "49.9 °F", "not possible")),
        Row("122.5 °F (above 50 °C) is impossible", Make.temperature(122.5, .fahrenheit),
            Rejection("vitals.temperature", mentioning: "122.5 °F", "not possible")),
        Row("a systolic BP of 0 mmHg is impossible", Make.systolic(0), Rejection("vitals.systolicBP", mentioning: "0 mmHg", "not possible")),
        Row("a systolic BP of 400 mmHg is impossible", Make.systolic(400), Rejection("vitals.systolicBP", mentioning: "400 mmHg")),
        Row("a MAP of 0 mmHg is impossible", Make.meanArterial(0), Rejection("vitals.meanArterialPressure", mentioning: "not possible")),
        Row("a MAP of 300 mmHg is impossible", Make.meanArterial(300), Rejection("vitals.meanArterialPressure", mentioning: "300")),
        Row("an SpO2 of 0 % is impossible", Make.spo2(0), Rejection("vitals.spo2", mentioning: "0 %", "not possible")),
        Row("an SpO2 of 100.1 % is impossible", Make.spo2(100.1), Rejection("vitals.spo2", mentioning: "100.1")),
        Row("an FiO2 of 0.2 (below room air) is impossible", Make.oxygen(.roomAir, fio2: 0.2),
            Rejection("support.oxygen.fio2", mentioning: "0.2", "not possible")),
        Row("an FiO2 of 0 is impossible", Make.oxygen(.roomAir, fio2: 0), Rejection("support.oxygen.fio2", mentioning: "not possible")),
        Row("an FiO2 of 101 is impossible even as a percentage", Make.oxygen(.cpap, fio2: 101), Rejection("support.oxygen.fio2", mentioning: "101")),
        Row("an oxygen flow of 81 L/min is impossible (mL/min or a typo?)", Make.oxygen(.highFlowNasalCannula, flow: 81),
            Rejection("support.oxygen.flowLPerMin", mentioning: "81", "mL/min")),
        Row("an oxygen flow of 2000 (mL/min typed as L/min) is impossible", Make.oxygen(.nasalCannula, flow: 2000),
            Rejection("support.oxygen.flowLPerMin", mentioning: "mL/min")),
        Row("a negative oxygen flow is impossible", Make.oxygen(.nasalCannula, flow: -1),
            Rejection("support.oxygen.flowLPerMin", mentioning: "not possible")),
        Row("an age of 121 years is impossible", Make.age(121), Rejection("patient.ageYears", mentioning: "121", "not possible")),
        Row("a negative age is impossible", Make.age(-1), Rejection("patient.ageYears", mentioning: "not possible")),
        Row("a weight of 0 kg is impossible", Make.weight(0), Rejection("patient.weightKg", mentioning: "not possible")),
        Row("norepinephrine 10.5 mcg/kg/min is impossible", Make.pressor(.norepinephrine, 10.5, .mcgPerKgPerMin),
            Rejection("support.vasopressors[0].dose", mentioning: "10.5", "not possible")),
        Row("a negative vasopressor dose is impossible", Make.pressor(.epinephrine, -2, .mcgPerMin),
            Rejection("support.vasopressors[0].dose", mentioning: "-2", "mcg/min")),
        Row("ferritin 0 ng/mL is impossible", Make.lab(.ferritin, 0, .nanogramsPerMilliliter),
            Rejection("labs.ferritin.value", mentioning: "0 ng/mL", "not possible")),
        Row("triglycerides 150 mmol/L are impossible", Make.lab(.triglycerides, 150, .millimolesPerLiter),
            Rejection("labs.triglycerides.value", mentioning: "150 mmol/L")),
        Row("triglycerides 0 mmol/L are impossible", Make.lab(.triglycerides, 0, .millimolesPerLiter),
            Rejection("labs.triglycerides.value", mentioning: "not possible")),
        Row("fibrinogen 15.1 g/L is impossible", Make.lab(.fibrinogen, 15.1, .gramsPerLiter),
            Rejection("labs.fibrinogen.value", mentioning: "15.1 g/L")),
        Row("fibrinogen 1510 mg/dL (15.1 g/L) is impossible, checked after conversion and shown as typed",
            Make.lab(.fibrinogen, 1510, .milligramsPerDeciliter), Rejection("labs.fibrinogen.value", mentioning: "1510 mg/dL")),
        Row("AST -1 U/L is impossible", Make.lab(.ast, -1, .unitsPerLiter), Rejection("labs.ast.value", mentioning: "-1 U/L")),
        Row("AST 100,000 U/L is impossible", Make.lab(.ast, 100_000, .unitsPerLiter), Rejection("labs.ast.value", mentioning: "100000")),
        Row("creatinine 3,000 µmol/L is impossible", Make.lab(.creatinine, 3_000, .micromolesPerLiter),
            Rejection("labs.creatinine.value", mentioning: "3000")),
        Row("creatinine 0 mg/dL is impossible", Make.lab(.creatinine, 0, .milligramsPerDeciliter),
            Rejection("labs.creatinine.value", mentioning: "not possible")),
        Row("platelets 2,501 × 10^9/L are impossible", Make.lab(.platelets, 2_501, .perNanoliter),
            Rejection("labs.platelets.value", mentioning: "2501")),
        Row("platelets 2,501,000/µL are impossible, checked after conversion", Make.lab(.platelets, 2_501_000, .perMicroliter),
            Rejection("labs.platelets.value", mentioning: "2501000 /uL")),
        Row("haemoglobin 251 g/L is impossible", Make.lab(.hemoglobin, 251, .gramsPerLiter), Rejection("labs.hemoglobin.value", mentioning: "251 g/L")),
        Row("haemoglobin 0.9 g/dL (9 g/L) is impossible", Make.lab(.hemoglobin, 0.9, .gramsPerDeciliter),
            Rejection("labs.hemoglobin.value", mentioning: "0.9 g/dL", "not possible")),
        Row("haemoglobin 25.1 g/dL (251 g/L) is impossible", Make.lab(.hemoglobin, 25.1, .gramsPerDeciliter),
            Rejection("labs.hemoglobin.value", mentioning: "25.1 g/dL")),
        Row("a negative LLN is impossible", Make.lab(.hemoglobin, 100, .gramsPerLiter, lln: -1), Rejection("labs.hemoglobin.lln", mentioning: "negative")),
        Row("a negative baseline is impossible", Make.lab(.creatinine, 80, .micromolesPerLiter, baseline: -5),
            Rejection("labs.creatinine.baseline", mentioning: "negative")),
        Row("an LLN equal to the ULN is impossible", Make.lab(.hemoglobin, 100, .gramsPerLiter, uln: 120, lln: 120),
            Rejection("labs.hemoglobin.lln", mentioning: "120")),
        Row("an LLN above the ULN (swapped limits) is impossible", Make.lab(.hemoglobin, 100, .gramsPerLiter, uln: 120, lln: 160),
            Rejection("labs.hemoglobin.lln", mentioning: "160", "120")),
    ]

    @Test("values outside the hard limits reject the assessment, naming the field and the allowed range",
          arguments: impossible)
    func rejectsImpossible(_ row: Row<Assessment, Rejection>) {
        let error = #expect(throws: InputError.self) { try Plausibility.check(row.input) }
        expect(error, matches: row.expected)
    }

    // MARK: Unit questions

    static let unitQuestions: [Row<Assessment, Rejection>] = [
        Row("38.5 °C typed as 101.3 with unit C looks like °F", Make.temperature(101.3),
            Rejection("vitals.temperature", mentioning: "101.3", "looks like °F")),
        Row("86 with unit C looks like °F (lower edge)", Make.temperature(86), Rejection("vitals.temperature", mentioning: "looks like °F")),
        Row("113 with unit C looks like °F (upper edge)", Make.temperature(113), Rejection("vitals.temperature", mentioning: "looks like °F")),
        Row("38.5 with unit F looks like °C", Make.temperature(38.5, .fahrenheit),
            Rejection("vitals.temperature", mentioning: "38.5", "looks like °C")),
        Row("30 with unit F looks like °C (lower edge)", Make.temperature(30, .fahrenheit), Rejection("vitals.temperature", mentioning: "looks like °C")),
        Row("45 with unit F looks like °C (upper edge)", Make.temperature(45, .fahrenheit), Rejection("vitals.temperature", mentioning: "looks like °C")),
        Row("an FiO2 of 40 looks like a percentage", Make.oxygen(.venturiMask, fio2: 40),
            Rejection("support.oxygen.fio2", mentioning: "40", "looks like a percentage")),
        Row("an FiO2 of 21 looks like a percentage", Make.oxygen(.roomAir, fio2: 21),
            Rejection("support.oxygen.fio2", mentioning: "looks like a percentage")),
        Row("an FiO2 of 100 looks like a percentage", Make.oxygen(.mechanicalVentilation, fio2: 100),
            Rejection("support.oxygen.fio2", mentioning: "looks like a percentage")),
        Row("creatinine 40 mg/dL looks like µmol/L", Make.lab(.creatinine, 40, .milligramsPerDeciliter),
            Rejection("labs.creatinine.unit", mentioning: "40 mg/dL", "looks like umol/L")),
        Row("creatinine 30.1 mg/dL looks like µmol/L (just over 30)", Make.lab(.creatinine, 30.1, .milligramsPerDeciliter),
            Rejection("labs.creatinine.unit", mentioning: "looks like umol/L")),
        Row("creatinine 1.2 µmol/L looks like mg/dL", Make.lab(.creatinine, 1.2, .micromolesPerLiter),
            Rejection("labs.creatinine.unit", mentioning: "1.2 umol/L", "looks like mg/dL")),
        Row("creatinine 9.9 µmol/L looks like mg/dL (just under 10)", Make.lab(.creatinine, 9.9, .micromolesPerLiter),
            Rejection("labs.creatinine.unit", mentioning: "looks like mg/dL")),
        Row("fibrinogen 21 g/L looks like mg/dL", Make.lab(.fibrinogen, 21, .gramsPerLiter),
            Rejection("labs.fibrinogen.unit", mentioning: "21 g/L", "looks like mg/dL")),
        Row("fibrinogen 250 g/L (250 mg/dL typed with the wrong unit) looks like mg/dL", Make.lab(.fibrinogen, 250, .gramsPerLiter),
            Rejection("labs.fibrinogen.unit", mentioning: "looks like mg/dL")),
        Row("haemoglobin 24 g/L looks like g/dL", Make.lab(.hemoglobin, 24, .gramsPerLiter),
            Rejection("labs.hemoglobin.unit", mentioning: "24 g/L", "looks like g/dL")),
        Row("haemoglobin 9 g/L (9 g/dL typed with the wrong unit) is asked as a unit question first",
            Make.lab(.hemoglobin, 9, .gramsPerLiter), Rejection("labs.hemoglobin.unit", mentioning: "9 g/L", "looks like g/dL")),
    ]

    @Test("a magnitude that says the unit is wrong is a hard unit question, never an auto-conversion",
          arguments: unitQuestions)
    func asksUnitQuestions(_ row: Row<Assessment, Rejection>) {
        let error = #expect(throws: InputError.self) { try Plausibility.check(row.input) }
        expect(error, matches: row.expected)
    }

    // MARK: Soft limits

    static let unusual: [Row<Assessment, String>] = [
        Row("34.9 °C is unusual (hypothermia) and asks for confirmation", Make.temperature(34.9), "vitals.temperature 34.9 °C"),
        Row("42.1 °C is unusual", Make.temperature(42.1), "vitals.temperature 42.1 °C"),
        Row("94 °F (34.4 °C) is unusual, shown as typed", Make.temperature(94, .fahrenheit), "vitals.temperature 94 °F"),
        Row("a systolic BP of 59 mmHg is unusual", Make.systolic(59), "vitals.systolicBP 59 mmHg"),
        Row("a systolic BP of 251 mmHg is unusual", Make.systolic(251), "vitals.systolicBP 251 mmHg"),
        Row("a MAP of 39 mmHg is unusual", Make.meanArterial(39), "vitals.meanArterialPressure 39 mmHg"),
        Row("a MAP of 181 mmHg is unusual", Make.meanArterial(181), "vitals.meanArterialPressure 181 mmHg"),
        Row("an SpO2 of 69 % is unusual (oximetry unreliable)", Make.spo2(69), "vitals.spo2 69 %"),
        Row("an oxygen flow of 61 L/min is unusual", Make.oxygen(.highFlowNasalCannula, flow: 61), "support.oxygen.flowLPerMin 61 L/min"),
        Row("norepinephrine 1.5 mcg/kg/min is unusual", Make.pressor(.norepinephrine, 1.5, .mcgPerKgPerMin), "support.vasopressors[0].dose 1.5"),
        Row("ferritin 100,001 ng/mL is unusual", Make.lab(.ferritin, 100_001, .nanogramsPerMilliliter), "labs.ferritin.value 100001 ng/mL"),
        Row("triglycerides 21 mmol/L are unusual", Make.lab(.triglycerides, 21, .millimolesPerLiter), "labs.triglycerides.value 21 mmol/L"),
        Row("triglycerides 31 mmol/L (possibly mg/dL) at least ask for confirmation",
            Make.lab(.triglycerides, 31, .millimolesPerLiter), "labs.triglycerides.value 31 mmol/L"),
        Row("fibrinogen 0.4 g/L is unusual", Make.lab(.fibrinogen, 0.4, .gramsPerLiter), "labs.fibrinogen.value 0.4 g/L"),
        Row("fibrinogen 10.5 g/L is unusual", Make.lab(.fibrinogen, 10.5, .gramsPerLiter), "labs.fibrinogen.value 10.5 g/L"),
        Row("AST 10,001 U/L is unusual", Make.lab(.ast, 10_001, .unitsPerLiter), "labs.ast.value 10001 U/L"),
        Row("creatinine 1,501 µmol/L is unusual", Make.lab(.creatinine, 1_501, .micromolesPerLiter), "labs.creatinine.value 1501 umol/L"),
        Row("creatinine 17 mg/dL (1,503 µmol/L) is unusual, shown as typed", Make.lab(.creatinine, 17, .milligramsPerDeciliter),
            "labs.creatinine.value 17 mg/dL"),
        Row("platelets 1,001 × 10^9/L are unusual", Make.lab(.platelets, 1_001, .perNanoliter), "labs.platelets.value 1001 10^9/L"),
        Row("haemoglobin 39 g/L is unusual", Make.lab(.hemoglobin, 39, .gramsPerLiter), "labs.hemoglobin.value 39 g/L"),
        Row("haemoglobin 201 g/L is unusual", Make.lab(.hemoglobin, 201, .gramsPerLiter), "labs.hemoglobin.value 201 g/L"),
    ]

    @Test("unusual but possible values are graded with a warning naming the field and the value", arguments: unusual)
    func warnsUnusual(_ row: Row<Assessment, String>) throws {
        let warnings = try Plausibility.check(row.input)
        #expect(warnings.count == 1, "warnings: \(warnings)")
        #expect(warnings.first?.hasPrefix(row.expected) == true, "warnings: \(warnings)")
    }

    static let usual: [Row<Assessment, String>] = [
        Row("35.0 °C is not unusual", Make.temperature(35.0), ""),
        Row("42.0 °C is not unusual", Make.temperature(42.0), ""),
        Row("38.6 °C is not unusual", Make.temperature(38.6), ""),
        Row("101.3 °F is not unusual", Make.temperature(101.3, .fahrenheit), ""),
        Row("a systolic BP of 60 mmHg with hypotension stated raises nothing", Make.systolic(60), ""),
        Row("a systolic BP of 250 mmHg raises nothing", Make.systolic(250), ""),
        Row("a MAP of 40 mmHg raises nothing", Make.meanArterial(40), ""),
        Row("an SpO2 of 70 % raises nothing", Make.spo2(70), ""),
        Row("an oxygen flow of 60 L/min on high-flow nasal cannula raises nothing", Make.oxygen(.highFlowNasalCannula, flow: 60), ""),
        Row("norepinephrine 1 mcg/kg/min raises nothing", Make.pressor(.norepinephrine, 1, .mcgPerKgPerMin), ""),
        Row("ferritin 100,000 ng/mL raises nothing", Make.lab(.ferritin, 100_000, .nanogramsPerMilliliter), ""),
        Row("fibrinogen 1.5 g/L raises nothing", Make.lab(.fibrinogen, 1.5, .gramsPerLiter), ""),
        Row("haemoglobin 80 g/L raises nothing", Make.lab(.hemoglobin, 80, .gramsPerLiter), ""),
    ]

    @Test("ordinary values raise no warning", arguments: usual)
    func quietForUsual(_ row: Row<Assessment, String>) throws {
        #expect(try Plausibility.check(row.input) == [])
    }

    // MARK: Consistency warnings

    @Test("SBP 84 with hypotension not stated warns in the spec's words")
    func lowSystolicWithoutHypotension() throws {
        let warnings = try Plausibility.check(Make.systolic(84, hypotension: nil))
        #expect(warnings == ["vitals.systolicBP 84 mmHg recorded but hypotension not stated"])
    }

    static let hypotensionStated: [Row<Assessment, Bool>] = [
        Row("SBP 84 with hypotension stated true raises nothing", Make.systolic(84, hypotension: true), false),
        Row("SBP 84 with hypotension judged absent by the clinician raises nothing", Make.systolic(84, hypotension: false), false),
        Row("SBP 89 with hypotension not stated warns", Make.systolic(89, hypotension: nil), true),
        Row("SBP 90 with hypotension not stated raises nothing", Make.systolic(90, hypotension: nil), false),
        Row("SBP 120 with hypotension not stated raises nothing", Make.systolic(120, hypotension: nil), false),
    ]

    @Test("a low systolic BP asks for the clinician's hypotension judgement only when it is not stated",
          arguments: hypotensionStated)
    func hypotensionNotStated(_ row: Row<Assessment, Bool>) throws {
        let warnings = try Plausibility.check(row.input)
        #expect(warnings.contains { $0.contains("hypotension not stated") } == row.expected, "warnings: \(warnings)")
    }

    static let nasalCannula: [Row<Assessment, Bool>] = [
        Row("a nasal cannula at 8 L/min warns that it is graded as high flow", Make.oxygen(.nasalCannula, flow: 8), true),
        Row("a nasal cannula at 6.5 L/min warns", Make.oxygen(.nasalCannula, flow: 6.5), true),
        Row("a nasal cannula at 6 L/min is low flow and raises nothing", Make.oxygen(.nasalCannula, flow: 6), false),
        Row("a high-flow nasal cannula at 40 L/min raises nothing", Make.oxygen(.highFlowNasalCannula, flow: 40), false),
        Row("a face mask at 10 L/min raises nothing", Make.oxygen(.simpleFaceMask, flow: 10), false),
    ]

    @Test("a nasal cannula above 6 L/min warns that ASTCT grades it as high flow", arguments: nasalCannula)
    func nasalCannulaHighFlow(_ row: Row<Assessment, Bool>) throws {
        let warnings = try Plausibility.check(row.input)
        #expect(warnings.count == (row.expected ? 1 : 0), "warnings: \(warnings)")
        if row.expected {
            #expect(warnings.first?.hasPrefix("support.oxygen.flowLPerMin") == true)
            #expect(warnings.first?.contains("high-flow") == true)
        }
    }

    static let iceForChildren: [Row<Assessment, Bool>] = [
        Row("an ICE recorded for an 8-year-old warns: ASTCT uses CAPD under 12",
            assessment(patient: .init(id: "P-001", ageYears: 8), neuro: .init(ice: .total(9))), true),
        Row("an ICE recorded for an 11.9-year-old warns",
            assessment(patient: .init(id: "P-001", ageYears: 11.9), neuro: .init(ice: .total(9))), true),
        Row("an ICE recorded for a 12-year-old raises nothing",
            assessment(patient: .init(id: "P-001", ageYears: 12), neuro: .init(ice: .total(9))), false),
        Row("an ICE beside a CAPD for an 8-year-old raises nothing: the CAPD is there",
            assessment(patient: .init(id: "P-001", ageYears: 8), neuro: .init(ice: .total(9), capd: .total(4))), false),
        Row("a CAPD alone for an 8-year-old raises nothing",
            assessment(patient: .init(id: "P-001", ageYears: 8), neuro: .init(capd: .total(4))), false),
        Row("an ICE without a known age raises nothing",
            assessment(neuro: .init(ice: .total(9))), false),
    ]

    @Test("an ICE for a child under 12 warns that ASTCT uses CAPD", arguments: iceForChildren)
    func iceForChild(_ row: Row<Assessment, Bool>) throws {
        let warnings = try Plausibility.check(row.input)
        #expect(warnings.count == (row.expected ? 1 : 0), "warnings: \(warnings)")
        if row.expected {
            #expect(warnings.first?.hasPrefix("neuro.ice") == true)
            #expect(warnings.first?.contains("CAPD") == true)
        }
    }

    @Test("a vasopressor with hypotension judged absent warns about the contradiction")
    func vasopressorWithoutHypotension() throws {
        let a = assessment(vitals: .init(hypotension: false),
                           support: .init(vasopressors: [Vasopressor(drug: .norepinephrine, dose: 0.1, unit: .mcgPerKgPerMin)]))
        let warnings = try Plausibility.check(a)
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("support.vasopressors") == true)
        #expect(warnings.first?.contains("vitals.hypotension") == true)
        let none = assessment(vitals: .init(hypotension: false), support: .init(vasopressors: []))
        #expect(try Plausibility.check(none) == [], "an empty list is no vasopressor")
    }

    @Test("an infusion after the assessment time warns")
    func infusionAfterAssessment() throws {
        let later = ClinicalTime(iso8601: "2026-11-22T09:00:00+08:00")!
        let earlier = ClinicalTime(iso8601: "2026-11-20T10:00:00+08:00")!
        let sameInstantOtherZone = ClinicalTime(iso8601: "2026-11-22T00:00:00Z")!
        #expect(try Plausibility.check(assessment(patient: .init(id: "P-001", infusionTime: later))).count == 1)
        #expect(try Plausibility.check(assessment(patient: .init(id: "P-001", infusionTime: earlier))) == [])
        #expect(try Plausibility.check(assessment(patient: .init(id: "P-001", infusionTime: sameInstantOtherZone))) == [],
                "the same instant written in UTC is not after the assessment")
    }

    @Test("the spec's example assessment is plausible and raises no warning")
    func specExampleIsPlausible() throws {
        #expect(try Plausibility.check(decode(specExampleText)) == [])
    }

    @Test("several warnings are all reported")
    func collectsWarnings() throws {
        let a = assessment(patient: .init(id: "P-001", ageYears: 8),
                           vitals: .init(temperature: .celsius(34.5), systolicBP: 84),
                           support: .init(oxygen: Oxygen(device: .nasalCannula, flowLPerMin: 8)),
                           neuro: .init(ice: .total(10)))
        let warnings = try Plausibility.check(a)
        #expect(warnings.count == 4, "warnings: \(warnings)")
        #expect(warnings.contains { $0.hasPrefix("vitals.temperature") })
        #expect(warnings.contains("vitals.systolicBP 84 mmHg recorded but hypotension not stated"))
        #expect(warnings.contains { $0.hasPrefix("support.oxygen.flowLPerMin") })
        #expect(warnings.contains { $0.hasPrefix("neuro.ice") })
    }

    @Test("an assessment with nothing recorded beyond identification is plausible and quiet")
    func emptyIsQuiet() throws {
        #expect(try Plausibility.check(assessment()) == [])
    }

    // MARK: The limits themselves

    @Test("the hard ranges are those the limits table states")
    func limitsMatchReliabilityTable() {
        let t = PlausibilityLimits.temperatureCelsius
        #expect(t.isPossible(10) && t.isPossible(50) && !t.isPossible(9.99) && !t.isPossible(50.01))
        #expect(t.isUnusual(34.99) && !t.isUnusual(35) && !t.isUnusual(42) && t.isUnusual(42.01))
        let s = PlausibilityLimits.spo2
        #expect(!s.isPossible(0) && s.isPossible(100) && !s.isPossible(100.01))
        let f = PlausibilityLimits.fio2
        #expect(f.isPossible(0.21) && f.isPossible(1) && !f.isPossible(0.2099) && !f.isPossible(1.01))
        let a = PlausibilityLimits.ageYears
        #expect(a.isPossible(0) && a.isPossible(120) && !a.isPossible(120.5))
        let tg = PlausibilityLimits.lab(.triglycerides)
        #expect(!tg.isPossible(0) && tg.isPossible(0.01) && !tg.isPossible(150))
        let hb = PlausibilityLimits.lab(.hemoglobin)
        #expect(hb.isPossible(10) && !hb.isPossible(9.99) && hb.isPossible(250) && !hb.isPossible(250.01))
        #expect(hb.isUnusual(39.9) && !hb.isUnusual(40) && hb.isUnusual(200.1))
    }

    @Test("the range text spells out inclusive and exclusive ends")
    func rangeText() {
        #expect(PlausibilityLimits.temperatureCelsius.hardRangeText == "from 10 to 50 °C")
        #expect(PlausibilityLimits.systolicBP.hardRangeText == "above 0 and below 400 mmHg")
    }
}
