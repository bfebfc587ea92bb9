import Clinical
import Grading
import Testing
import TestSupport

/// CTCAE v5.0 "Cytokine release syndrome" (`ctcae-5-crs`).
///
/// Source: NCI CTCAE v5.0 (27 Nov 2017), Immune system disorders, MedDRA 10052015, read from the
/// NCI workbook (criteria gaps, gap 2); fever threshold from the v5.0 term "Fever" (38.0 °C):
///
/// | Grade | CTCAE v5.0 text                                                     |
/// |-------|---------------------------------------------------------------------|
/// | 1     | Fever with or without constitutional symptoms                      |
/// | 2     | Hypotension responding to fluids; hypoxia responding to < 40% O2    |
/// | 3     | Hypotension managed with one pressor; hypoxia requiring ≥ 40% O2    |
/// | 4     | Life-threatening consequences; urgent intervention indicated        |
/// | 5     | Death                                                               |
@Suite("CTCAE v5.0 Cytokine release syndrome (NCI CTCAE v5.0, MedDRA 10052015)")
struct CTCAECRSTests {
    static let criteria = "ctcae-5-crs"

    /// Afebrile, normotensive, room air, no life-threatening consequences.
    static let well = Bedside.crs()

    @Test("CTCAE v5.0 CRS grade cells", arguments: [
        GradingCase("afebrile, normotensive, on room air", well, grade(0)),
        GradingCase("fever 38.0 °C, normotensive, on room air", well.temperature(celsius: 38.0), grade(1)),
        GradingCase("37.9 °C, normotensive, on room air", well.temperature(celsius: 37.9), grade(0)),
        GradingCase("fever 39 °C, hypotension responding to fluids (no pressor)", well.temperature(celsius: 39).hypotensive(), grade(2)),
        GradingCase("afebrile, hypotension responding to fluids (no pressor)", well.hypotensive(), grade(2)),
        GradingCase("fever, nasal cannula at FiO2 0.39", well.temperature(celsius: 38.5).onOxygen(.nasalCannula, flow: 4, fio2: 0.39), grade(2)),
        GradingCase("fever, facemask at FiO2 0.40", well.temperature(celsius: 38.5).onOxygen(.simpleFaceMask, flow: 8, fio2: 0.40), grade(3)),
        GradingCase("fever, hypotension managed with one pressor", well.temperature(celsius: 38.5).hypotensive().onVasopressors(.norepinephrine), grade(3)),
        GradingCase("fever, hypotension managed with vasopressin", well.temperature(celsius: 38.5).hypotensive().onVasopressors(.vasopressin), grade(3)),
        GradingCase("fever, two pressors, no life-threatening consequences judged",
                    well.temperature(celsius: 38.5).hypotensive().onVasopressors(.norepinephrine, .epinephrine), grade(3)),
        GradingCase("fever with life-threatening consequences, urgent intervention indicated",
                    well.temperature(celsius: 38.5).lifeThreatening(true), grade(4)),
        GradingCase("hypotensive on two pressors, life-threatening consequences",
                    well.hypotensive().onVasopressors(.norepinephrine, .epinephrine).lifeThreatening(true), grade(4)),
        GradingCase("no fever, hypotension or oxygen need, life-threatening judged (no sign of CRS)",
                    well.lifeThreatening(true), grade(0)),
        GradingCase("no fever, hypotension or oxygen need, life-threatening not recorded (no sign of CRS)",
                    well.lifeThreatening(nil), grade(0)),
        GradingCase("fever, life-threatening consequences not recorded",
                    well.temperature(celsius: 38.5).lifeThreatening(nil), notAssessable(missing: "findings.lifeThreatening", atLeast: 1)),
        GradingCase("fever, died of CRS", well.temperature(celsius: 38.5).died(of: .crs), grade(5)),
        GradingCase("died of CRS, nothing else recorded", Bedside.unknown().died(of: .crs), grade(5)),
        GradingCase("fever, died of another cause", well.temperature(celsius: 38.5).died(of: .other), grade(1)),
    ])
    func grades(_ row: GradingCase) throws { try row.check(Self.criteria) }
}
