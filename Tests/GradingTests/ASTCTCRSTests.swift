import Clinical
import Grading
import Testing
import TestSupport

/// ASTCT 2019 consensus grading of CRS (`astct-2019-crs`).
///
/// Source: Lee DW et al., Biol Blood Marrow Transplant 2019;25:625–638, CRS table as reproduced in
/// PMC8021214 Table 1 (with footnotes) and PMC9327779 Table 2; grade 5 per the EBMT registry
/// guidance (criteria reference §2.1, §8.1). Every expectation below is read from that table:
///
/// | Grade | Fever     | Hypotension                          | Hypoxia                                          |
/// |-------|-----------|--------------------------------------|--------------------------------------------------|
/// | 1     | ≥ 38 °C   | none                                 | none                                             |
/// | 2     | ≥ 38 °C   | no vasopressor                       | low-flow nasal cannula (≤ 6 L/min) or blow-by    |
/// | 3     | ≥ 38 °C   | one vasopressor ± vasopressin        | high-flow cannula (> 6 L/min), facemask, NRB, Venturi |
/// | 4     | ≥ 38 °C   | multiple vasopressors (not vasopressin) | CPAP, BiPAP, intubation + mechanical ventilation |
/// | 5     | death due to CRS, no other principal cause |
@Suite("ASTCT 2019 CRS (Lee 2019; PMC8021214 Table 1)")
struct ASTCTCRSTests {
    static let criteria = "astct-2019-crs"

    /// Afebrile, normotensive, on room air, untreated: every input stated, nothing abnormal.
    static let well = Bedside.crs()
    /// Febrile (38.6 °C), otherwise as `well`.
    static let febrile = Bedside.crs().temperature(celsius: 38.6)

    @Test("Fever threshold 38.0 °C (100.4 °F), both sides", arguments: [
        GradingCase("afebrile at 37.9 °C, normotensive on room air", well.temperature(celsius: 37.9), grade(0)),
        GradingCase("febrile at 38.0 °C, normotensive on room air", well.temperature(celsius: 38.0), grade(1)),
        GradingCase("febrile at 40.5 °C, normotensive on room air", well.temperature(celsius: 40.5), grade(1)),
        GradingCase("afebrile at 100.3 °F, normotensive on room air", well.temperature(fahrenheit: 100.3), grade(0)),
        GradingCase("febrile at 100.4 °F, normotensive on room air", well.temperature(fahrenheit: 100.4), grade(1)),
        GradingCase("afebrile at 37.0 °C, normotensive on room air", well, grade(0)),
    ])
    func fever(_ row: GradingCase) throws { try row.check(Self.criteria) }

    @Test("Hypoxia: the oxygen support a febrile patient needs", arguments: [
        GradingCase("febrile on room air", febrile.onOxygen(.roomAir), grade(1)),
        GradingCase("febrile on blow-by oxygen", febrile.onOxygen(.blowBy), grade(2)),
        GradingCase("febrile on nasal cannula at 2 L/min", febrile.onOxygen(.nasalCannula, flow: 2), grade(2)),
        GradingCase("febrile on nasal cannula at 6 L/min (low flow)", febrile.onOxygen(.nasalCannula, flow: 6), grade(2)),
        GradingCase("febrile on nasal cannula at 6.1 L/min (above 6 is high flow)", febrile.onOxygen(.nasalCannula, flow: 6.1), grade(3)),
        GradingCase("febrile on nasal cannula at 7 L/min (high flow)", febrile.onOxygen(.nasalCannula, flow: 7), grade(3)),
        GradingCase("febrile on high-flow nasal cannula", febrile.onOxygen(.highFlowNasalCannula, flow: 40, fio2: 0.5), grade(3)),
        GradingCase("febrile on a simple facemask", febrile.onOxygen(.simpleFaceMask, flow: 5), grade(3)),
        GradingCase("febrile on a non-rebreather mask", febrile.onOxygen(.nonRebreatherMask, flow: 15), grade(3)),
        GradingCase("febrile on a Venturi mask", febrile.onOxygen(.venturiMask, fio2: 0.35), grade(3)),
        GradingCase("febrile on CPAP", febrile.onOxygen(.cpap), grade(4)),
        GradingCase("febrile on BiPAP", febrile.onOxygen(.bipap), grade(4)),
        GradingCase("febrile, intubated on mechanical ventilation", febrile.onOxygen(.mechanicalVentilation, fio2: 0.6), grade(4)),
    ])
    func hypoxia(_ row: GradingCase) throws { try row.check(Self.criteria) }

    @Test("Hypotension: the vasopressors a febrile hypotensive patient needs", arguments: [
        GradingCase("febrile and hypotensive, no vasopressor", febrile.hypotensive(), grade(2)),
        GradingCase("febrile and hypotensive on norepinephrine", febrile.hypotensive().onVasopressors(.norepinephrine), grade(3)),
        GradingCase("febrile and hypotensive on phenylephrine", febrile.hypotensive().onVasopressors(.phenylephrine), grade(3)),
        GradingCase("febrile and hypotensive on norepinephrine with vasopressin (vasopressin not counted)",
                    febrile.hypotensive().onVasopressors(.norepinephrine, .vasopressin), grade(3)),
        GradingCase("febrile and hypotensive on norepinephrine and epinephrine",
                    febrile.hypotensive().onVasopressors(.norepinephrine, .epinephrine), grade(4)),
        GradingCase("febrile and hypotensive on norepinephrine, epinephrine and vasopressin",
                    febrile.hypotensive().onVasopressors(.norepinephrine, .epinephrine, .vasopressin), grade(4)),
        GradingCase("febrile and hypotensive on vasopressin alone", febrile.hypotensive().onVasopressors(.vasopressin), grade(3),
                    interpretations: ["vasopressin-alone"]),
        GradingCase("febrile and hypotensive on two lines of norepinephrine (one drug)",
                    febrile.hypotensive().onVasopressors(.norepinephrine, .norepinephrine), grade(3)),
        GradingCase("febrile, not hypotensive, norepinephrine running (vasopressor counts only with hypotension)",
                    febrile.onVasopressors(.norepinephrine), grade(1)),
    ])
    func hypotension(_ row: GradingCase) throws { try row.check(Self.criteria) }

    @Test("The worse of hypotension and hypoxia decides", arguments: [
        // Published example (PMC8021214 Table 1 footnote; criteria reference §8.1 no. 1).
        GradingCase("febrile on one vasopressor and low-flow nasal cannula (published example)",
                    febrile.hypotensive().onVasopressors(.norepinephrine).onOxygen(.nasalCannula, flow: 3), grade(3)),
        GradingCase("febrile, hypotensive without vasopressor, on a non-rebreather",
                    febrile.hypotensive().onOxygen(.nonRebreatherMask, flow: 15), grade(3)),
        GradingCase("febrile, hypotensive without vasopressor, on BiPAP", febrile.hypotensive().onOxygen(.bipap), grade(4)),
        GradingCase("febrile on two vasopressors and blow-by oxygen",
                    febrile.hypotensive().onVasopressors(.norepinephrine, .dopamine).onOxygen(.blowBy), grade(4)),
        GradingCase("febrile, hypotensive without vasopressor, on blow-by oxygen", febrile.hypotensive().onOxygen(.blowBy), grade(2)),
    ])
    func worstDomain(_ row: GradingCase) throws { try row.check(Self.criteria) }

    @Test("Fever is required, unless masked by antipyretic or anti-cytokine therapy", arguments: [
        GradingCase("afebrile and hypotensive, no tocilizumab, corticosteroids or antipyretics",
                    well.hypotensive(), grade(0)),
        GradingCase("afebrile on CPAP, untreated", well.onOxygen(.cpap), grade(0)),
        GradingCase("afebrile after tocilizumab, hypotensive without vasopressor",
                    well.treated(tocilizumab: true).hypotensive(), grade(2), interpretations: ["masking-after-antipyretics"]),
        GradingCase("afebrile after corticosteroids, hypotensive without vasopressor",
                    well.treated(corticosteroids: true).hypotensive(), grade(2), interpretations: ["masking-after-antipyretics"]),
        GradingCase("afebrile after antipyretics, hypotensive without vasopressor",
                    well.treated(antipyretics: true).hypotensive(), grade(2), interpretations: ["masking-after-antipyretics"]),
        GradingCase("afebrile and hypotensive after anakinra (anti-cytokine therapy masks fever)",
                    well.treated(anakinra: true).hypotensive(), grade(2), interpretations: ["masking-after-antipyretics"]),
        GradingCase("afebrile after tocilizumab, on norepinephrine and epinephrine",
                    well.treated(tocilizumab: true).hypotensive().onVasopressors(.norepinephrine, .epinephrine), grade(4)),
        GradingCase("afebrile after tocilizumab, on a simple facemask", well.treated(tocilizumab: true).onOxygen(.simpleFaceMask), grade(3)),
        GradingCase("afebrile after tocilizumab, normotensive on room air (grade 1 needs fever)",
                    well.treated(tocilizumab: true), grade(0)),
        GradingCase("afebrile and hypotensive, treatments not recorded",
                    well.hypotensive().treatmentsUnknown(),
                    notAssessable(missing: "treatments.anakinra", "treatments.antipyretics", "treatments.corticosteroids", "treatments.tocilizumab")),
        GradingCase("afebrile and hypotensive, no tocilizumab, corticosteroids and antipyretics not recorded",
                    well.hypotensive().treated(tocilizumab: false, corticosteroids: nil, antipyretics: nil),
                    notAssessable(missing: "treatments.antipyretics", "treatments.corticosteroids")),
        GradingCase("febrile and hypotensive, treatments not recorded (fever alone establishes CRS)",
                    febrile.hypotensive().treatmentsUnknown(), grade(2)),
    ])
    func feverAndMasking(_ row: GradingCase) throws { try row.check(Self.criteria) }

    @Test("Signs attributed to another cause are left out", arguments: [
        GradingCase("39 °C fever attributed to infection, normotensive on room air",
                    febrile.attributing(.fever), grade(0)),
        GradingCase("fever attributed to infection, hypotensive without vasopressor, untreated",
                    febrile.hypotensive().attributing(.fever), grade(0)),
        GradingCase("febrile on norepinephrine, hypotension attributed to bleeding",
                    febrile.hypotensive().onVasopressors(.norepinephrine).attributing(.hypotension), grade(1)),
        GradingCase("febrile on BiPAP, hypoxia attributed to pneumonia",
                    febrile.onOxygen(.bipap).attributing(.hypoxia), grade(1)),
        GradingCase("febrile on BiPAP and norepinephrine, hypoxia attributed to pneumonia",
                    febrile.onOxygen(.bipap).hypotensive().onVasopressors(.norepinephrine).attributing(.hypoxia), grade(3)),
        GradingCase("febrile on BiPAP, a seizure attributed elsewhere (not a CRS sign)",
                    febrile.onOxygen(.bipap).attributing(.seizure), grade(4)),
    ])
    func attribution(_ row: GradingCase) throws { try row.check(Self.criteria) }

    @Test("Grade 5 is death from CRS with no other principal cause", arguments: [
        // EBMT registry guidance, "Example 2" (criteria reference §8.1 no. 2).
        GradingCase("died of CRS (published example)", febrile.hypotensive().onVasopressors(.norepinephrine, .epinephrine).died(of: .crs), grade(5)),
        GradingCase("died of CRS, last vitals not recorded", Bedside.unknown().died(of: .crs), grade(5)),
        GradingCase("febrile, died of another principal cause", febrile.died(of: .other), grade(1)),
        GradingCase("febrile, died of ICANS", febrile.died(of: .icans), grade(1)),
        GradingCase("febrile on CPAP, died of another principal cause", febrile.onOxygen(.cpap).died(of: .other), grade(4)),
    ])
    func death(_ row: GradingCase) throws { try row.check(Self.criteria) }

    @Test("Missing inputs give no grade, never grade 0", arguments: [
        GradingCase("febrile and normotensive, oxygen support not recorded",
                    febrile.oxygenUnknown(), notAssessable(missing: "support.oxygen", atLeast: 1)),
        GradingCase("febrile and hypotensive on norepinephrine, oxygen support not recorded",
                    febrile.hypotensive().onVasopressors(.norepinephrine).oxygenUnknown(), notAssessable(missing: "support.oxygen", atLeast: 3)),
        GradingCase("afebrile, untreated, oxygen support not recorded (fever required)",
                    well.oxygenUnknown(), grade(0)),
        GradingCase("febrile on nasal cannula, flow not recorded",
                    febrile.onOxygen(.nasalCannula), notAssessable(missing: "support.oxygen.flowLPerMin", atLeast: 1)),
        GradingCase("febrile and hypotensive, vasopressors not recorded",
                    febrile.hypotensive().vasopressorsUnknown(), notAssessable(missing: "support.vasopressors", atLeast: 2)),
        GradingCase("febrile on room air, hypotension not recorded",
                    febrile.hypotensive(nil), notAssessable(missing: "vitals.hypotension", atLeast: 1)),
        GradingCase("temperature not recorded, hypotensive, untreated",
                    well.temperatureUnknown().hypotensive(), notAssessable(missing: "vitals.temperature")),
        GradingCase("temperature not recorded, normotensive on room air, untreated",
                    well.temperatureUnknown(), notAssessable(missing: "vitals.temperature")),
        GradingCase("nothing recorded", Bedside.unknown(),
                    notAssessable(missing: "support.oxygen", "support.vasopressors", "treatments.anakinra", "treatments.antipyretics", "treatments.corticosteroids",
                                  "treatments.tocilizumab", "vitals.hypotension", "vitals.temperature")),
    ])
    func missing(_ row: GradingCase) throws { try row.check(Self.criteria) }

    @Test("A proven grade 4 stands whatever else is missing", arguments: [
        GradingCase("febrile on norepinephrine and epinephrine, oxygen support not recorded",
                    febrile.hypotensive().onVasopressors(.norepinephrine, .epinephrine).oxygenUnknown(), grade(4)),
        GradingCase("febrile on mechanical ventilation, hypotension and vasopressors not recorded",
                    febrile.onOxygen(.mechanicalVentilation).hypotensive(nil).vasopressorsUnknown(), grade(4)),
        GradingCase("on CPAP after tocilizumab, temperature and hypotension not recorded",
                    well.temperatureUnknown().hypotensive(nil).treated(tocilizumab: true).onOxygen(.cpap), grade(4)),
    ])
    func provenFour(_ row: GradingCase) throws { try row.check(Self.criteria) }

    @Test("Reasons name the deciding line in clinical words")
    func reasons() throws {
        let outcome = try Fixtures.outcome(Self.criteria, Self.febrile.hypotensive().onVasopressors(.norepinephrine).onOxygen(.nasalCannula, flow: 3))
        #expect(outcome.grade == 3)
        #expect(outcome.reasons == ["hypotension requiring one vasopressor, with or without vasopressin"])
        let well = try Fixtures.outcome(Self.criteria, Self.well)
        #expect(well.grade == 0)
        #expect(!well.reasons.isEmpty)
    }
}
