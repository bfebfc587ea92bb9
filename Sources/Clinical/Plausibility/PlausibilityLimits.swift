/// The plausibility ranges aegrade applies, one per input, with their basis.
///
/// Sources: MIMIC-IV's vital-sign cleaning filters (the `vitalsign` concept of MIT-LCP
/// mimic-code), the OHDSI Data Quality Dashboard's plausibility thresholds (DQD), and clinical
/// literature. Soft limits marked *proposed* await clinician sign-off; rows those sources do not
/// cover (ALT, LDH, bilirubin, cell counts, sCD25, weight, doses other than norepinephrine) are
/// aegrade's own proposals and say so in `basis`.
package enum PlausibilityLimits {
    package static let temperatureCelsius = PlausibilityLimit(hardLow: (10, true), hardHigh: (50, true), softLow: 35, softHigh: 42,
        unit: "°C", basis: "MIMIC-IV keeps 10–50 °C; hypothermia < 35 °C")
    package static let systolicBP = PlausibilityLimit(hardLow: (0, false), hardHigh: (400, false), softLow: 60, softHigh: 250,
        unit: "mmHg", basis: "MIMIC-IV 0–400; DQD 10–250")
    package static let meanArterialPressure = PlausibilityLimit(hardLow: (0, false), hardHigh: (300, false), softLow: 40, softHigh: 180,
        unit: "mmHg", basis: "MIMIC-IV 0–300")
    package static let spo2 = PlausibilityLimit(hardLow: (0, false), hardHigh: (100, true), softLow: 70,
        unit: "%", basis: "MIMIC-IV 0–100; oximetry unreliable below 70 %")
    package static let oxygenFlow = PlausibilityLimit(hardLow: (0, true), hardHigh: (80, true), softHigh: 60,
        unit: "L/min", basis: "HFNC delivers up to ~60 L/min")
    package static let fio2 = PlausibilityLimit(hardLow: (0.21, true), hardHigh: (1.0, true),
        unit: "(fraction)", basis: "physical")
    package static let ageYears = PlausibilityLimit(hardLow: (0, true), hardHigh: (120, true),
        unit: "years", basis: "human lifespan; decides ICE (12 and over) or CAPD (ASTCT 2019)")
    package static let weightKg = PlausibilityLimit(hardLow: (0.3, true), hardHigh: (400, true),
        unit: "kg", basis: "aegrade proposal: extreme prematurity to the heaviest recorded patients")
    package static let norepinephrinePerKg = PlausibilityLimit(hardLow: (0, false), hardHigh: (10, true), softHigh: 1,
        unit: "mcg/kg/min", basis: "proposed")
    package static let vasopressorDose = PlausibilityLimit(hardLow: (0, false), hardHigh: (10_000, true),
        unit: "(dose unit)", basis: "aegrade proposal: a running infusion has a dose above 0")

    /// Limits for a lab value in the analyte's canonical unit.
    package static func lab(_ analyte: Analyte) -> PlausibilityLimit {
        switch analyte {
        case .ferritin: PlausibilityLimit(hardLow: (0, false), hardHigh: (10_000_000, true), softHigh: 100_000,
            unit: "ug/L", basis: "HLH patients routinely exceed 10,000 ug/L")
        case .triglycerides: PlausibilityLimit(hardLow: (0, false), hardHigh: (150, false), softHigh: 20,
            unit: "mmol/L", basis: "HScore 1.5 / 4 mmol/L; HLH-2004 ≥ 3.0 mmol/L; DQD 1–10 mmol/L")
        case .fibrinogen: PlausibilityLimit(hardLow: (0, true), hardHigh: (15, true), softLow: 0.5, softHigh: 10,
            unit: "g/L", basis: "HScore ≤ 2.5 g/L; HLH-2004 ≤ 1.5 g/L")
        case .ast: PlausibilityLimit(hardLow: (0, true), hardHigh: (100_000, false), softHigh: 10_000,
            unit: "U/L", basis: "HScore ≥ 30 U/L; DQD flags > 2,000")
        case .alt, .ldh: PlausibilityLimit(hardLow: (0, true), hardHigh: (100_000, false), softHigh: 10_000,
            unit: "U/L", basis: "aegrade proposal, as AST")
        case .creatinine: PlausibilityLimit(hardLow: (0, false), hardHigh: (3_000, false), softHigh: 1_500,
            unit: "umol/L", basis: "DQD 10–200 umol/L is a population flag, too tight for intensive care")
        case .bilirubin: PlausibilityLimit(hardLow: (0, true), hardHigh: (1_500, false), softHigh: 500,
            unit: "umol/L", basis: "aegrade proposal")
        case .platelets: PlausibilityLimit(hardLow: (0, true), hardHigh: (2_500, true), softHigh: 1_000,
            unit: "10^9/L", basis: "DQD 100–1000 × 10^9/L")
        case .anc, .wbc: PlausibilityLimit(hardLow: (0, true), hardHigh: (1_000, true), softHigh: 200,
            unit: "10^9/L", basis: "aegrade proposal (leukaemic counts can exceed 100 × 10^9/L)")
        case .hemoglobin: PlausibilityLimit(hardLow: (10, true), hardHigh: (250, true), softLow: 40, softHigh: 200,
            unit: "g/L", basis: "HScore ≤ 92 g/L")
        case .scd25: PlausibilityLimit(hardLow: (0, false), hardHigh: (1_000_000, true), softHigh: 100_000,
            unit: "U/mL", basis: "aegrade proposal")
        }
    }
}
