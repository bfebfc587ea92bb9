import Clinical
import Grading
import Testing
import TestSupport

/// One row at a band of one HScore item: the patient differs from a zero-point patient in that
/// item only, so the item's points are the whole score.
struct PointsCase: Sendable, CustomTestStringConvertible {
    let sentence: String
    let assessment: Assessment
    let item: String
    let points: Int

    init(_ sentence: String, _ assessment: Assessment, _ item: String, _ points: Int) {
        self.sentence = sentence
        self.assessment = assessment
        self.item = item
        self.points = points
    }

    var testDescription: String { "\(sentence) → \(item) \(points) points" }

    func check(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let outcome = try Fixtures.score(HScoreTests.criteria, assessment)
        let scored = outcome.points.first { $0.item == item }?.points
        #expect(scored == points, "\(sentence): \(item) expected \(points); got \(outcome.summary)", sourceLocation: sourceLocation)
        #expect(outcome.score == points, "\(sentence): score expected \(points); got \(outcome.summary)", sourceLocation: sourceLocation)
    }
}

/// A patient described by which band of each HScore item it falls in, with the points the
/// published table (Fardet 2014; criteria reference §5.2) gives that band.
struct HScorePatient: Sendable, CustomStringConvertible {
    /// The published point table, item by item, band by band.
    static let table: [(item: String, points: [Int])] = [
        ("immunosuppression", [0, 18]),
        ("temperature", [0, 33, 49]),
        ("organomegaly", [0, 23, 38]),
        ("cytopenias", [0, 24, 34]),
        ("ferritin", [0, 35, 50]),
        ("triglycerides", [0, 44, 64]),
        ("fibrinogen", [0, 30]),
        ("ast", [0, 19]),
        ("hemophagocytosis", [0, 35]),
    ]

    /// The band of each item, in the order of `table`.
    var bands: [Int]

    /// The score the published table gives.
    var expectedScore: Int { zip(Self.table, bands).map { $0.points[$1] }.reduce(0, +) }

    /// The patient: `Bedside.hlh()` (0 points) with each item moved into its band.
    var assessment: Assessment {
        var a = Bedside.hlh()
        a = a.immunosuppressed(bands[0] == 1)
        a = a.temperature(celsius: [37.0, 39.0, 40.0][bands[1]])
        a = a.hepatomegaly(bands[2] >= 1).splenomegaly(bands[2] == 2)
        switch bands[3] {
        case 1: a = a.lab(.hemoglobin, 80, .gramsPerLiter).lab(.platelets, 50, .perNanoliter)
        case 2: a = a.lab(.hemoglobin, 80, .gramsPerLiter).lab(.platelets, 50, .perNanoliter).lab(.wbc, 2.0, .perNanoliter)
        default: break
        }
        a = a.lab(.ferritin, [200, 4000, 8000][bands[4]], .nanogramsPerMilliliter)
        a = a.triglycerides([1.0, 3.0, 5.0][bands[5]], .millimolesPerLiter, fasting: true)
        a = a.lab(.fibrinogen, bands[6] == 1 ? 2.0 : 3.0, .gramsPerLiter)
        a = a.lab(.ast, bands[7] == 1 ? 100 : 20, .unitsPerLiter)
        a = a.hemophagocytosis(bands[8] == 1 ? .boneMarrow : .absent)
        return a
    }

    var description: String {
        zip(Self.table, bands).map { "\($0.item) \($0.points[$1])" }.joined(separator: ", ")
    }

    /// Every combination of bands.
    static let all: [HScorePatient] = table.reduce([[Int]]([[]])) { partial, item in
        partial.flatMap { prefix in item.points.indices.map { prefix + [$0] } }
    }.map(HScorePatient.init)

    /// The first patient whose published score is `score` (and who satisfies `condition`).
    static func reaching(_ score: Int, where condition: (HScorePatient) -> Bool = { _ in true }) -> HScorePatient? {
        all.first { $0.expectedScore == score && condition($0) }
    }
}

/// A tabulated or in-between score and the band of the published probability table.
struct ProbabilityCase: Sendable, CustomTestStringConvertible {
    let score: Int
    let low: Double
    let high: Double
    var testDescription: String { "HScore \(score) → probability \(low)...\(high)" }
}

/// HScore for reactive haemophagocytic syndrome (`hscore`).
///
/// Source: Fardet L et al., Arthritis Rheumatol 2014;66:2613–2620, point table and probability
/// table as reproduced ("copied from Fardet") in Hindawi Case Rep Rheumatol 2017:5304180 Table 3;
/// mg/dL triglyceride bounds per PMC7589537 Table 4 (criteria reference §5.2). Temperature < 38.4 /
/// 38.4–39.4 / > 39.4 °C; organomegaly none / one / both; cytopenias (Hb ≤ 92 g/L, WBC ≤ 5.0,
/// platelets ≤ 110 × 10⁹/L) 1 / 2 / 3 lineages; ferritin < 2000 / 2000–6000 / > 6000 ng/mL;
/// triglycerides < 1.5 / 1.5–4 / > 4 mmol/L; fibrinogen > 2.5 / ≤ 2.5 g/L; AST < 30 / ≥ 30;
/// immunosuppression 18; haemophagocytosis on marrow aspirate 35. Best cut-off 169.
@Suite("HScore (Fardet 2014)")
struct HScoreTests {
    static let criteria = "hscore"
    /// Every item stated and in its 0-point band.
    static let zero = Bedside.hlh()

    @Test("The zero-point patient scores 0")
    func zeroPatient() throws {
        let outcome = try Fixtures.score(Self.criteria, Self.zero)
        #expect(outcome.score == 0, "\(outcome.summary)")
        #expect(outcome.points.count == 9, "every item is known: \(outcome.summary)")
        #expect(outcome.missing.isEmpty)
    }

    // MARK: Items at their bounds

    @Test("Temperature < 38.4 °C 0; 38.4–39.4 °C 33; > 39.4 °C 49", arguments: [
        PointsCase("37.0 °C", zero.temperature(celsius: 37.0), "temperature", 0),
        PointsCase("38.3 °C", zero.temperature(celsius: 38.3), "temperature", 0),
        PointsCase("38.4 °C", zero.temperature(celsius: 38.4), "temperature", 33),
        PointsCase("39.4 °C", zero.temperature(celsius: 39.4), "temperature", 33),
        PointsCase("39.5 °C", zero.temperature(celsius: 39.5), "temperature", 49),
        PointsCase("41.0 °C", zero.temperature(celsius: 41.0), "temperature", 49),
        PointsCase("100.94 °F (38.3 °C)", zero.temperature(fahrenheit: 100.94), "temperature", 0),
        PointsCase("101.12 °F (38.4 °C)", zero.temperature(fahrenheit: 101.12), "temperature", 33),
        PointsCase("102.92 °F (39.4 °C)", zero.temperature(fahrenheit: 102.92), "temperature", 33),
        PointsCase("103.1 °F (39.5 °C)", zero.temperature(fahrenheit: 103.1), "temperature", 49),
    ])
    func temperature(_ row: PointsCase) throws { try row.check() }

    @Test("Organomegaly: none 0; hepatomegaly or splenomegaly 23; both 38", arguments: [
        PointsCase("no organomegaly", zero, "organomegaly", 0),
        PointsCase("hepatomegaly only", zero.hepatomegaly(true), "organomegaly", 23),
        PointsCase("splenomegaly only", zero.splenomegaly(true), "organomegaly", 23),
        PointsCase("hepatomegaly and splenomegaly", zero.hepatomegaly(true).splenomegaly(true), "organomegaly", 38),
    ])
    func organomegaly(_ row: PointsCase) throws { try row.check() }

    /// Hb ≤ 92 g/L (9.2 g/dL), WBC ≤ 5.0 × 10⁹/L (5000/µL), platelets ≤ 110 × 10⁹/L: inclusive,
    /// and a low ANC is not one of the HScore lineages.
    @Test("Cytopenias: 0 or 1 lineage 0; 2 lineages 24; 3 lineages 34 (HScore's own bounds)", arguments: [
        PointsCase("no cytopenia", zero, "cytopenias", 0),
        PointsCase("Hb 92 g/L alone (1 lineage)", zero.lab(.hemoglobin, 92, .gramsPerLiter), "cytopenias", 0),
        PointsCase("Hb 92 g/L and platelets 110", zero.lab(.hemoglobin, 92, .gramsPerLiter).lab(.platelets, 110, .perNanoliter), "cytopenias", 24),
        PointsCase("Hb 93 g/L and platelets 110", zero.lab(.hemoglobin, 93, .gramsPerLiter).lab(.platelets, 110, .perNanoliter), "cytopenias", 0),
        PointsCase("Hb 9.2 g/dL and platelets 110", zero.lab(.hemoglobin, 9.2, .gramsPerDeciliter).lab(.platelets, 110, .perNanoliter),
                   "cytopenias", 24),
        PointsCase("Hb 9.3 g/dL and platelets 110", zero.lab(.hemoglobin, 9.3, .gramsPerDeciliter).lab(.platelets, 110, .perNanoliter),
                   "cytopenias", 0),
        PointsCase("WBC 5.0 and platelets 110", zero.lab(.wbc, 5.0, .perNanoliter).lab(.platelets, 110, .perNanoliter), "cytopenias", 24),
        PointsCase("WBC 5.1 and platelets 110", zero.lab(.wbc, 5.1, .perNanoliter).lab(.platelets, 110, .perNanoliter), "cytopenias", 0),
        PointsCase("WBC 5000 /uL and platelets 110", zero.lab(.wbc, 5000, .perMicroliter).lab(.platelets, 110, .perNanoliter), "cytopenias", 24),
        PointsCase("WBC 5100 /uL and platelets 110", zero.lab(.wbc, 5100, .perMicroliter).lab(.platelets, 110, .perNanoliter), "cytopenias", 0),
        PointsCase("WBC 5.0 and platelets 111", zero.lab(.wbc, 5.0, .perNanoliter).lab(.platelets, 111, .perNanoliter), "cytopenias", 0),
        PointsCase("WBC 5.0 and platelets 110,000 /uL", zero.lab(.wbc, 5.0, .perNanoliter).lab(.platelets, 110_000, .perMicroliter),
                   "cytopenias", 24),
        PointsCase("WBC 5.0 and platelets 111,000 /uL", zero.lab(.wbc, 5.0, .perNanoliter).lab(.platelets, 111_000, .perMicroliter),
                   "cytopenias", 0),
        PointsCase("Hb 92, WBC 5.0 and platelets 110 (3 lineages)",
                   zero.lab(.hemoglobin, 92, .gramsPerLiter).lab(.wbc, 5.0, .perNanoliter).lab(.platelets, 110, .perNanoliter), "cytopenias", 34),
        PointsCase("ANC 0.5 and platelets 50 with WBC 7.0: the ANC lineage does not count",
                   zero.lab(.anc, 0.5, .perNanoliter).lab(.platelets, 50, .perNanoliter), "cytopenias", 0),
        PointsCase("Hb 95 and platelets 50: Hb above HScore's 92 g/L", zero.lab(.hemoglobin, 95, .gramsPerLiter).lab(.platelets, 50, .perNanoliter),
                   "cytopenias", 0),
    ])
    func cytopenias(_ row: PointsCase) throws { try row.check() }

    @Test("Ferritin < 2000 ng/mL 0; 2000–6000 35; > 6000 50", arguments: [
        PointsCase("ferritin 1999 ng/mL", zero.lab(.ferritin, 1999, .nanogramsPerMilliliter), "ferritin", 0),
        PointsCase("ferritin 2000 ng/mL", zero.lab(.ferritin, 2000, .nanogramsPerMilliliter), "ferritin", 35),
        PointsCase("ferritin 6000 ng/mL", zero.lab(.ferritin, 6000, .nanogramsPerMilliliter), "ferritin", 35),
        PointsCase("ferritin 6001 ng/mL", zero.lab(.ferritin, 6001, .nanogramsPerMilliliter), "ferritin", 50),
        PointsCase("ferritin 2000 ug/L", zero.lab(.ferritin, 2000, .microgramsPerLiter), "ferritin", 35),
        PointsCase("ferritin 6001 ug/L", zero.lab(.ferritin, 6001, .microgramsPerLiter), "ferritin", 50),
    ])
    func ferritin(_ row: PointsCase) throws { try row.check() }

    @Test("Triglycerides < 1.5 mmol/L 0; 1.5–4 44; > 4 64 (mg/dL: < 132.7; 132.7–354; > 354)", arguments: [
        PointsCase("1.49 mmol/L", zero.triglycerides(1.49, .millimolesPerLiter, fasting: true), "triglycerides", 0),
        PointsCase("1.5 mmol/L", zero.triglycerides(1.5, .millimolesPerLiter, fasting: true), "triglycerides", 44),
        PointsCase("4.0 mmol/L", zero.triglycerides(4.0, .millimolesPerLiter, fasting: true), "triglycerides", 44),
        PointsCase("4.01 mmol/L", zero.triglycerides(4.01, .millimolesPerLiter, fasting: true), "triglycerides", 64),
        PointsCase("132.6 mg/dL", zero.triglycerides(132.6, .milligramsPerDeciliter, fasting: true), "triglycerides", 0),
        PointsCase("132.7 mg/dL", zero.triglycerides(132.7, .milligramsPerDeciliter, fasting: true), "triglycerides", 44),
        PointsCase("354 mg/dL", zero.triglycerides(354, .milligramsPerDeciliter, fasting: true), "triglycerides", 44),
        PointsCase("354.1 mg/dL", zero.triglycerides(354.1, .milligramsPerDeciliter, fasting: true), "triglycerides", 64),
        PointsCase("3.0 mmol/L not fasting (HScore does not ask for fasting)",
                   zero.triglycerides(3.0, .millimolesPerLiter, fasting: false), "triglycerides", 44),
        PointsCase("3.0 mmol/L, fasting not stated", zero.triglycerides(3.0, .millimolesPerLiter, fasting: nil), "triglycerides", 44),
    ])
    func triglycerides(_ row: PointsCase) throws { try row.check() }

    @Test("Fibrinogen > 2.5 g/L 0; ≤ 2.5 g/L 30", arguments: [
        PointsCase("fibrinogen 2.5 g/L", zero.lab(.fibrinogen, 2.5, .gramsPerLiter), "fibrinogen", 30),
        PointsCase("fibrinogen 2.51 g/L", zero.lab(.fibrinogen, 2.51, .gramsPerLiter), "fibrinogen", 0),
        PointsCase("fibrinogen 250 mg/dL", zero.lab(.fibrinogen, 250, .milligramsPerDeciliter), "fibrinogen", 30),
        PointsCase("fibrinogen 251 mg/dL", zero.lab(.fibrinogen, 251, .milligramsPerDeciliter), "fibrinogen", 0),
    ])
    func fibrinogen(_ row: PointsCase) throws { try row.check() }

    @Test("AST < 30 U/L 0; ≥ 30 U/L 19", arguments: [
        PointsCase("AST 29 U/L", zero.lab(.ast, 29, .unitsPerLiter), "ast", 0),
        PointsCase("AST 30 U/L", zero.lab(.ast, 30, .unitsPerLiter), "ast", 19),
    ])
    func ast(_ row: PointsCase) throws { try row.check() }

    @Test("Known underlying immunosuppression 18", arguments: [
        PointsCase("immunosuppressed", zero.immunosuppressed(true), "immunosuppression", 18),
        PointsCase("not immunosuppressed", zero.immunosuppressed(false), "immunosuppression", 0),
    ])
    func immunosuppression(_ row: PointsCase) throws { try row.check() }

    @Test("Haemophagocytosis on bone-marrow aspirate 35; other sites 0", arguments: [
        PointsCase("haemophagocytosis in bone marrow", zero.hemophagocytosis(.boneMarrow), "hemophagocytosis", 35),
        PointsCase("haemophagocytosis in spleen", zero.hemophagocytosis(.spleen), "hemophagocytosis", 0),
        PointsCase("haemophagocytosis in a lymph node", zero.hemophagocytosis(.lymphNode), "hemophagocytosis", 0),
        PointsCase("haemophagocytosis in liver", zero.hemophagocytosis(.liver), "hemophagocytosis", 0),
        PointsCase("haemophagocytosis in another organ", zero.hemophagocytosis(.otherOrgan), "hemophagocytosis", 0),
        PointsCase("no haemophagocytosis", zero.hemophagocytosis(.absent), "hemophagocytosis", 0),
    ])
    func hemophagocytosis(_ row: PointsCase) throws { try row.check() }

    // MARK: Whole scores

    /// Criteria reference §8.6 (low authority, arithmetic checked against the confirmed table):
    /// 49 + 38 + 24 + 35 + 44 + 30 + 19 + 35 = 274, probability > 99 %.
    @Test("Worked example: 40 °C, hepato- and splenomegaly, 2 cytopenias, ferritin 4000, TG 3 mmol/L, fibrinogen 2 g/L, AST 100, marrow haemophagocytosis → 274")
    func workedExample() throws {
        let patient = Self.zero.temperature(celsius: 40).hepatomegaly(true).splenomegaly(true)
            .lab(.hemoglobin, 80, .gramsPerLiter).lab(.platelets, 50, .perNanoliter)
            .lab(.ferritin, 4000, .nanogramsPerMilliliter).triglycerides(3, .millimolesPerLiter, fasting: true)
            .lab(.fibrinogen, 2, .gramsPerLiter).lab(.ast, 100, .unitsPerLiter).hemophagocytosis(.boneMarrow).immunosuppressed(false)
        let outcome = try Fixtures.score(Self.criteria, patient)
        #expect(outcome.score == 274, "\(outcome.summary)")
        #expect(outcome.probability?.low == 0.99 && outcome.probability?.high == 1, "\(outcome.summary)")
        #expect(outcome.meetsCutoff == true)
        #expect(outcome.cutoff == 169)
        let expectedPoints: [String: Int] = ["immunosuppression": 0, "temperature": 49, "organomegaly": 38, "cytopenias": 24, "ferritin": 35,
                                             "triglycerides": 44, "fibrinogen": 30, "ast": 19, "hemophagocytosis": 35]
        #expect(Dictionary(uniqueKeysWithValues: outcome.points.map { ($0.item, $0.points) }) == expectedPoints, "\(outcome.summary)")
    }

    /// The 17 published pairs (Fardet via Hindawi Table 3): "< 1" is 0–1 %, "> 99" is 99–100 %.
    static let tabulated: [ProbabilityCase] = [
        .init(score: 90, low: 0, high: 0.01), .init(score: 100, low: 0.01, high: 0.01), .init(score: 110, low: 0.03, high: 0.03),
        .init(score: 120, low: 0.05, high: 0.05), .init(score: 130, low: 0.09, high: 0.09), .init(score: 140, low: 0.16, high: 0.16),
        .init(score: 150, low: 0.25, high: 0.25), .init(score: 160, low: 0.40, high: 0.40), .init(score: 170, low: 0.54, high: 0.54),
        .init(score: 180, low: 0.70, high: 0.70), .init(score: 190, low: 0.80, high: 0.80), .init(score: 200, low: 0.88, high: 0.88),
        .init(score: 210, low: 0.93, high: 0.93), .init(score: 220, low: 0.96, high: 0.96), .init(score: 230, low: 0.98, high: 0.98),
        .init(score: 240, low: 0.99, high: 0.99), .init(score: 250, low: 0.99, high: 1),
    ]

    /// Between two tabulated scores the two tabulated values; at or below 90 and at or above 250
    /// the end bands (grade-io.md).
    static let between: [ProbabilityCase] = [
        .init(score: 0, low: 0, high: 0.01), .init(score: 80, low: 0, high: 0.01), .init(score: 89, low: 0, high: 0.01),
        .init(score: 91, low: 0, high: 0.01), .init(score: 99, low: 0, high: 0.01), .init(score: 101, low: 0.01, high: 0.03),
        .init(score: 164, low: 0.40, high: 0.54), .init(score: 168, low: 0.40, high: 0.54), .init(score: 169, low: 0.40, high: 0.54),
        .init(score: 171, low: 0.54, high: 0.70), .init(score: 212, low: 0.93, high: 0.96), .init(score: 249, low: 0.99, high: 1),
        .init(score: 251, low: 0.99, high: 1), .init(score: 260, low: 0.99, high: 1), .init(score: 337, low: 0.99, high: 1),
    ]

    @Test("The 17 published score → probability pairs", arguments: tabulated)
    func tabulatedProbability(_ row: ProbabilityCase) throws { try Self.checkProbability(row) }

    @Test("Scores between tabulated values and beyond the ends", arguments: between)
    func inBetweenProbability(_ row: ProbabilityCase) throws { try Self.checkProbability(row) }

    static func checkProbability(_ row: ProbabilityCase, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let patient = try #require(HScorePatient.reaching(row.score), "no combination of the point table gives \(row.score)",
                                   sourceLocation: sourceLocation)
        let outcome = try Fixtures.score(criteria, patient.assessment)
        #expect(outcome.score == row.score, "\(patient): \(outcome.summary)", sourceLocation: sourceLocation)
        #expect(outcome.probability?.low == row.low && outcome.probability?.high == row.high, "\(patient): \(outcome.summary)",
                sourceLocation: sourceLocation)
    }

    @Test("Best cut-off 169: 168 does not meet it, 169 does", arguments: [(168, false), (169, true), (90, false), (250, true)])
    func cutoff(_ score: Int, _ meets: Bool) throws {
        let patient = try #require(HScorePatient.reaching(score))
        let outcome = try Fixtures.score(Self.criteria, patient.assessment)
        #expect(outcome.score == score, "\(patient): \(outcome.summary)")
        #expect(outcome.meetsCutoff == meets, "\(patient): \(outcome.summary)")
    }

    @Test("Every combination of bands scores the sum of the published points (sampled)")
    func sumOfPoints() throws {
        // Every 7th of the 3888 combinations keeps the test fast while touching every band.
        for (offset, patient) in HScorePatient.all.enumerated() where offset % 7 == 0 {
            let outcome = try Fixtures.score(Self.criteria, patient.assessment)
            #expect(outcome.score == patient.expectedScore, "\(patient): \(outcome.summary)")
        }
    }

    // MARK: Missing items

    /// One item made unknown in the zero-point patient: the range it leaves and the input named.
    struct MissingCase: Sendable, CustomTestStringConvertible {
        let sentence: String
        let assessment: Assessment
        let low: Int
        let high: Int
        let missing: [String]
        var testDescription: String { "\(sentence) → \(low)...\(high)" }
    }

    static let missingRows: [MissingCase] = [
        MissingCase(sentence: "ferritin not measured", assessment: zero.labRemoved(.ferritin), low: 0, high: 50, missing: ["labs.ferritin"]),
        MissingCase(sentence: "temperature not recorded", assessment: zero.temperature(nil), low: 0, high: 49, missing: ["vitals.temperature"]),
        MissingCase(sentence: "immunosuppression not stated", assessment: zero.immunosuppressed(nil), low: 0, high: 18,
                    missing: ["patient.immunosuppressed"]),
        MissingCase(sentence: "AST not measured", assessment: zero.labRemoved(.ast), low: 0, high: 19, missing: ["labs.ast"]),
        MissingCase(sentence: "fibrinogen not measured", assessment: zero.labRemoved(.fibrinogen), low: 0, high: 30, missing: ["labs.fibrinogen"]),
        MissingCase(sentence: "triglycerides not measured", assessment: zero.labRemoved(.triglycerides), low: 0, high: 64,
                    missing: ["labs.triglycerides"]),
        MissingCase(sentence: "no marrow aspirate examined", assessment: zero.hemophagocytosis(nil), low: 0, high: 35,
                    missing: ["findings.hemophagocytosis"]),
        MissingCase(sentence: "liver not examined, no splenomegaly", assessment: zero.hepatomegaly(nil), low: 0, high: 23,
                    missing: ["findings.hepatomegaly"]),
        MissingCase(sentence: "liver not examined, splenomegaly", assessment: zero.hepatomegaly(nil).splenomegaly(true), low: 23, high: 38,
                    missing: ["findings.hepatomegaly"]),
        MissingCase(sentence: "Hb not measured, WBC and platelets normal: at most 1 lineage, 0 points either way",
                    assessment: zero.labRemoved(.hemoglobin), low: 0, high: 0, missing: []),
        MissingCase(sentence: "Hb not measured, platelets 50: 1 or 2 lineages",
                    assessment: zero.labRemoved(.hemoglobin).lab(.platelets, 50, .perNanoliter), low: 0, high: 24, missing: ["labs.hemoglobin"]),
        MissingCase(sentence: "Hb not measured, WBC 2.0 and platelets 50: 2 or 3 lineages",
                    assessment: zero.labRemoved(.hemoglobin).lab(.platelets, 50, .perNanoliter).lab(.wbc, 2.0, .perNanoliter),
                    low: 24, high: 34, missing: ["labs.hemoglobin"]),
        MissingCase(sentence: "ferritin and AST not measured", assessment: zero.labRemoved(.ferritin).labRemoved(.ast), low: 0, high: 69,
                    missing: ["labs.ast", "labs.ferritin"]),
    ]

    @Test("A missing item gives a range, not a score, and names the input", arguments: missingRows)
    func missingItem(_ row: MissingCase) throws {
        let outcome = try Fixtures.score(Self.criteria, row.assessment)
        #expect(outcome.low == row.low && outcome.high == row.high, "\(row.sentence): \(outcome.summary)")
        #expect(outcome.missing.map(\.text) == row.missing, "\(row.sentence): \(outcome.summary)")
        if row.low == row.high {
            #expect(outcome.score == row.low, "\(row.sentence): an input that cannot matter is not asked for; \(outcome.summary)")
        } else {
            #expect(outcome.score == nil, "\(row.sentence): \(outcome.summary)")
            #expect(outcome.points.count == 9 - row.missing.count, "\(row.sentence): the known items keep their points; \(outcome.summary)")
        }
    }

    @Test("Nothing recorded: the whole range 0–337, every input named")
    func nothingRecorded() throws {
        let outcome = try Fixtures.score(Self.criteria, Bedside.unknown())
        #expect(outcome.score == nil && outcome.low == 0 && outcome.high == 337, "\(outcome.summary)")
        #expect(outcome.meetsCutoff == nil)
        #expect(outcome.probability?.low == 0 && outcome.probability?.high == 1, "\(outcome.summary)")
        #expect(outcome.missing.map(\.text) == ["findings.hemophagocytosis", "findings.hepatomegaly", "findings.splenomegaly", "labs.ast",
                                                "labs.ferritin", "labs.fibrinogen", "labs.hemoglobin", "labs.platelets", "labs.triglycerides",
                                                "labs.wbc", "patient.immunosuppressed", "vitals.temperature"], "\(outcome.summary)")
    }

    /// `known` points (ferritin in its 0 band) with ferritin then removed: the range
    /// known...known + 50, meetsCutoff, and the probability from the low end's band to the high end's.
    struct RangeCase: Sendable, CustomTestStringConvertible {
        let known: Int
        let meets: Bool?
        let low: Double
        let high: Double
        var testDescription: String { "range \(known)...\(known + 50) → meetsCutoff \(meets.map { "\($0)" } ?? "null"), probability \(low)...\(high)" }
    }

    /// 150–200 straddles 169; 170–220 and 169–219 lie at or above it; 100–150 and 118–168 below it.
    @Test("A range decides meetsCutoff only when it lies on one side of 169", arguments: [
        RangeCase(known: 150, meets: nil, low: 0.25, high: 0.88), RangeCase(known: 170, meets: true, low: 0.54, high: 0.96),
        RangeCase(known: 100, meets: false, low: 0.01, high: 0.25), RangeCase(known: 119, meets: nil, low: 0.03, high: 0.54),
        RangeCase(known: 169, meets: true, low: 0.40, high: 0.96), RangeCase(known: 118, meets: false, low: 0.03, high: 0.54),
    ])
    func rangeAndCutoff(_ row: RangeCase) throws {
        let patient = try #require(HScorePatient.reaching(row.known) { $0.bands[4] == 0 })
        let outcome = try Fixtures.score(Self.criteria, patient.assessment.labRemoved(.ferritin))
        #expect(outcome.score == nil && outcome.low == row.known && outcome.high == row.known + 50, "\(patient): \(outcome.summary)")
        #expect(outcome.meetsCutoff == row.meets, "\(patient): \(outcome.summary)")
        #expect(outcome.probability?.low == row.low && outcome.probability?.high == row.high, "\(patient): \(outcome.summary)")
        #expect(outcome.missing.map(\.text) == ["labs.ferritin"])
    }

    // MARK: Output

    @Test("The result prints score and probability, or scoreRange and missing (grade-io.md)")
    func json() throws {
        let patient = try #require(HScorePatient.reaching(212))
        let known = try Fixtures.result(Self.criteria, patient.assessment).json
        #expect(known["score"] == .number(212))
        #expect(known["probability"] == .object([("low", .number(0.93)), ("high", .number(0.96))]))
        #expect(known["cutoff"] == .number(169))
        #expect(known["meetsCutoff"] == .bool(true))
        #expect(known["missing"] == nil && known["scoreRange"] == nil)
        #expect(known["met"] == nil && known["grade"] == nil)

        let open = try Fixtures.result(Self.criteria, Self.zero.labRemoved(.ferritin)).json
        #expect(open["score"] == .null)
        #expect(open["scoreRange"] == .object([("low", .number(0)), ("high", .number(50))]))
        #expect(open["meetsCutoff"] == .bool(false))
        #expect(open["missing"] == .array([.string("labs.ferritin")]))
    }
}
