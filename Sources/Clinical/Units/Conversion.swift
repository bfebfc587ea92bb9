/// Unit conversions between conventional and SI units, each named after what it converts.
///
/// Factors: the JAMA/AMA SI conversion table (Young DS, Ann Intern Med 1987;106:114–129). A converted value is
/// rounded to nine decimals so that floating-point noise (101.12 °F → 38.400000000000006 °C) never
/// decides which side of a threshold a value falls on.
package enum Conversion {
    /// °F → °C: (°F − 32) × 5/9.
    package static func fahrenheitToCelsius(_ f: Double) -> Double { tidy((f - 32) * 5 / 9) }
    /// °C → °F: °C × 9/5 + 32.
    package static func celsiusToFahrenheit(_ c: Double) -> Double { tidy(c * 9 / 5 + 32) }

    /// Bilirubin mg/dL × 17.1 = µmol/L.
    package static let bilirubinMicromolPerMilligram = 17.1
    /// Creatinine mg/dL × 88.4 = µmol/L.
    package static let creatinineMicromolPerMilligram = 88.4
    /// Triglycerides mmol/L × 88.5 = mg/dL (JAMA factor 0.0113 = 1/88.5).
    package static let triglyceridesMilligramPerMillimol = 88.5
    /// Fibrinogen mg/dL × 0.01 = g/L.
    package static let fibrinogenGramsPerMilligramPerDeciliter = 0.01
    /// Haemoglobin g/dL × 10 = g/L.
    package static let hemoglobinGramsPerLiterPerGramPerDeciliter = 10.0
    /// Cell counts: 1000 /µL = 1.0 × 10⁹/L.
    package static let cellsPerMicroliterPerNanoliter = 1000.0
    /// Ferritin ng/mL × 2.247 = pmol/L (PMC3934467 Table 1); ng/mL = µg/L.
    package static let ferritinPicomolPerNanogram = 2.247

    /// Ferritin ng/mL → pmol/L. aegrade does not accept pmol/L input; this is named for reference.
    package static func ferritinNanogramsToPicomoles(_ ngPerML: Double) -> Double { tidy(ngPerML * ferritinPicomolPerNanogram) }

    /// Converts a value of `analyte` from one accepted unit to another; nil when the analyte does not
    /// accept one of the units.
    package static func convert(_ value: Double, of analyte: Analyte, from: LabUnit, to: LabUnit) -> Double? {
        guard analyte.units.contains(from), analyte.units.contains(to) else { return nil }
        if from == to { return value }
        guard let factor = siFactor(analyte: analyte, unit: from), let back = siFactor(analyte: analyte, unit: to) else { return nil }
        return tidy(value * factor / back)
    }

    /// How many canonical (SI) units one `unit` is worth for `analyte`.
    private static func siFactor(analyte: Analyte, unit: LabUnit) -> Double? {
        if unit == analyte.canonicalUnit { return 1 }
        switch (analyte, unit) {
        case (.anc, .perMicroliter), (.wbc, .perMicroliter), (.platelets, .perMicroliter): return 1 / cellsPerMicroliterPerNanoliter
        case (.hemoglobin, .gramsPerDeciliter): return hemoglobinGramsPerLiterPerGramPerDeciliter
        case (.ferritin, .nanogramsPerMilliliter): return 1
        case (.triglycerides, .milligramsPerDeciliter): return 1 / triglyceridesMilligramPerMillimol
        case (.fibrinogen, .milligramsPerDeciliter): return fibrinogenGramsPerMilligramPerDeciliter
        case (.bilirubin, .milligramsPerDeciliter): return bilirubinMicromolPerMilligram
        case (.creatinine, .milligramsPerDeciliter): return creatinineMicromolPerMilligram
        default: return nil
        }
    }

    /// Rounds to nine decimal places.
    package static func tidy(_ value: Double) -> Double { (value * 1e9).rounded() / 1e9 }
}

extension LabResult {
    /// The value in `unit`, or nil when the analyte does not accept that unit.
    package func value(of analyte: Analyte, in target: LabUnit) -> Double? {
        Conversion.convert(value, of: analyte, from: unit, to: target)
    }
}
