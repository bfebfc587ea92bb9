import Testing
@testable import Clinical

/// A lab conversion to check: value, analyte, units, and the precision the published pair allows.
struct LabConversion: Sendable {
    let value: Double
    let analyte: Analyte
    let from: LabUnit
    let to: LabUnit
    /// The largest difference from the published value that rounding in the source explains.
    let tolerance: Tolerance

    enum Tolerance: Sendable {
        case exact
        case absolute(Double)
        case relative(Double)
    }

    init(_ value: Double, _ analyte: Analyte, _ from: LabUnit, to: LabUnit, within tolerance: Tolerance = .exact) {
        self.value = value
        self.analyte = analyte
        self.from = from
        self.to = to
        self.tolerance = tolerance
    }

    func accepts(_ actual: Double?, expected: Double) -> Bool {
        guard let actual else { return false }
        switch tolerance {
        case .exact: return actual == expected
        case .absolute(let bound): return abs(actual - expected) <= bound
        case .relative(let fraction): return abs(actual - expected) <= abs(expected) * fraction
        }
    }
}

@Suite("Conversion: conventional and SI units (criteria-reference §7 and §8.9)")
struct ConversionTests {
    // MARK: Published fixture pairs, §8.9

    static let fixturePairs: [Row<LabConversion, Double>] = [
        Row("10.0 g/dL haemoglobin is 100 g/L (CTCAE anaemia)",
            LabConversion(10.0, .hemoglobin, .gramsPerDeciliter, to: .gramsPerLiter), 100),
        Row("100 g/L haemoglobin is 10.0 g/dL",
            LabConversion(100, .hemoglobin, .gramsPerLiter, to: .gramsPerDeciliter), 10),
        Row("triglycerides 3.0 mmol/L are 265 mg/dL (HLH-2004), within the sources' rounding",
            LabConversion(3.0, .triglycerides, .millimolesPerLiter, to: .milligramsPerDeciliter, within: .relative(0.002)), 265),
        Row("triglycerides 1.5 mmol/L are 132.7 mg/dL (HScore), within the sources' rounding",
            LabConversion(1.5, .triglycerides, .millimolesPerLiter, to: .milligramsPerDeciliter, within: .relative(0.002)), 132.7),
        Row("triglycerides 4 mmol/L are 354 mg/dL (HScore)",
            LabConversion(4, .triglycerides, .millimolesPerLiter, to: .milligramsPerDeciliter, within: .relative(0.002)), 354),
        Row("triglycerides 265 mg/dL are 3.0 mmol/L (HLH-2004), within the sources' rounding",
            LabConversion(265, .triglycerides, .milligramsPerDeciliter, to: .millimolesPerLiter, within: .relative(0.002)), 3.0),
        Row("triglycerides 354 mg/dL are 4 mmol/L (HScore)",
            LabConversion(354, .triglycerides, .milligramsPerDeciliter, to: .millimolesPerLiter, within: .relative(0.002)), 4),
        Row("triglycerides 150 mg/dL are 1.71 mmol/L (CTCAE), within the 1 % the CTCAE rounding differs by",
            LabConversion(150, .triglycerides, .milligramsPerDeciliter, to: .millimolesPerLiter, within: .relative(0.01)), 1.71),
        Row("fibrinogen 1.5 g/L is 150 mg/dL (HLH-2004)",
            LabConversion(1.5, .fibrinogen, .gramsPerLiter, to: .milligramsPerDeciliter), 150),
        Row("fibrinogen 150 mg/dL is 1.5 g/L",
            LabConversion(150, .fibrinogen, .milligramsPerDeciliter, to: .gramsPerLiter), 1.5),
        Row("fibrinogen 2.5 g/L is 250 mg/dL (HScore)",
            LabConversion(2.5, .fibrinogen, .gramsPerLiter, to: .milligramsPerDeciliter), 250),
        Row("creatinine 0.3 mg/dL is 26.5 µmol/L (KDIGO), to the published decimal",
            LabConversion(0.3, .creatinine, .milligramsPerDeciliter, to: .micromolesPerLiter, within: .absolute(0.05)), 26.5),
        Row("creatinine 4.0 mg/dL is 353.6 µmol/L (KDIGO)",
            LabConversion(4.0, .creatinine, .milligramsPerDeciliter, to: .micromolesPerLiter), 353.6),
        Row("creatinine 353.6 µmol/L is 4.0 mg/dL",
            LabConversion(353.6, .creatinine, .micromolesPerLiter, to: .milligramsPerDeciliter), 4.0),
        Row("bilirubin 1.2 mg/dL is 20 µmol/L (SOFA table), which rounds 20.52 to a whole number",
            LabConversion(1.2, .bilirubin, .milligramsPerDeciliter, to: .micromolesPerLiter, within: .absolute(0.6)), 20),
        Row("bilirubin 1.2 mg/dL × 17.1 is exactly 20.52 µmol/L",
            LabConversion(1.2, .bilirubin, .milligramsPerDeciliter, to: .micromolesPerLiter), 20.52),
        Row("bilirubin 20.52 µmol/L is 1.2 mg/dL",
            LabConversion(20.52, .bilirubin, .micromolesPerLiter, to: .milligramsPerDeciliter), 1.2),
        Row("ANC 0.5 × 10^9/L is 500/µL (CTCAE neutropenia grade 4 boundary)",
            LabConversion(0.5, .anc, .perNanoliter, to: .perMicroliter), 500),
        Row("ANC 500/µL is 0.5 × 10^9/L",
            LabConversion(500, .anc, .perMicroliter, to: .perNanoliter), 0.5),
        Row("1000/µL white cells are 1.0 × 10^9/L",
            LabConversion(1000, .wbc, .perMicroliter, to: .perNanoliter), 1.0),
        Row("platelets 100 × 10^9/L are 100,000/µL",
            LabConversion(100, .platelets, .perNanoliter, to: .perMicroliter), 100_000),
        Row("ferritin 500 ng/mL is 500 µg/L (identical units)",
            LabConversion(500, .ferritin, .nanogramsPerMilliliter, to: .microgramsPerLiter), 500),
        Row("ferritin 10,000 µg/L is 10,000 ng/mL",
            LabConversion(10_000, .ferritin, .microgramsPerLiter, to: .nanogramsPerMilliliter), 10_000),
    ]

    @Test("the published conversion pairs are reproduced", arguments: fixturePairs)
    func reproducesFixturePairs(_ row: Row<LabConversion, Double>) {
        let c = row.input
        let actual = Conversion.convert(c.value, of: c.analyte, from: c.from, to: c.to)
        #expect(c.accepts(actual, expected: row.expected), "got \(actual.map { "\($0)" } ?? "nil")")
        let viaResult = LabResult(value: c.value, unit: c.from).value(of: c.analyte, in: c.to)
        #expect(viaResult == actual, "LabResult.value(of:in:) converts the same way")
    }

    @Test("ferritin 300 ng/mL is 674.1 pmol/L (PMC3934467)")
    func ferritinPicomoles() {
        #expect(Conversion.ferritinNanogramsToPicomoles(300) == 674.1)
        #expect(Conversion.ferritinNanogramsToPicomoles(0) == 0)
    }

    // MARK: Factors, §7

    @Test("the factors are those of the reference table")
    func factorsMatchReference() {
        #expect(Conversion.bilirubinMicromolPerMilligram == 17.1)
        #expect(Conversion.creatinineMicromolPerMilligram == 88.4)
        #expect(Conversion.fibrinogenGramsPerMilligramPerDeciliter == 0.01)
        #expect(Conversion.hemoglobinGramsPerLiterPerGramPerDeciliter == 10)
        #expect(Conversion.cellsPerMicroliterPerNanoliter == 1000)
        #expect(Conversion.ferritinPicomolPerNanogram == 2.247)
        // "× 0.0113 (÷ 88.5)": the two forms of the JAMA factor agree to 0.01 %.
        #expect(isClose(1 / Conversion.triglyceridesMilligramPerMillimol, 0.0113, relative: 0.001))
    }

    // MARK: Threshold values must not drift

    static let thresholds: [Row<LabConversion, Double>] = [
        Row("haemoglobin 9.0 g/dL is exactly 90 g/L (HLH-2004 cut-off)",
            LabConversion(9.0, .hemoglobin, .gramsPerDeciliter, to: .gramsPerLiter), 90),
        Row("haemoglobin 9.2 g/dL is exactly 92 g/L (HScore cut-off)",
            LabConversion(9.2, .hemoglobin, .gramsPerDeciliter, to: .gramsPerLiter), 92),
        Row("ANC 1.0 × 10^9/L is exactly 1000/µL",
            LabConversion(1.0, .anc, .perNanoliter, to: .perMicroliter), 1000),
        Row("ANC 0.1 × 10^9/L is exactly 100/µL (ICAHT)",
            LabConversion(0.1, .anc, .perNanoliter, to: .perMicroliter), 100),
        Row("ANC 700/µL is exactly 0.7 × 10^9/L",
            LabConversion(700, .anc, .perMicroliter, to: .perNanoliter), 0.7),
        Row("fibrinogen 110 mg/dL is exactly 1.1 g/L",
            LabConversion(110, .fibrinogen, .milligramsPerDeciliter, to: .gramsPerLiter), 1.1),
        Row("creatinine 1.1 mg/dL is exactly 97.24 µmol/L",
            LabConversion(1.1, .creatinine, .milligramsPerDeciliter, to: .micromolesPerLiter), 97.24),
        Row("bilirubin 0.3 mg/dL is exactly 5.13 µmol/L",
            LabConversion(0.3, .bilirubin, .milligramsPerDeciliter, to: .micromolesPerLiter), 5.13),
    ]

    @Test("a value at a published cut-off converts exactly, without floating-point noise", arguments: thresholds)
    func thresholdsAreExact(_ row: Row<LabConversion, Double>) {
        let c = row.input
        #expect(Conversion.convert(c.value, of: c.analyte, from: c.from, to: c.to) == row.expected)
    }

    static let roundTrips: [Row<LabConversion, Double>] = [
        Row("triglycerides 3.0 mmol/L → mg/dL → mmol/L is 3.0 again", LabConversion(3.0, .triglycerides, .millimolesPerLiter, to: .milligramsPerDeciliter), 3.0),
        Row("creatinine 1.7 mg/dL → µmol/L → mg/dL is 1.7 again", LabConversion(1.7, .creatinine, .milligramsPerDeciliter, to: .micromolesPerLiter), 1.7),
        Row("bilirubin 2.9 mg/dL → µmol/L → mg/dL is 2.9 again", LabConversion(2.9, .bilirubin, .milligramsPerDeciliter, to: .micromolesPerLiter), 2.9),
        Row("haemoglobin 7.3 g/dL → g/L → g/dL is 7.3 again", LabConversion(7.3, .hemoglobin, .gramsPerDeciliter, to: .gramsPerLiter), 7.3),
        Row("platelets 23,000/µL → 10^9/L → /µL is 23,000 again", LabConversion(23_000, .platelets, .perMicroliter, to: .perNanoliter), 23_000),
    ]

    @Test("converting there and back returns the value entered", arguments: roundTrips)
    func roundTrip(_ row: Row<LabConversion, Double>) throws {
        let c = row.input
        let there = try #require(Conversion.convert(c.value, of: c.analyte, from: c.from, to: c.to))
        #expect(there != c.value, "the conversion changes the number")
        #expect(Conversion.convert(there, of: c.analyte, from: c.to, to: c.from) == row.expected)
    }

    @Test("converting to the unit a value is already in leaves it unchanged", arguments: Analyte.allCases)
    func identity(_ analyte: Analyte) {
        for unit in analyte.units {
            #expect(Conversion.convert(123.456, of: analyte, from: unit, to: unit) == 123.456)
        }
    }

    @Test("every analyte converts between every pair of the units it accepts", arguments: Analyte.allCases)
    func allAcceptedPairsConvert(_ analyte: Analyte) {
        for from in analyte.units {
            for to in analyte.units {
                #expect(Conversion.convert(1, of: analyte, from: from, to: to) != nil, "\(analyte) \(from.rawValue) → \(to.rawValue)")
            }
        }
    }

    @Test("the canonical unit of each analyte is the SI unit the criteria compare in")
    func canonicalUnits() {
        let expected: [Analyte: LabUnit] = [
            .anc: .perNanoliter, .wbc: .perNanoliter, .platelets: .perNanoliter, .hemoglobin: .gramsPerLiter,
            .ferritin: .microgramsPerLiter, .triglycerides: .millimolesPerLiter, .fibrinogen: .gramsPerLiter,
            .ast: .unitsPerLiter, .alt: .unitsPerLiter, .ldh: .unitsPerLiter, .bilirubin: .micromolesPerLiter,
            .creatinine: .micromolesPerLiter, .scd25: .unitsPerMilliliter,
        ]
        for analyte in Analyte.allCases {
            #expect(analyte.canonicalUnit == expected[analyte], "\(analyte)")
        }
    }

    // MARK: Refused conversions

    static let refused: [Row<LabConversion, Double?>] = [
        Row("haemoglobin is not converted to mmol/L (the basis is ambiguous)",
            LabConversion(10, .hemoglobin, .gramsPerDeciliter, to: .millimolesPerLiter), nil),
        Row("haemoglobin is not converted from mmol/L",
            LabConversion(6.2, .hemoglobin, .millimolesPerLiter, to: .gramsPerLiter), nil),
        Row("AST in U/L is not converted to mg/dL", LabConversion(40, .ast, .unitsPerLiter, to: .milligramsPerDeciliter), nil),
        Row("sCD25 in U/mL has no other unit", LabConversion(2400, .scd25, .unitsPerMilliliter, to: .unitsPerLiter), nil),
        Row("ferritin is not converted to mg/dL", LabConversion(500, .ferritin, .nanogramsPerMilliliter, to: .milligramsPerDeciliter), nil),
        Row("creatinine is not converted to mmol/L", LabConversion(1, .creatinine, .milligramsPerDeciliter, to: .millimolesPerLiter), nil),
        Row("ANC is not converted to g/L", LabConversion(0.5, .anc, .perNanoliter, to: .gramsPerLiter), nil),
        Row("triglycerides are not converted to g/L", LabConversion(3, .triglycerides, .millimolesPerLiter, to: .gramsPerLiter), nil),
        Row("a value in a unit the analyte does not accept is not converted even to the same unit",
            LabConversion(3, .fibrinogen, .millimolesPerLiter, to: .millimolesPerLiter), nil),
    ]

    @Test("conversion is refused between units an analyte does not accept", arguments: refused)
    func refusesConversion(_ row: Row<LabConversion, Double?>) {
        let c = row.input
        #expect(Conversion.convert(c.value, of: c.analyte, from: c.from, to: c.to) == nil)
        #expect(LabResult(value: c.value, unit: c.from).value(of: c.analyte, in: c.to) == nil)
    }

    // MARK: Temperature

    static let fahrenheitToCelsius: [Row<Double, Double>] = [
        Row("100.4 °F is exactly 38.0 °C, the ASTCT fever threshold", 100.4, 38.0),
        Row("32 °F is 0 °C", 32, 0),
        Row("212 °F is 100 °C", 212, 100),
        Row("-40 °F is -40 °C", -40, -40),
        Row("98.6 °F is exactly 37.0 °C", 98.6, 37.0),
        Row("101.3 °F is exactly 38.5 °C", 101.3, 38.5),
        Row("50 °F is exactly 10 °C, the lowest possible temperature", 50, 10),
        Row("122 °F is exactly 50 °C, the highest possible temperature", 122, 50),
    ]

    @Test("°F converts to °C as (°F − 32) × 5/9", arguments: fahrenheitToCelsius)
    func convertsFahrenheit(_ row: Row<Double, Double>) {
        #expect(Conversion.fahrenheitToCelsius(row.input) == row.expected)
        #expect(Temperature.fahrenheit(row.input).celsius == row.expected)
        #expect(Conversion.celsiusToFahrenheit(row.expected) == row.input, "and back")
        #expect(Temperature.celsius(row.expected).fahrenheit == row.input)
    }

    static let cutOffTemperatures: [Row<Double, Double>] = [
        Row("101.12 °F is exactly 38.4 °C, the HScore band edge, not 38.400000000000006", 101.12, 38.4),
        Row("102.92 °F is exactly 39.4 °C, the HScore band edge, not 39.400000000000006", 102.92, 39.4),
        Row("100.04 °F is exactly 37.8 °C", 100.04, 37.8),
        Row("97.88 °F is exactly 36.6 °C, not 36.599999999999994", 97.88, 36.6),
    ]

    @Test("a °F reading that lands on a °C cut-off converts exactly, both ways", arguments: cutOffTemperatures)
    func temperatureCutOffsAreExact(_ row: Row<Double, Double>) {
        #expect(Conversion.fahrenheitToCelsius(row.input) == row.expected)
        #expect(Conversion.celsiusToFahrenheit(row.expected) == row.input)
    }

    @Test("103 °F is 39.4 °C to one decimal (Dominguez case)")
    func fahrenheit103() {
        let celsius = Temperature.fahrenheit(103).celsius
        #expect(isClose(celsius, 39.4, absolute: 0.05))
        #expect(isClose(celsius, 39.444_444_444, absolute: 1e-8))
    }

    @Test("a temperature keeps its unit and reports itself in both scales")
    func temperatureScales() {
        #expect(Temperature.celsius(38.6).celsius == 38.6)
        #expect(Temperature.celsius(38.6).unit == .celsius)
        #expect(Temperature.fahrenheit(101.3).fahrenheit == 101.3)
        #expect(Temperature.fahrenheit(101.3).unit == .fahrenheit)
    }

    @Test("tidy rounds floating-point noise to nine decimals but keeps real differences")
    func tidy() {
        #expect(Conversion.tidy(38.000_000_000_000_01) == 38)
        #expect(Conversion.tidy(0.1 + 0.2) == 0.3)
        #expect(Conversion.tidy(37.999_9) == 37.999_9)
        #expect(Conversion.tidy(-1.000_000_000_000_2) == -1)
    }
}
