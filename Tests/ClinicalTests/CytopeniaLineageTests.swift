import Testing
@testable import Clinical

/// The lineage count a table gives: known (`low == high`) or a range with the inputs it waits for.
struct Lineages: Sendable, CustomStringConvertible {
    let low: Int
    let high: Int
    let missing: Set<String>

    /// A known count.
    static func known(_ count: Int) -> Lineages { Lineages(low: count, high: count, missing: []) }
    /// A range left open by the missing inputs.
    static func range(_ low: Int, _ high: Int, missing: String...) -> Lineages { Lineages(low: low, high: high, missing: Set(missing)) }

    var description: String { low == high ? "\(low)" : "\(low)...\(high) (missing \(missing.sorted().joined(separator: ", ")))" }

    func matches(_ count: LineageCount) -> Bool {
        count.low == low && count.high == high && Set(count.missing.map(\.text)) == missing && count.isKnown == (low == high)
    }
}

/// A patient aged `ageYears` (nil: unknown) with the given blood counts.
private func counts(ageYears: Double? = 54, hb: (Double, LabUnit)? = nil, platelets: (Double, LabUnit)? = nil,
                    anc: (Double, LabUnit)? = nil, wbc: (Double, LabUnit)? = nil) -> Assessment {
    var labs = Assessment.Labs()
    if let hb { labs[.hemoglobin] = LabResult(value: hb.0, unit: hb.1) }
    if let platelets { labs[.platelets] = LabResult(value: platelets.0, unit: platelets.1) }
    if let anc { labs[.anc] = LabResult(value: anc.0, unit: anc.1) }
    if let wbc { labs[.wbc] = LabResult(value: wbc.0, unit: wbc.1) }
    return assessment(patient: .init(id: "P-001", ageYears: ageYears), labs: labs)
}

/// Normal counts in SI units: Hb 130 g/L, platelets 250, ANC 4.0, WBC 7.0 × 10⁹/L.
private let normalHb = (130.0, LabUnit.gramsPerLiter)
private let normalPlatelets = (250.0, LabUnit.perNanoliter)
private let normalANC = (4.0, LabUnit.perNanoliter)
private let normalWBC = (7.0, LabUnit.perNanoliter)

/// A patient with normal counts except where given.
private func blood(ageYears: Double? = 54, hb: (Double, LabUnit) = normalHb, platelets: (Double, LabUnit) = normalPlatelets,
                   anc: (Double, LabUnit) = normalANC, wbc: (Double, LabUnit) = normalWBC) -> Assessment {
    counts(ageYears: ageYears, hb: hb, platelets: platelets, anc: anc, wbc: wbc)
}

/// Two weeks and six weeks old, in years (the infant bound is under 4 weeks = 28 days).
private let twoWeeks = 14 / 365.25
private let sixWeeks = 42 / 365.25

/// `cytopeniaLineagesHLH2004` and `cytopeniaLineagesHScore` (criteria reference §5.1, §5.2, §9.1):
/// two named derived values with different cut-offs, inclusivity and white-cell measure.
///
/// * HLH-2004 (Henter 2007): Hb < 90 g/L (< 100 g/L in infants under 4 weeks), platelets
///   < 100 × 10⁹/L, neutrophils (ANC) < 1.0 × 10⁹/L — strict.
/// * HScore (Fardet 2014): Hb ≤ 92 g/L (9.2 g/dL), leukocytes (WBC) ≤ 5.0 × 10⁹/L (5000/µL),
///   platelets ≤ 110 × 10⁹/L (110,000/µL) — inclusive, no infant rule.
///
/// Units: g/dL × 10 = g/L; 1000/µL = 1.0 × 10⁹/L (reference §7).
@Suite("Cytopenic lineages: HLH-2004 and HScore count differently")
struct CytopeniaLineageTests {
    static let hlh2004: [Row<Assessment, Lineages>] = [
        Row("normal counts: no lineage", blood(), .known(0)),
        Row("Hb 89 g/L is cytopenic (< 90)", blood(hb: (89, .gramsPerLiter)), .known(1)),
        Row("Hb 90 g/L is not (< 90 is strict)", blood(hb: (90, .gramsPerLiter)), .known(0)),
        Row("Hb 8.9 g/dL (89 g/L) is cytopenic", blood(hb: (8.9, .gramsPerDeciliter)), .known(1)),
        Row("Hb 9.0 g/dL (90 g/L) is not", blood(hb: (9.0, .gramsPerDeciliter)), .known(0)),
        Row("Hb 92 g/L counts for HScore but not for HLH-2004", blood(hb: (92, .gramsPerLiter)), .known(0)),
        Row("platelets 99 × 10⁹/L are cytopenic (< 100)", blood(platelets: (99, .perNanoliter)), .known(1)),
        Row("platelets 100 × 10⁹/L are not", blood(platelets: (100, .perNanoliter)), .known(0)),
        Row("platelets 99,000 /uL are cytopenic", blood(platelets: (99000, .perMicroliter)), .known(1)),
        Row("platelets 100,000 /uL are not", blood(platelets: (100_000, .perMicroliter)), .known(0)),
        Row("ANC 0.99 × 10⁹/L is cytopenic (< 1.0)", blood(anc: (0.99, .perNanoliter)), .known(1)),
        Row("ANC 1.0 × 10⁹/L is not", blood(anc: (1.0, .perNanoliter)), .known(0)),
        Row("ANC 990 /uL is cytopenic", blood(anc: (990, .perMicroliter)), .known(1)),
        Row("ANC 1000 /uL is not", blood(anc: (1000, .perMicroliter)), .known(0)),
        Row("WBC 2.0 × 10⁹/L with a normal ANC is not an HLH-2004 lineage", blood(wbc: (2.0, .perNanoliter)), .known(0)),
        Row("Hb 80, platelets 50 and ANC 0.5: three lineages",
            blood(hb: (80, .gramsPerLiter), platelets: (50, .perNanoliter), anc: (0.5, .perNanoliter)), .known(3)),
        Row("infant of 2 weeks, Hb 99 g/L is cytopenic (< 100 under 4 weeks)", blood(ageYears: twoWeeks, hb: (99, .gramsPerLiter)), .known(1)),
        Row("infant of 2 weeks, Hb 100 g/L is not", blood(ageYears: twoWeeks, hb: (100, .gramsPerLiter)), .known(0)),
        Row("infant of 2 weeks, Hb 9.9 g/dL is cytopenic", blood(ageYears: twoWeeks, hb: (9.9, .gramsPerDeciliter)), .known(1)),
        Row("infant of 27 days, Hb 95 g/L is cytopenic", blood(ageYears: 27 / 365.25, hb: (95, .gramsPerLiter)), .known(1)),
        Row("infant of 29 days, Hb 95 g/L is not (adult bound 90)", blood(ageYears: 29 / 365.25, hb: (95, .gramsPerLiter)), .known(0)),
        Row("infant of 6 weeks, Hb 99 g/L is not", blood(ageYears: sixWeeks, hb: (99, .gramsPerLiter)), .known(0)),
        Row("age unknown, Hb 95 g/L: cytopenic only under 4 weeks, so open",
            blood(ageYears: nil, hb: (95, .gramsPerLiter)), .range(0, 1, missing: "patient.ageYears")),
        Row("age unknown, Hb 90 g/L: open (infant bound 100)", blood(ageYears: nil, hb: (90, .gramsPerLiter)), .range(0, 1, missing: "patient.ageYears")),
        Row("age unknown, Hb 99.9 g/L: open", blood(ageYears: nil, hb: (99.9, .gramsPerLiter)), .range(0, 1, missing: "patient.ageYears")),
        Row("age unknown, Hb 89 g/L: cytopenic at any age", blood(ageYears: nil, hb: (89, .gramsPerLiter)), .known(1)),
        Row("age unknown, Hb 100 g/L: not cytopenic at any age", blood(ageYears: nil, hb: (100, .gramsPerLiter)), .known(0)),
        Row("age unknown, Hb 95 g/L and platelets 50: one or two lineages",
            blood(ageYears: nil, hb: (95, .gramsPerLiter), platelets: (50, .perNanoliter)), .range(1, 2, missing: "patient.ageYears")),
        Row("no counts at all: 0 to 3", counts(), .range(0, 3, missing: "labs.hemoglobin", "labs.platelets", "labs.anc")),
        Row("no counts and age unknown: Hb is named, not age", counts(ageYears: nil),
            .range(0, 3, missing: "labs.hemoglobin", "labs.platelets", "labs.anc")),
        Row("Hb 80 g/L only: 1 to 3", counts(hb: (80, .gramsPerLiter)), .range(1, 3, missing: "labs.platelets", "labs.anc")),
        Row("Hb 130 and platelets 250, ANC not measured: 0 or 1", counts(hb: normalHb, platelets: normalPlatelets),
            .range(0, 1, missing: "labs.anc")),
        Row("ANC and platelets low, Hb not measured: 2 or 3",
            counts(platelets: (50, .perNanoliter), anc: (0.5, .perNanoliter)), .range(2, 3, missing: "labs.hemoglobin")),
        Row("WBC is not read: only WBC measured leaves all three open", counts(wbc: (2.0, .perNanoliter)),
            .range(0, 3, missing: "labs.hemoglobin", "labs.platelets", "labs.anc")),
    ]

    @Test("HLH-2004: Hb < 90 g/L (< 100 under 4 weeks), platelets < 100, ANC < 1.0 × 10⁹/L", arguments: hlh2004)
    func hlh2004Lineages(_ row: Row<Assessment, Lineages>) {
        let count = row.input.cytopeniaLineagesHLH2004
        #expect(row.expected.matches(count), "\(row.sentence): expected \(row.expected), got \(count.low)...\(count.high) \(count.missing)")
    }

    static let hscore: [Row<Assessment, Lineages>] = [
        Row("normal counts: no lineage", blood(), .known(0)),
        Row("Hb 92 g/L is cytopenic (≤ 92)", blood(hb: (92, .gramsPerLiter)), .known(1)),
        Row("Hb 93 g/L is not", blood(hb: (93, .gramsPerLiter)), .known(0)),
        Row("Hb 9.2 g/dL (92 g/L) is cytopenic", blood(hb: (9.2, .gramsPerDeciliter)), .known(1)),
        Row("Hb 9.3 g/dL (93 g/L) is not", blood(hb: (9.3, .gramsPerDeciliter)), .known(0)),
        Row("WBC 5.0 × 10⁹/L is cytopenic (≤ 5.0)", blood(wbc: (5.0, .perNanoliter)), .known(1)),
        Row("WBC 5.1 × 10⁹/L is not", blood(wbc: (5.1, .perNanoliter)), .known(0)),
        Row("WBC 5000 /uL is cytopenic", blood(wbc: (5000, .perMicroliter)), .known(1)),
        Row("WBC 5100 /uL is not", blood(wbc: (5100, .perMicroliter)), .known(0)),
        Row("platelets 110 × 10⁹/L are cytopenic (≤ 110)", blood(platelets: (110, .perNanoliter)), .known(1)),
        Row("platelets 111 × 10⁹/L are not", blood(platelets: (111, .perNanoliter)), .known(0)),
        Row("platelets 110,000 /uL are cytopenic", blood(platelets: (110_000, .perMicroliter)), .known(1)),
        Row("platelets 111,000 /uL are not", blood(platelets: (111_000, .perMicroliter)), .known(0)),
        Row("ANC 0.5 × 10⁹/L with a normal WBC is not an HScore lineage", blood(anc: (0.5, .perNanoliter)), .known(0)),
        Row("Hb 92, WBC 5.0 and platelets 110: three lineages",
            blood(hb: (92, .gramsPerLiter), platelets: (110, .perNanoliter), wbc: (5.0, .perNanoliter)), .known(3)),
        Row("infant of 2 weeks, Hb 95 g/L: no infant bound in HScore", blood(ageYears: twoWeeks, hb: (95, .gramsPerLiter)), .known(0)),
        Row("age unknown, Hb 95 g/L: known, HScore does not read age", blood(ageYears: nil, hb: (95, .gramsPerLiter)), .known(0)),
        Row("no counts at all: 0 to 3", counts(), .range(0, 3, missing: "labs.hemoglobin", "labs.wbc", "labs.platelets")),
        Row("Hb 80 g/L only: 1 to 3", counts(hb: (80, .gramsPerLiter)), .range(1, 3, missing: "labs.wbc", "labs.platelets")),
        Row("Hb and platelets normal, WBC not measured: 0 or 1", counts(hb: normalHb, platelets: normalPlatelets), .range(0, 1, missing: "labs.wbc")),
        Row("ANC is not read: only ANC measured leaves all three open", counts(anc: (0.5, .perNanoliter)),
            .range(0, 3, missing: "labs.hemoglobin", "labs.wbc", "labs.platelets")),
    ]

    @Test("HScore: Hb ≤ 92 g/L, WBC ≤ 5.0 × 10⁹/L, platelets ≤ 110 × 10⁹/L", arguments: hscore)
    func hscoreLineages(_ row: Row<Assessment, Lineages>) {
        let count = row.input.cytopeniaLineagesHScore
        #expect(row.expected.matches(count), "\(row.sentence): expected \(row.expected), got \(count.low)...\(count.high) \(count.missing)")
    }

    /// The same patient counted by both instruments: the bounds differ on both sides.
    static let contrasts: [Row<Assessment, (hlh2004: Int, hscore: Int)>] = [
        Row("Hb 91, platelets 105, WBC 4.0, ANC 1.5: 0 for HLH-2004, 3 for HScore",
            blood(hb: (91, .gramsPerLiter), platelets: (105, .perNanoliter), anc: (1.5, .perNanoliter), wbc: (4.0, .perNanoliter)), (0, 3)),
        Row("Hb 130, platelets 250, WBC 6.0, ANC 0.8: 1 for HLH-2004 (ANC), 0 for HScore",
            blood(anc: (0.8, .perNanoliter), wbc: (6.0, .perNanoliter)), (1, 0)),
        Row("Hb 89, platelets 99, WBC 3.0, ANC 0.5: 3 for both",
            blood(hb: (89, .gramsPerLiter), platelets: (99, .perNanoliter), anc: (0.5, .perNanoliter), wbc: (3.0, .perNanoliter)), (3, 3)),
        Row("infant of 2 weeks, Hb 96 g/L, platelets 112: 1 for HLH-2004 (infant Hb), 0 for HScore",
            blood(ageYears: twoWeeks, hb: (96, .gramsPerLiter), platelets: (112, .perNanoliter)), (1, 0)),
    ]

    @Test("HLH-2004 and HScore count the same patient differently", arguments: contrasts)
    func contrast(_ row: Row<Assessment, (hlh2004: Int, hscore: Int)>) {
        let hlh = row.input.cytopeniaLineagesHLH2004, hs = row.input.cytopeniaLineagesHScore
        #expect(hlh.isKnown && hlh.low == row.expected.hlh2004, "\(row.sentence): HLH-2004 \(hlh.low)...\(hlh.high)")
        #expect(hs.isKnown && hs.low == row.expected.hscore, "\(row.sentence): HScore \(hs.low)...\(hs.high)")
    }

    @Test("A known count waits for nothing; a range always names what it waits for")
    func missingOnlyWhenOpen() {
        for row in Self.hlh2004 + Self.hscore {
            for count in [row.input.cytopeniaLineagesHLH2004, row.input.cytopeniaLineagesHScore] {
                #expect(count.isKnown == count.missing.isEmpty, "\(row.sentence): \(count.low)...\(count.high) \(count.missing)")
                #expect(0 <= count.low && count.low <= count.high && count.high <= 3, "\(row.sentence)")
            }
        }
    }
}
