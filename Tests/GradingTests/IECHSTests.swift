import Clinical
import Grading
import Testing
import TestSupport

/// ASTCT IEC-HS supporting features (`iec-hs-2023`).
///
/// Source: Hines MR et al., Transplant Cell Ther 2023;29(7):438.e1–438.e16 (PMID 36906275). Only
/// the term and the abstract-level definition are CONFIRMED; the feature table and the grading
/// table were not readable (criteria gaps, gap 1). The file therefore lists the recalled features
/// as a features-only criteria set — no `met`, no grade — each under an interpretation naming it
/// as recalled: ferritin > 2 × ULN or > 2 × baseline; AST or ALT CTCAE grade ≥ 3 (> 5 × ULN, or
/// > 5 × an abnormal baseline); fibrinogen < 150 mg/dL (1.5 g/L) or below LLN; haemophagocytosis
/// in marrow or other tissue. Cytopenias ("new onset, worsening or refractory") need the course
/// over time and are not assessed.
@Suite("ASTCT IEC-HS supporting features (Hines 2023; recalled thresholds)")
struct IECHSTests {
    static let criteria = "iec-hs-2023"

    /// Every feature input stated and normal: ferritin 200 ng/mL (ULN 300, baseline 200), AST and
    /// ALT 20 U/L (ULN 40), fibrinogen 3.0 g/L (LLN 2.0), no haemophagocytosis.
    static let well = Bedside.hlh()

    @Test("A patient with every feature input normal shows no feature")
    func noFeature() throws {
        let outcome = try Fixtures.criteriaSet(Self.criteria, Self.well)
        #expect(!outcome.decides, "IEC-HS lists features; it does not decide met")
        #expect(outcome.met == nil)
        #expect(outcome.count == 0 && outcome.of == 4, "\(outcome.summary)")
        #expect(outcome.criteriaNotMet == ["hyperferritinemia", "transaminitis", "hypofibrinogenemia", "hemophagocytosis"], "\(outcome.summary)")
        #expect(outcome.missing.isEmpty && outcome.interpretations.isEmpty, "\(outcome.summary)")
    }

    @Test("Hyperferritinaemia: ferritin > 2 × ULN or > 2 × baseline (recalled)", arguments: [
        CriterionCase("ferritin 601 ng/mL (> 2 × ULN 300), baseline 300",
                      well.lab(.ferritin, 601, .nanogramsPerMilliliter, uln: 300, baseline: 300), "hyperferritinemia", .met,
                      interpretations: ["recalled-ferritin"]),
        CriterionCase("ferritin 600 ng/mL (2 × ULN 300 and 2 × baseline 300)",
                      well.lab(.ferritin, 600, .nanogramsPerMilliliter, uln: 300, baseline: 300), "hyperferritinemia", .notMet),
        CriterionCase("ferritin 500 ng/mL (1.7 × ULN 300, 2.5 × baseline 200)",
                      well.lab(.ferritin, 500, .nanogramsPerMilliliter, uln: 300, baseline: 200), "hyperferritinemia", .met),
        CriterionCase("ferritin 601 ug/L (> 2 × ULN 300 ug/L)", well.lab(.ferritin, 601, .microgramsPerLiter, uln: 300, baseline: 300),
                      "hyperferritinemia", .met),
        CriterionCase("ferritin 600 ng/mL (2 × ULN), no baseline", well.lab(.ferritin, 600, .nanogramsPerMilliliter, uln: 300),
                      "hyperferritinemia", .unknown, missing: ["labs.ferritin.baseline"]),
        CriterionCase("ferritin 12,000 ng/mL (40 × ULN), no baseline", well.lab(.ferritin, 12000, .nanogramsPerMilliliter, uln: 300),
                      "hyperferritinemia", .met),
        CriterionCase("ferritin 12,000 ng/mL, no ULN and no baseline", well.lab(.ferritin, 12000, .nanogramsPerMilliliter),
                      "hyperferritinemia", .unknown, missing: ["labs.ferritin.baseline", "labs.ferritin.uln"]),
        CriterionCase("ferritin not measured", well.labRemoved(.ferritin), "hyperferritinemia", .unknown, missing: ["labs.ferritin"]),
    ])
    func hyperferritinemia(_ row: CriterionCase) throws { try row.check(Self.criteria) }

    @Test("Transaminitis: AST or ALT CTCAE grade ≥ 3 (recalled)", arguments: [
        CriterionCase("AST 201 U/L (> 5 × ULN 40), normal baseline", well.lab(.ast, 201, .unitsPerLiter, uln: 40, baseline: 20), "transaminitis", .met,
                      interpretations: ["recalled-transaminases"]),
        CriterionCase("AST 200 U/L (5 × ULN 40), normal baseline", well.lab(.ast, 200, .unitsPerLiter, uln: 40, baseline: 20), "transaminitis", .notMet),
        CriterionCase("ALT 201 U/L (> 5 × ULN 40), normal baseline", well.lab(.alt, 201, .unitsPerLiter, uln: 40, baseline: 20), "transaminitis", .met),
        CriterionCase("ALT 301 U/L (> 5 × abnormal baseline 60)", well.lab(.alt, 301, .unitsPerLiter, uln: 40, baseline: 60), "transaminitis", .met),
        CriterionCase("ALT 300 U/L (5 × abnormal baseline 60)", well.lab(.alt, 300, .unitsPerLiter, uln: 40, baseline: 60), "transaminitis", .notMet),
        CriterionCase("bilirubin grade 3 is not transaminitis", well.lab(.bilirubin, 100, .micromolesPerLiter, uln: 20, baseline: 10),
                      "transaminitis", .notMet),
        CriterionCase("AST not measured, ALT normal", well.labRemoved(.ast), "transaminitis", .unknown, missing: ["labs.ast"]),
    ])
    func transaminitis(_ row: CriterionCase) throws { try row.check(Self.criteria) }

    @Test("Hypofibrinogenaemia: fibrinogen < 150 mg/dL (1.5 g/L) or below LLN (recalled)", arguments: [
        CriterionCase("fibrinogen 1.49 g/L, LLN 1.0", well.lab(.fibrinogen, 1.49, .gramsPerLiter, lln: 1.0), "hypofibrinogenemia", .met,
                      interpretations: ["recalled-fibrinogen"]),
        CriterionCase("fibrinogen 1.5 g/L, LLN 1.5", well.lab(.fibrinogen, 1.5, .gramsPerLiter, lln: 1.5), "hypofibrinogenemia", .notMet),
        CriterionCase("fibrinogen 149 mg/dL, LLN 100 mg/dL", well.lab(.fibrinogen, 149, .milligramsPerDeciliter, lln: 100), "hypofibrinogenemia", .met),
        CriterionCase("fibrinogen 150 mg/dL, LLN 150 mg/dL", well.lab(.fibrinogen, 150, .milligramsPerDeciliter, lln: 150), "hypofibrinogenemia",
                      .notMet),
        CriterionCase("fibrinogen 1.8 g/L below LLN 2.0", well.lab(.fibrinogen, 1.8, .gramsPerLiter, lln: 2.0), "hypofibrinogenemia", .met),
        CriterionCase("fibrinogen 1.8 g/L with no LLN", well.lab(.fibrinogen, 1.8, .gramsPerLiter), "hypofibrinogenemia", .unknown,
                      missing: ["labs.fibrinogen.lln"]),
        CriterionCase("fibrinogen 1.2 g/L with no LLN", well.lab(.fibrinogen, 1.2, .gramsPerLiter), "hypofibrinogenemia", .met),
        CriterionCase("fibrinogen not measured", well.labRemoved(.fibrinogen), "hypofibrinogenemia", .unknown, missing: ["labs.fibrinogen"]),
    ])
    func hypofibrinogenemia(_ row: CriterionCase) throws { try row.check(Self.criteria) }

    @Test("Haemophagocytosis in bone marrow or other tissue (recalled)", arguments:
        Hemophagocytosis.allCases.map { site in
            CriterionCase("haemophagocytosis: \(site.rawValue)", well.hemophagocytosis(site), "hemophagocytosis", site == .absent ? .notMet : .met,
                          interpretations: site == .absent ? [] : ["recalled-hemophagocytosis"])
        } + [CriterionCase("no specimen examined", well.hemophagocytosis(nil), "hemophagocytosis", .unknown, missing: ["findings.hemophagocytosis"])])
    func hemophagocytosis(_ row: CriterionCase) throws { try row.check(Self.criteria) }

    @Test("Every feature present: count 4 of 4, each recalled interpretation listed")
    func allFeatures() throws {
        let patient = Self.well.lab(.ferritin, 12000, .nanogramsPerMilliliter, uln: 300, baseline: 200)
            .lab(.ast, 400, .unitsPerLiter, uln: 40, baseline: 20).lab(.fibrinogen, 1.0, .gramsPerLiter, lln: 2.0).hemophagocytosis(.boneMarrow)
        let outcome = try Fixtures.criteriaSet(Self.criteria, patient)
        #expect(outcome.count == 4 && outcome.of == 4, "\(outcome.summary)")
        #expect(outcome.met == nil && !outcome.decides)
        #expect(Set(outcome.interpretations) == ["recalled-ferritin", "recalled-transaminases", "recalled-fibrinogen", "recalled-hemophagocytosis"],
                "\(outcome.summary)")
    }

    // MARK: Output

    @Test("The result prints features only: count and of, never met or a grade")
    func json() throws {
        let patient = Self.well.lab(.ferritin, 12000, .nanogramsPerMilliliter, uln: 300, baseline: 200).labRemoved(.fibrinogen)
        let json = try Fixtures.result(Self.criteria, patient).json
        #expect(json["met"] == nil, "IEC-HS must not print met: \(json)")
        #expect(json["grade"] == nil && json["score"] == nil)
        #expect(json["count"] == .number(1))
        #expect(json["of"] == .number(4))
        #expect(json["criteriaMet"] == .array([.string("hyperferritinemia")]))
        #expect(json["criteriaNotMet"] == .array([.string("transaminitis"), .string("hemophagocytosis")]))
        #expect(json["criteriaUnknown"] == .array([.string("hypofibrinogenemia")]))
        #expect(json["missing"] == .array([.string("labs.fibrinogen")]))
        #expect(json["interpretations"] == .array([.string("recalled-ferritin")]))

        let nothing = try Fixtures.result(Self.criteria, Self.well).json
        #expect(nothing["met"] == nil)
        #expect(nothing["missing"] == nil, "nothing missing prints no missing list: \(nothing)")
    }

    @Test("The file declares that it is not a diagnosis and lists every recalled threshold as an interpretation")
    func interpretations() throws {
        let file = try #require(try Fixtures.bundled().file(Self.criteria))
        #expect(Set(file.interpretations.map(\.id)) == ["not-a-diagnosis", "recalled-ferritin", "recalled-transaminases", "recalled-fibrinogen",
                                                        "recalled-hemophagocytosis", "cytopenias-not-assessed"])
        #expect(file.uses == ["ctcae-5-labs"])
        let text = file.interpretations.first { $0.id == "not-a-diagnosis" }?.text ?? ""
        #expect(text.contains("no \"met\""), "\(text)")
    }
}
