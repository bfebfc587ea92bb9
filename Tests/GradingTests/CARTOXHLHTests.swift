import Clinical
import Grading
import Testing
import TestSupport

/// CARTOX criteria for CAR-T-cell-related HLH/MAS (`cartox-2018-hlh`).
///
/// Source: Neelapu SS et al., Nat Rev Clin Oncol 2018;15:47–62. Structure CONFIRMED via the MGH
/// White Book summary (criteria reference §5.3; criteria gaps, gap 5): peak ferritin > 10,000 ng/mL
/// during the CRS phase **plus any two of** grade ≥ 3 organ toxicity of liver, kidney or lung, or
/// haemophagocytosis in bone marrow or organs. The four-item list is the recalled one the file
/// encodes as interpretation `organ-list`: (1) bilirubin, AST or ALT grade ≥ 3; (2) creatinine,
/// urine output decreased or AKI grade ≥ 3; (3) pulmonary oedema grade ≥ 3; (4) haemophagocytosis.
/// Lab grades are CTCAE v5.0 (`ctcae-5-labs`, criteria reference §3.2): ALT/AST grade 3 is
/// > 5.0 × ULN (normal baseline) or > 5.0 × baseline (abnormal baseline); bilirubin > 3.0 × ULN;
/// creatinine > 3.0 × ULN or > 3.0 × baseline.
@Suite("CARTOX carHLH (Neelapu 2018)")
struct CARTOXHLHTests {
    static let criteria = "cartox-2018-hlh"

    /// Every input stated and normal: ferritin 200 ng/mL, no organ toxicity, no haemophagocytosis.
    static let well = Bedside.hlh()
    /// Ferritin 12,000 ng/mL, organs normal.
    static let hyperferritinemic = well.lab(.ferritin, 12000, .nanogramsPerMilliliter)

    /// The organ items, each turned on by one finding: ALT 300 U/L (7.5 × ULN 40, normal baseline);
    /// urine output decreased grade 3; pulmonary oedema grade 3; marrow haemophagocytosis.
    static let organs: [(id: String, on: @Sendable (Assessment) -> Assessment)] = [
        ("liver", { $0.lab(.alt, 300, .unitsPerLiter, uln: 40, baseline: 20) }),
        ("kidney", { $0.organToxicity(.urineOutputDecreased, grade: 3) }),
        ("lung", { $0.organToxicity(.pulmonaryEdema, grade: 3) }),
        ("hemophagocytosis", { $0.hemophagocytosis(.boneMarrow) }),
    ]

    /// `assessment` with the first `count` organ items other than `except` turned on.
    static func withOrgans(_ count: Int, _ assessment: Assessment, except: String? = nil) -> Assessment {
        organs.filter { $0.id != except }.prefix(count).reduce(assessment) { $1.on($0) }
    }

    /// `assessment` primed so that criterion `id` alone decides the set: ferritin 12,000 ng/mL
    /// (unless `id` is ferritin) and one organ item other than `id` (two when `id` is ferritin).
    static func primed(_ assessment: Assessment, except id: String) -> Assessment {
        let withFerritin = id == "ferritin" ? assessment : assessment.lab(.ferritin, 12000, .nanogramsPerMilliliter)
        return withOrgans(id == "ferritin" ? 2 : 1, withFerritin, except: id)
    }

    // MARK: Ferritin and the count

    @Test("Ferritin > 10,000 ng/mL (strict) plus any two organ items", arguments: [
        SetCase("ferritin 10,000 ng/mL with liver and kidney", withOrgans(2, well.lab(.ferritin, 10000, .nanogramsPerMilliliter)),
                met: false, count: 2),
        SetCase("ferritin 10,001 ng/mL with liver and kidney", withOrgans(2, well.lab(.ferritin, 10001, .nanogramsPerMilliliter)),
                met: true, count: 2),
        SetCase("ferritin 10,000 ug/L with liver and kidney", withOrgans(2, well.lab(.ferritin, 10000, .microgramsPerLiter)),
                met: false, count: 2),
        SetCase("ferritin 10,001 ug/L with liver and kidney", withOrgans(2, well.lab(.ferritin, 10001, .microgramsPerLiter)),
                met: true, count: 2),
        SetCase("ferritin 12,000 with no organ item", hyperferritinemic, met: false, count: 0),
        SetCase("ferritin 12,000 with liver only (1 organ item)", withOrgans(1, hyperferritinemic), met: false, count: 1),
        SetCase("ferritin 12,000 with liver and kidney (2 organ items)", withOrgans(2, hyperferritinemic), met: true, count: 2),
        SetCase("ferritin 12,000 with all four organ items", withOrgans(4, hyperferritinemic), met: true, count: 4),
        SetCase("ferritin 200 with all four organ items", withOrgans(4, well), met: false, count: 4),
        SetCase("ferritin 10,000 with all four organ items", withOrgans(4, well.lab(.ferritin, 10000, .nanogramsPerMilliliter)),
                met: false, count: 4),
    ])
    func count(_ row: SetCase) throws { try row.check(Self.criteria, of: 4) }

    /// Unknown organ data leave `met` open only when they could still change it: ferritin ≤ 10,000
    /// settles "not met" whatever the organs show; two organ items settle the count; fewer than two
    /// possible settle "not met".
    @Test("Unknown organ data matter only when they could still decide", arguments: [
        SetCase("ferritin 5000, no organ data at all", Bedside.unknown().lab(.ferritin, 5000, .nanogramsPerMilliliter), met: false, count: 0),
        SetCase("ferritin 10,000, no organ data at all", Bedside.unknown().lab(.ferritin, 10000, .nanogramsPerMilliliter), met: false, count: 0),
        SetCase("ferritin 12,000, liver and lung, kidney and haemophagocytosis unknown",
                hyperferritinemic.lab(.alt, 300, .unitsPerLiter, uln: 40, baseline: 20).organToxicity(.pulmonaryEdema, grade: 3)
                    .labRemoved(.creatinine).organToxicity(.urineOutputDecreased, grade: nil).hemophagocytosis(nil),
                met: true, count: 2),
        SetCase("ferritin 12,000, lung only, haemophagocytosis unknown", hyperferritinemic.organToxicity(.pulmonaryEdema, grade: 3).hemophagocytosis(nil),
                met: nil, count: 1, missing: ["findings.hemophagocytosis"]),
        SetCase("ferritin 12,000, no organ item, haemophagocytosis unknown (at most 1)", hyperferritinemic.hemophagocytosis(nil),
                met: false, count: 0),
        SetCase("ferritin 12,000, lung only, pulmonary oedema known, the other three unknown",
                Bedside.unknown().lab(.ferritin, 12000, .nanogramsPerMilliliter).organToxicity(.pulmonaryEdema, grade: 3),
                met: nil, count: 1,
                missing: ["findings.hemophagocytosis", "findings.organToxicity.acuteKidneyInjury", "findings.organToxicity.urineOutputDecreased",
                          "labs.alt", "labs.ast", "labs.bilirubin", "labs.creatinine"]),
        SetCase("ferritin unknown, liver and lung", withOrgans(2, well.labRemoved(.ferritin)), met: nil, count: 2, missing: ["labs.ferritin"]),
        SetCase("ferritin unknown, one organ item, the others stated absent", withOrgans(1, well.labRemoved(.ferritin)), met: false, count: 1),
        SetCase("nothing recorded", Bedside.unknown(), met: nil, count: 0,
                missing: ["findings.hemophagocytosis", "findings.organToxicity.acuteKidneyInjury", "findings.organToxicity.pulmonaryEdema",
                          "findings.organToxicity.urineOutputDecreased", "labs.alt", "labs.ast", "labs.bilirubin", "labs.creatinine", "labs.ferritin"]),
    ])
    func unknownOrgans(_ row: SetCase) throws { try row.check(Self.criteria, of: 4) }

    @Test("The ferritin criterion at its bound", arguments: [
        CriterionCase("ferritin 10,000 ng/mL", primed(well.lab(.ferritin, 10000, .nanogramsPerMilliliter), except: "ferritin"), "ferritin", .notMet),
        CriterionCase("ferritin 10,001 ng/mL", primed(well.lab(.ferritin, 10001, .nanogramsPerMilliliter), except: "ferritin"), "ferritin", .met,
                      interpretations: ["ferritin-this-assessment"]),
        CriterionCase("ferritin not measured", primed(well.labRemoved(.ferritin), except: "ferritin"), "ferritin", .unknown,
                      missing: ["labs.ferritin"]),
    ])
    func ferritin(_ row: CriterionCase) throws { try row.check(Self.criteria) }

    // MARK: Organ items

    /// Liver: CTCAE v5.0 grade ≥ 3 of ALT, AST (> 5.0 × ULN, or > 5.0 × an abnormal baseline) or
    /// bilirubin (> 3.0 × ULN).
    @Test("Liver: bilirubin, AST or ALT grade ≥ 3 (CTCAE v5.0)", arguments: [
        CriterionCase("ALT 200 U/L (5.0 × ULN 40), normal baseline", well.lab(.alt, 200, .unitsPerLiter, uln: 40, baseline: 20), "liver", .notMet),
        CriterionCase("ALT 201 U/L (> 5.0 × ULN 40), normal baseline", well.lab(.alt, 201, .unitsPerLiter, uln: 40, baseline: 20), "liver", .met,
                      interpretations: ["organ-list"]),
        CriterionCase("AST 200 U/L (5.0 × ULN 40), normal baseline", well.lab(.ast, 200, .unitsPerLiter, uln: 40, baseline: 20), "liver", .notMet),
        CriterionCase("AST 201 U/L (> 5.0 × ULN 40), normal baseline", well.lab(.ast, 201, .unitsPerLiter, uln: 40, baseline: 20), "liver", .met),
        CriterionCase("ALT 300 U/L (5.0 × abnormal baseline 60)", well.lab(.alt, 300, .unitsPerLiter, uln: 40, baseline: 60), "liver", .notMet),
        CriterionCase("ALT 301 U/L (> 5.0 × abnormal baseline 60)", well.lab(.alt, 301, .unitsPerLiter, uln: 40, baseline: 60), "liver", .met),
        CriterionCase("bilirubin 60 umol/L (3.0 × ULN 20)", well.lab(.bilirubin, 60, .micromolesPerLiter, uln: 20, baseline: 10), "liver", .notMet),
        CriterionCase("bilirubin 61 umol/L (> 3.0 × ULN 20)", well.lab(.bilirubin, 61, .micromolesPerLiter, uln: 20, baseline: 10), "liver", .met),
        CriterionCase("bilirubin 3.1 mg/dL (> 3.0 × ULN 1.0 mg/dL)", well.lab(.bilirubin, 3.1, .milligramsPerDeciliter, uln: 1.0, baseline: 0.5),
                      "liver", .met),
        CriterionCase("ALT 300 U/L above ULN with no baseline", primed(well.lab(.alt, 300, .unitsPerLiter, uln: 40), except: "liver"), "liver",
                      .unknown, missing: ["labs.alt.baseline"]),
        CriterionCase("ALT 300 U/L with no ULN", primed(well.lab(.alt, 300, .unitsPerLiter, baseline: 20), except: "liver"), "liver",
                      .unknown, missing: ["labs.alt.uln"]),
        CriterionCase("ALT not measured, AST and bilirubin normal", primed(well.labRemoved(.alt), except: "liver"), "liver", .unknown,
                      missing: ["labs.alt"]),
        CriterionCase("ALT not measured but AST 300 U/L (7.5 × ULN)", well.labRemoved(.alt).lab(.ast, 300, .unitsPerLiter, uln: 40, baseline: 20),
                      "liver", .met),
    ])
    func liver(_ row: CriterionCase) throws { try row.check(Self.criteria) }

    /// Kidney: creatinine grade ≥ 3 (> 3.0 × ULN or > 3.0 × baseline), urine output decreased
    /// (oliguria) grade ≥ 3, or acute kidney injury grade ≥ 3 (clinician-assigned CTCAE grades).
    @Test("Kidney: creatinine, urine output decreased or AKI grade ≥ 3", arguments: [
        CriterionCase("creatinine 300 umol/L (3.0 × ULN 100 and baseline 100)",
                      well.lab(.creatinine, 300, .micromolesPerLiter, uln: 100, baseline: 100), "kidney", .notMet),
        CriterionCase("creatinine 301 umol/L (> 3.0 × ULN 100)",
                      well.lab(.creatinine, 301, .micromolesPerLiter, uln: 100, baseline: 100), "kidney", .met, interpretations: ["organ-list"]),
        CriterionCase("creatinine 250 umol/L (2.5 × ULN, > 3.0 × baseline 80)",
                      well.lab(.creatinine, 250, .micromolesPerLiter, uln: 100, baseline: 80), "kidney", .met),
        CriterionCase("creatinine 240 umol/L (3.0 × baseline 80)",
                      well.lab(.creatinine, 240, .micromolesPerLiter, uln: 100, baseline: 80), "kidney", .notMet),
        CriterionCase("urine output decreased grade 3 (oliguria)", well.organToxicity(.urineOutputDecreased, grade: 3), "kidney", .met),
        CriterionCase("urine output decreased grade 4 (anuria)", well.organToxicity(.urineOutputDecreased, grade: 4), "kidney", .met),
        CriterionCase("acute kidney injury grade 3", well.organToxicity(.acuteKidneyInjury, grade: 3), "kidney", .met),
        CriterionCase("acute kidney injury grade 2", well.organToxicity(.acuteKidneyInjury, grade: 2), "kidney", .notMet),
        CriterionCase("AKI grade not stated, creatinine and urine output normal",
                      primed(well.organToxicity(.acuteKidneyInjury, grade: nil), except: "kidney"), "kidney", .unknown,
                      missing: ["findings.organToxicity.acuteKidneyInjury"]),
        CriterionCase("creatinine 200 umol/L (2.0 × ULN) with no baseline",
                      primed(well.lab(.creatinine, 200, .micromolesPerLiter, uln: 100), except: "kidney"), "kidney", .unknown,
                      missing: ["labs.creatinine.baseline"]),
        CriterionCase("creatinine 350 umol/L (3.5 × ULN) with no baseline", well.lab(.creatinine, 350, .micromolesPerLiter, uln: 100), "kidney", .met),
    ])
    func kidney(_ row: CriterionCase) throws { try row.check(Self.criteria) }

    @Test("Lung: pulmonary oedema grade ≥ 3", arguments: [
        CriterionCase("pulmonary oedema grade 3", well.organToxicity(.pulmonaryEdema, grade: 3), "lung", .met, interpretations: ["organ-list"]),
        CriterionCase("pulmonary oedema grade 4", well.organToxicity(.pulmonaryEdema, grade: 4), "lung", .met),
        CriterionCase("pulmonary oedema grade 2", well.organToxicity(.pulmonaryEdema, grade: 2), "lung", .notMet),
        CriterionCase("pulmonary oedema not graded", primed(well.organToxicity(.pulmonaryEdema, grade: nil), except: "lung"), "lung", .unknown,
                      missing: ["findings.organToxicity.pulmonaryEdema"]),
    ])
    func lung(_ row: CriterionCase) throws { try row.check(Self.criteria) }

    @Test("Haemophagocytosis in bone marrow or organs", arguments: [
        CriterionCase("in bone marrow", well.hemophagocytosis(.boneMarrow), "hemophagocytosis", .met),
        CriterionCase("in spleen", well.hemophagocytosis(.spleen), "hemophagocytosis", .met),
        CriterionCase("in a lymph node", well.hemophagocytosis(.lymphNode), "hemophagocytosis", .met),
        CriterionCase("in liver", well.hemophagocytosis(.liver), "hemophagocytosis", .met),
        CriterionCase("in another organ", well.hemophagocytosis(.otherOrgan), "hemophagocytosis", .met),
        CriterionCase("none seen", well.hemophagocytosis(.absent), "hemophagocytosis", .notMet),
        CriterionCase("no specimen examined", primed(well.hemophagocytosis(nil), except: "hemophagocytosis"), "hemophagocytosis", .unknown,
                      missing: ["findings.hemophagocytosis"]),
    ])
    func hemophagocytosis(_ row: CriterionCase) throws { try row.check(Self.criteria) }

    // MARK: Output

    @Test("The result prints met, count and of = 4")
    func json() throws {
        let met = try Fixtures.result(Self.criteria, Self.withOrgans(2, Self.hyperferritinemic)).json
        #expect(met["met"] == .bool(true))
        #expect(met["count"] == .number(2))
        #expect(met["of"] == .number(4))
        #expect(met["criteriaMet"] == .array([.string("ferritin"), .string("liver"), .string("kidney")]))

        let low = try Fixtures.result(Self.criteria, Self.withOrgans(4, Self.well)).json
        #expect(low["met"] == .bool(false))
        #expect(low["count"] == .number(4))
        #expect(low["criteriaNotMet"] == .array([.string("ferritin")]))
        #expect(low["missing"] == nil)
    }

    @Test("The file uses ctcae-5-labs and records its interpretations")
    func file() throws {
        let file = try #require(try Fixtures.bundled().file(Self.criteria))
        #expect(file.uses == ["ctcae-5-labs"])
        #expect(Set(file.interpretations.map(\.id)) == ["organ-list", "ctcae-version", "ferritin-this-assessment"])
    }
}
