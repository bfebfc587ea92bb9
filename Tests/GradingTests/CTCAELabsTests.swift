import Clinical
import Grading
import Testing
import TestSupport

/// One lab row: a CTCAE term graded from one result.
struct LabCase: Sendable, CustomTestStringConvertible {
    let term: String
    let sentence: String
    let assessment: Assessment
    let expected: ExpectedGrade

    init(_ term: String, _ sentence: String, _ assessment: Assessment, _ expected: ExpectedGrade) {
        self.term = term
        self.sentence = sentence
        self.assessment = assessment
        self.expected = expected
    }

    var testDescription: String { "\(term): \(sentence) → \(expected)" }

    func check(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let results = try Fixtures.terms(CTCAELabsTests.criteria, assessment)
        let outcome = try #require(results[term], "\(term) not reported for \(sentence)", sourceLocation: sourceLocation)
        #expect(expected.matches(outcome), "\(term) \(sentence): expected \(expected), got \(outcome.summary)", sourceLocation: sourceLocation)
    }
}

/// A patient with one lab result.
private func lab(_ analyte: Analyte, _ value: Double, _ unit: LabUnit, uln: Double? = nil, lln: Double? = nil, baseline: Double? = nil) -> Assessment {
    Bedside.labs().lab(analyte, value, unit, uln: uln, lln: lln, baseline: baseline)
}

/// CTCAE v5.0 laboratory terms (`ctcae-5-labs`), one result per term whose lab is present.
///
/// Source: NCI CTCAE v5.0 grade text as encoded in pharmaverse/admiral `ncictcaev5.json` (commit
/// c255a1e7), cross-checked against the NCI workbook (criteria reference §3.2; criteria gaps, gap 2).
/// Increases are "> x" and decreases "< x" as written; the lower bound of each band belongs to the
/// band below except where the table says otherwise (ALT/AST 1.5 × baseline, triglycerides 150 mg/dL,
/// fibrinogen 25/50/75 % decrease).
@Suite("CTCAE v5.0 laboratory terms (NCI CTCAE v5.0; admiral ncictcaev5.json)")
struct CTCAELabsTests {
    static let criteria = "ctcae-5-labs"

    // MARK: ALT and AST

    /// ALT/AST: > ULN–3.0 × ULN; > 3.0–5.0; > 5.0–20.0; > 20.0 × ULN when the baseline was normal;
    /// 1.5–3.0 × BL; > 3.0–5.0; > 5.0–20.0; > 20.0 × BL when the baseline was abnormal (above ULN).
    static func transaminaseRows(_ term: String, _ analyte: Analyte) -> [LabCase] {
        let uln = 40.0, normal = 20.0, high = 60.0
        func row(_ value: Double, baseline: Double?, _ expected: ExpectedGrade) -> LabCase {
            let bl = baseline.map { $0 > uln ? "abnormal baseline \(Int($0))" : "normal baseline \(Int($0))" } ?? "no baseline"
            return LabCase(term, "\(value) U/L, ULN 40, \(bl)", lab(analyte, value, .unitsPerLiter, uln: uln, baseline: baseline), expected)
        }
        return [
            // Normal baseline: multiples of ULN (40 U/L).
            row(40, baseline: normal, grade(0)), row(41, baseline: normal, grade(1)),
            row(120, baseline: normal, grade(1)), row(121, baseline: normal, grade(2)),
            row(200, baseline: normal, grade(2)), row(201, baseline: normal, grade(3)),
            row(800, baseline: normal, grade(3)), row(801, baseline: normal, grade(4)),
            row(40, baseline: 40, grade(0)), row(130, baseline: 40, grade(2)),
            // Abnormal baseline 60 U/L: multiples of baseline; grade 1 starts at 1.5 × BL.
            row(50, baseline: high, grade(0)), row(89, baseline: high, grade(0)),
            row(90, baseline: high, grade(1)), row(180, baseline: high, grade(1)),
            row(181, baseline: high, grade(2)), row(300, baseline: high, grade(2)),
            row(301, baseline: high, grade(3)), row(1200, baseline: high, grade(3)),
            row(1201, baseline: high, grade(4)),
            // Without a baseline only a value at or below ULN can be graded.
            row(30, baseline: nil, grade(0)), row(40, baseline: nil, grade(0)),
            row(41, baseline: nil, notAssessable(missing: "labs.\(analyte.rawValue).baseline")),
            row(900, baseline: nil, notAssessable(missing: "labs.\(analyte.rawValue).baseline")),
            // Without a ULN nothing can be graded.
            LabCase(term, "130 U/L, no ULN, baseline 20", lab(analyte, 130, .unitsPerLiter, baseline: 20),
                    notAssessable(missing: "labs.\(analyte.rawValue).uln")),
        ]
    }

    @Test("Alanine aminotransferase increased", arguments: transaminaseRows("alt", .alt))
    func alt(_ row: LabCase) throws { try row.check() }

    @Test("Aspartate aminotransferase increased", arguments: transaminaseRows("ast", .ast))
    func ast(_ row: LabCase) throws { try row.check() }

    // MARK: Bilirubin

    /// > ULN–1.5 × ULN; > 1.5–3.0; > 3.0–10.0; > 10.0 × ULN (baseline normal); > 1.0–1.5 × BL … (abnormal).
    @Test("Blood bilirubin increased", arguments: [
        LabCase("bilirubin", "20 umol/L, ULN 20, normal baseline", lab(.bilirubin, 20, .micromolesPerLiter, uln: 20, baseline: 10), grade(0)),
        LabCase("bilirubin", "21 umol/L (1.05 × ULN), normal baseline", lab(.bilirubin, 21, .micromolesPerLiter, uln: 20, baseline: 10), grade(1)),
        LabCase("bilirubin", "30 umol/L (1.5 × ULN), normal baseline", lab(.bilirubin, 30, .micromolesPerLiter, uln: 20, baseline: 10), grade(1)),
        LabCase("bilirubin", "31 umol/L (1.55 × ULN), normal baseline", lab(.bilirubin, 31, .micromolesPerLiter, uln: 20, baseline: 10), grade(2)),
        LabCase("bilirubin", "60 umol/L (3.0 × ULN), normal baseline", lab(.bilirubin, 60, .micromolesPerLiter, uln: 20, baseline: 10), grade(2)),
        LabCase("bilirubin", "61 umol/L (3.05 × ULN), normal baseline", lab(.bilirubin, 61, .micromolesPerLiter, uln: 20, baseline: 10), grade(3)),
        LabCase("bilirubin", "200 umol/L (10.0 × ULN), normal baseline", lab(.bilirubin, 200, .micromolesPerLiter, uln: 20, baseline: 10), grade(3)),
        LabCase("bilirubin", "201 umol/L (10.05 × ULN), normal baseline", lab(.bilirubin, 201, .micromolesPerLiter, uln: 20, baseline: 10), grade(4)),
        LabCase("bilirubin", "1.0 mg/dL, ULN 1.0 mg/dL, normal baseline", lab(.bilirubin, 1.0, .milligramsPerDeciliter, uln: 1.0, baseline: 0.5), grade(0)),
        LabCase("bilirubin", "1.6 mg/dL, ULN 1.0 mg/dL, normal baseline", lab(.bilirubin, 1.6, .milligramsPerDeciliter, uln: 1.0, baseline: 0.5), grade(2)),
        LabCase("bilirubin", "2.0 mg/dL (1.0 × abnormal baseline 2.0), ULN 1.0", lab(.bilirubin, 2.0, .milligramsPerDeciliter, uln: 1.0, baseline: 2.0), grade(0)),
        LabCase("bilirubin", "2.1 mg/dL (1.05 × abnormal baseline 2.0)", lab(.bilirubin, 2.1, .milligramsPerDeciliter, uln: 1.0, baseline: 2.0), grade(1)),
        LabCase("bilirubin", "3.0 mg/dL (1.5 × abnormal baseline 2.0)", lab(.bilirubin, 3.0, .milligramsPerDeciliter, uln: 1.0, baseline: 2.0), grade(1)),
        LabCase("bilirubin", "3.1 mg/dL (1.55 × abnormal baseline 2.0)", lab(.bilirubin, 3.1, .milligramsPerDeciliter, uln: 1.0, baseline: 2.0), grade(2)),
        LabCase("bilirubin", "6.0 mg/dL (3.0 × abnormal baseline 2.0)", lab(.bilirubin, 6.0, .milligramsPerDeciliter, uln: 1.0, baseline: 2.0), grade(2)),
        LabCase("bilirubin", "6.1 mg/dL (3.05 × abnormal baseline 2.0)", lab(.bilirubin, 6.1, .milligramsPerDeciliter, uln: 1.0, baseline: 2.0), grade(3)),
        LabCase("bilirubin", "20.0 mg/dL (10.0 × abnormal baseline 2.0)", lab(.bilirubin, 20.0, .milligramsPerDeciliter, uln: 1.0, baseline: 2.0), grade(3)),
        LabCase("bilirubin", "20.1 mg/dL (10.05 × abnormal baseline 2.0)", lab(.bilirubin, 20.1, .milligramsPerDeciliter, uln: 1.0, baseline: 2.0), grade(4)),
        LabCase("bilirubin", "25 umol/L above ULN 20, no baseline", lab(.bilirubin, 25, .micromolesPerLiter, uln: 20), notAssessable(missing: "labs.bilirubin.baseline")),
        LabCase("bilirubin", "15 umol/L below ULN 20, no baseline", lab(.bilirubin, 15, .micromolesPerLiter, uln: 20), grade(0)),
    ])
    func bilirubin(_ row: LabCase) throws { try row.check() }

    // MARK: Creatinine

    /// > ULN–1.5 × ULN; > 1.5–3.0 × BL or × ULN; > 3.0 × BL or > 3.0–6.0 × ULN; > 6.0 × ULN. No baseline
    /// switch: × ULN and × BL both apply and the higher grade wins.
    @Test("Creatinine increased", arguments: [
        // Baseline equal to ULN, so × ULN and × BL agree.
        LabCase("creatinine", "100 umol/L, ULN 100, baseline 100", lab(.creatinine, 100, .micromolesPerLiter, uln: 100, baseline: 100), grade(0)),
        LabCase("creatinine", "101 umol/L (1.01 × ULN)", lab(.creatinine, 101, .micromolesPerLiter, uln: 100, baseline: 100), grade(1)),
        LabCase("creatinine", "150 umol/L (1.5 × ULN)", lab(.creatinine, 150, .micromolesPerLiter, uln: 100, baseline: 100), grade(1)),
        LabCase("creatinine", "151 umol/L (1.51 × ULN)", lab(.creatinine, 151, .micromolesPerLiter, uln: 100, baseline: 100), grade(2)),
        LabCase("creatinine", "300 umol/L (3.0 × ULN)", lab(.creatinine, 300, .micromolesPerLiter, uln: 100, baseline: 100), grade(2)),
        LabCase("creatinine", "301 umol/L (3.01 × ULN)", lab(.creatinine, 301, .micromolesPerLiter, uln: 100, baseline: 100), grade(3)),
        LabCase("creatinine", "600 umol/L (6.0 × ULN)", lab(.creatinine, 600, .micromolesPerLiter, uln: 100, baseline: 100), grade(3)),
        LabCase("creatinine", "601 umol/L (6.01 × ULN)", lab(.creatinine, 601, .micromolesPerLiter, uln: 100, baseline: 100), grade(4)),
        LabCase("creatinine", "1.6 mg/dL, ULN 1.0 mg/dL, baseline 1.0", lab(.creatinine, 1.6, .milligramsPerDeciliter, uln: 1.0, baseline: 1.0), grade(2)),
        // Low baseline 50 umol/L: × baseline decides.
        LabCase("creatinine", "75 umol/L, ULN 100, baseline 50 (1.5 × BL)", lab(.creatinine, 75, .micromolesPerLiter, uln: 100, baseline: 50), grade(0)),
        LabCase("creatinine", "76 umol/L, ULN 100, baseline 50 (1.52 × BL, within ULN)", lab(.creatinine, 76, .micromolesPerLiter, uln: 100, baseline: 50), grade(2)),
        LabCase("creatinine", "150 umol/L, ULN 100, baseline 50 (3.0 × BL, 1.5 × ULN)", lab(.creatinine, 150, .micromolesPerLiter, uln: 100, baseline: 50), grade(2)),
        LabCase("creatinine", "151 umol/L, ULN 100, baseline 50 (3.02 × BL beats 1.51 × ULN)", lab(.creatinine, 151, .micromolesPerLiter, uln: 100, baseline: 50), grade(3)),
        LabCase("creatinine", "610 umol/L, ULN 100, baseline 50 (6.1 × ULN beats × BL)", lab(.creatinine, 610, .micromolesPerLiter, uln: 100, baseline: 50), grade(4)),
        // Without a baseline, × ULN decides only where it already proves the highest grade possible.
        LabCase("creatinine", "610 umol/L, ULN 100, no baseline", lab(.creatinine, 610, .micromolesPerLiter, uln: 100), grade(4)),
        LabCase("creatinine", "400 umol/L, ULN 100, no baseline", lab(.creatinine, 400, .micromolesPerLiter, uln: 100), grade(3)),
        LabCase("creatinine", "120 umol/L, ULN 100, no baseline", lab(.creatinine, 120, .micromolesPerLiter, uln: 100),
                notAssessable(missing: "labs.creatinine.baseline", atLeast: 1)),
    ])
    func creatinine(_ row: LabCase) throws { try row.check() }

    // MARK: Haematology

    /// Neutrophils: < LLN–1.5; < 1.5–1.0; < 1.0–0.5; < 0.5 × 10⁹/L (< 1500, 1000, 500 /mm³).
    @Test("Neutrophil count decreased", arguments: [
        LabCase("neutrophils", "2.0 × 10⁹/L, LLN 2.0", lab(.anc, 2.0, .perNanoliter, lln: 2.0), grade(0)),
        LabCase("neutrophils", "1.9 × 10⁹/L, LLN 2.0", lab(.anc, 1.9, .perNanoliter, lln: 2.0), grade(1)),
        LabCase("neutrophils", "1.5 × 10⁹/L, LLN 2.0", lab(.anc, 1.5, .perNanoliter, lln: 2.0), grade(1)),
        LabCase("neutrophils", "1.49 × 10⁹/L, LLN 2.0", lab(.anc, 1.49, .perNanoliter, lln: 2.0), grade(2)),
        LabCase("neutrophils", "1.0 × 10⁹/L, LLN 2.0", lab(.anc, 1.0, .perNanoliter, lln: 2.0), grade(2)),
        LabCase("neutrophils", "0.99 × 10⁹/L, LLN 2.0", lab(.anc, 0.99, .perNanoliter, lln: 2.0), grade(3)),
        LabCase("neutrophils", "0.5 × 10⁹/L, LLN 2.0", lab(.anc, 0.5, .perNanoliter, lln: 2.0), grade(3)),
        LabCase("neutrophils", "0.49 × 10⁹/L, LLN 2.0", lab(.anc, 0.49, .perNanoliter, lln: 2.0), grade(4)),
        LabCase("neutrophils", "2000 /uL, LLN 2000", lab(.anc, 2000, .perMicroliter, lln: 2000), grade(0)),
        LabCase("neutrophils", "1500 /uL, LLN 2000", lab(.anc, 1500, .perMicroliter, lln: 2000), grade(1)),
        LabCase("neutrophils", "1499 /uL, LLN 2000", lab(.anc, 1499, .perMicroliter, lln: 2000), grade(2)),
        LabCase("neutrophils", "1000 /uL, LLN 2000", lab(.anc, 1000, .perMicroliter, lln: 2000), grade(2)),
        LabCase("neutrophils", "999 /uL, LLN 2000", lab(.anc, 999, .perMicroliter, lln: 2000), grade(3)),
        LabCase("neutrophils", "500 /uL, LLN 2000", lab(.anc, 500, .perMicroliter, lln: 2000), grade(3)),
        LabCase("neutrophils", "499 /uL, LLN 2000", lab(.anc, 499, .perMicroliter, lln: 2000), grade(4)),
        // Grades 2–4 are absolute; grade 1 and grade 0 need the LLN.
        LabCase("neutrophils", "1.7 × 10⁹/L, no LLN", lab(.anc, 1.7, .perNanoliter), notAssessable(missing: "labs.anc.lln")),
        LabCase("neutrophils", "1.5 × 10⁹/L, no LLN", lab(.anc, 1.5, .perNanoliter), notAssessable(missing: "labs.anc.lln")),
        LabCase("neutrophils", "1.2 × 10⁹/L, no LLN", lab(.anc, 1.2, .perNanoliter), grade(2)),
        LabCase("neutrophils", "400 /uL, no LLN", lab(.anc, 400, .perMicroliter), grade(4)),
    ])
    func neutrophils(_ row: LabCase) throws { try row.check() }

    /// Platelets: < LLN–75; < 75–50; < 50–25; < 25 × 10⁹/L.
    @Test("Platelet count decreased", arguments: [
        LabCase("platelets", "150 × 10⁹/L, LLN 150", lab(.platelets, 150, .perNanoliter, lln: 150), grade(0)),
        LabCase("platelets", "149 × 10⁹/L, LLN 150", lab(.platelets, 149, .perNanoliter, lln: 150), grade(1)),
        LabCase("platelets", "75 × 10⁹/L, LLN 150", lab(.platelets, 75, .perNanoliter, lln: 150), grade(1)),
        LabCase("platelets", "74 × 10⁹/L, LLN 150", lab(.platelets, 74, .perNanoliter, lln: 150), grade(2)),
        LabCase("platelets", "50 × 10⁹/L, LLN 150", lab(.platelets, 50, .perNanoliter, lln: 150), grade(2)),
        LabCase("platelets", "49 × 10⁹/L, LLN 150", lab(.platelets, 49, .perNanoliter, lln: 150), grade(3)),
        LabCase("platelets", "25 × 10⁹/L, LLN 150", lab(.platelets, 25, .perNanoliter, lln: 150), grade(3)),
        LabCase("platelets", "24 × 10⁹/L, LLN 150", lab(.platelets, 24, .perNanoliter, lln: 150), grade(4)),
        LabCase("platelets", "75,000 /uL, LLN 150,000", lab(.platelets, 75_000, .perMicroliter, lln: 150_000), grade(1)),
        LabCase("platelets", "74,000 /uL, LLN 150,000", lab(.platelets, 74_000, .perMicroliter, lln: 150_000), grade(2)),
        LabCase("platelets", "24,000 /uL, no LLN", lab(.platelets, 24_000, .perMicroliter), grade(4)),
        LabCase("platelets", "100 × 10⁹/L, no LLN", lab(.platelets, 100, .perNanoliter), notAssessable(missing: "labs.platelets.lln")),
    ])
    func platelets(_ row: LabCase) throws { try row.check() }

    /// White cells: < LLN–3.0; < 3.0–2.0; < 2.0–1.0; < 1.0 × 10⁹/L.
    @Test("White blood cell decreased", arguments: [
        LabCase("wbc", "4.0 × 10⁹/L, LLN 4.0", lab(.wbc, 4.0, .perNanoliter, lln: 4.0), grade(0)),
        LabCase("wbc", "3.0 × 10⁹/L, LLN 4.0", lab(.wbc, 3.0, .perNanoliter, lln: 4.0), grade(1)),
        LabCase("wbc", "2.9 × 10⁹/L, LLN 4.0", lab(.wbc, 2.9, .perNanoliter, lln: 4.0), grade(2)),
        LabCase("wbc", "2.0 × 10⁹/L, LLN 4.0", lab(.wbc, 2.0, .perNanoliter, lln: 4.0), grade(2)),
        LabCase("wbc", "1.9 × 10⁹/L, LLN 4.0", lab(.wbc, 1.9, .perNanoliter, lln: 4.0), grade(3)),
        LabCase("wbc", "1.0 × 10⁹/L, LLN 4.0", lab(.wbc, 1.0, .perNanoliter, lln: 4.0), grade(3)),
        LabCase("wbc", "0.9 × 10⁹/L, LLN 4.0", lab(.wbc, 0.9, .perNanoliter, lln: 4.0), grade(4)),
        LabCase("wbc", "2999 /uL, LLN 4000", lab(.wbc, 2999, .perMicroliter, lln: 4000), grade(2)),
        LabCase("wbc", "999 /uL, no LLN", lab(.wbc, 999, .perMicroliter), grade(4)),
    ])
    func wbc(_ row: LabCase) throws { try row.check() }

    /// Anemia: Hb < LLN–100 g/L (10.0 g/dL); < 100–80 g/L; < 80 g/L (8.0 g/dL).
    @Test("Anemia", arguments: [
        LabCase("anemia", "Hb 120 g/L, LLN 120", lab(.hemoglobin, 120, .gramsPerLiter, lln: 120), grade(0)),
        LabCase("anemia", "Hb 119 g/L, LLN 120", lab(.hemoglobin, 119, .gramsPerLiter, lln: 120), grade(1)),
        LabCase("anemia", "Hb 100 g/L, LLN 120", lab(.hemoglobin, 100, .gramsPerLiter, lln: 120), grade(1)),
        LabCase("anemia", "Hb 99 g/L, LLN 120", lab(.hemoglobin, 99, .gramsPerLiter, lln: 120), grade(2)),
        LabCase("anemia", "Hb 80 g/L, LLN 120", lab(.hemoglobin, 80, .gramsPerLiter, lln: 120), grade(2)),
        LabCase("anemia", "Hb 79 g/L, LLN 120", lab(.hemoglobin, 79, .gramsPerLiter, lln: 120), grade(3)),
        LabCase("anemia", "Hb 10.0 g/dL, LLN 12.0", lab(.hemoglobin, 10.0, .gramsPerDeciliter, lln: 12.0), grade(1)),
        LabCase("anemia", "Hb 9.9 g/dL, LLN 12.0", lab(.hemoglobin, 9.9, .gramsPerDeciliter, lln: 12.0), grade(2)),
        LabCase("anemia", "Hb 8.0 g/dL, LLN 12.0", lab(.hemoglobin, 8.0, .gramsPerDeciliter, lln: 12.0), grade(2)),
        LabCase("anemia", "Hb 7.9 g/dL, LLN 12.0", lab(.hemoglobin, 7.9, .gramsPerDeciliter, lln: 12.0), grade(3)),
        LabCase("anemia", "Hb 7.0 g/dL, no LLN", lab(.hemoglobin, 7.0, .gramsPerDeciliter), grade(3)),
        LabCase("anemia", "Hb 110 g/L, no LLN", lab(.hemoglobin, 110, .gramsPerLiter), notAssessable(missing: "labs.hemoglobin.lln")),
        LabCase("anemia", "Hb 95 g/L, no LLN", lab(.hemoglobin, 95, .gramsPerLiter), grade(2)),
    ])
    func anemia(_ row: LabCase) throws { try row.check() }

    // MARK: Fibrinogen

    /// < 1.0–0.75 × LLN; < 0.75–0.5; < 0.5–0.25; < 0.25 × LLN or absolute < 0.5 g/L (50 mg/dL); and, if
    /// abnormal (the value below LLN: interpretation fibrinogen-if-abnormal), < 25 %; 25–< 50 %;
    /// 50–< 75 %; 75 % decrease from baseline. The × LLN cells hold whatever the baseline.
    static func fibrinogenRow(_ value: Double, lln: Double?, baseline: Double?, _ expected: ExpectedGrade, _ note: String) -> LabCase {
        let limits = [lln.map { "LLN \($0)" }, baseline.map { "baseline \($0)" } ?? "no baseline"].compactMap { $0 }
        return LabCase("fibrinogen", "\(value) g/L, \(limits.joined(separator: ", ")): \(note)",
                       lab(.fibrinogen, value, .gramsPerLiter, lln: lln, baseline: baseline), expected)
    }

    /// Normal baseline (2.4 g/L, LLN 2.0): the value below LLN is abnormal, so the decrease from
    /// baseline counts beside × LLN; at or above LLN nothing is graded, whatever the fall.
    @Test("Fibrinogen decreased, normal baseline: each decrease cell both sides", arguments: [
        fibrinogenRow(2.0, lln: 2.0, baseline: 2.4, grade(0), "at LLN, a 16.7 % fall is not abnormal"),
        fibrinogenRow(2.0, lln: 2.0, baseline: 4.0, grade(0), "at LLN, a 50 % fall is not abnormal"),
        fibrinogenRow(1.99, lln: 2.0, baseline: 2.4, grade(1), "0.995 × LLN, 17.1 % decrease"),
        fibrinogenRow(1.81, lln: 2.0, baseline: 2.4, grade(1), "0.905 × LLN, 24.6 % decrease"),
        fibrinogenRow(1.8, lln: 2.0, baseline: 2.4, grade(2), "0.9 × LLN, 25 % decrease"),
        fibrinogenRow(1.21, lln: 2.0, baseline: 2.4, grade(2), "0.605 × LLN, 49.6 % decrease"),
        fibrinogenRow(1.2, lln: 2.0, baseline: 2.4, grade(3), "0.6 × LLN, 50 % decrease"),
        fibrinogenRow(0.61, lln: 2.0, baseline: 2.4, grade(3), "0.305 × LLN, 74.6 % decrease"),
        fibrinogenRow(0.6, lln: 2.0, baseline: 2.4, grade(4), "0.3 × LLN, 75 % decrease"),
        // The baseline at LLN is normal; × LLN and the decrease then tie or the decrease leads.
        fibrinogenRow(1.51, lln: 2.0, baseline: 2.0, grade(1), "0.755 × LLN, 24.5 % decrease"),
        fibrinogenRow(1.5, lln: 2.0, baseline: 2.0, grade(2), "0.75 × LLN (grade 1), 25 % decrease (grade 2)"),
        fibrinogenRow(3.0, lln: 2.0, baseline: 2.4, grade(0), "above LLN, risen from baseline"),
    ])
    func fibrinogenNormalBaseline(_ row: LabCase) throws { try row.check() }

    /// Low baseline (below LLN): the × LLN cells still hold; a fall from a low baseline never reaches
    /// a higher grade than × LLN gives.
    @Test("Fibrinogen decreased, low baseline: each × LLN and absolute cell both sides", arguments: [
        fibrinogenRow(2.0, lln: 2.0, baseline: 1.8, grade(0), "risen to LLN"),
        fibrinogenRow(1.99, lln: 2.0, baseline: 1.8, grade(1), "0.995 × LLN, risen from baseline"),
        fibrinogenRow(1.9, lln: 2.0, baseline: 1.8, grade(1), "0.95 × LLN, risen from a lower baseline"),
        fibrinogenRow(1.5, lln: 2.0, baseline: 1.8, grade(1), "0.75 × LLN, 16.7 % decrease"),
        fibrinogenRow(1.49, lln: 2.0, baseline: 1.8, grade(2), "0.745 × LLN"),
        fibrinogenRow(1.0, lln: 2.0, baseline: 1.8, grade(2), "0.5 × LLN, 44.4 % decrease"),
        fibrinogenRow(0.99, lln: 2.0, baseline: 1.8, grade(3), "0.495 × LLN"),
        fibrinogenRow(0.6, lln: 2.4, baseline: 1.8, grade(3), "0.25 × LLN, 66.7 % decrease"),
        fibrinogenRow(0.59, lln: 2.4, baseline: 1.8, grade(4), "0.246 × LLN (above 0.5 g/L)"),
        fibrinogenRow(0.48, lln: 2.0, baseline: 0.5, grade(4), "0.24 × LLN, 4 % decrease"),
        fibrinogenRow(0.5, lln: 1.5, baseline: 0.55, grade(3), "0.333 × LLN, absolute 0.5 g/L is not below 0.5"),
        fibrinogenRow(0.49, lln: 1.5, baseline: 0.55, grade(4), "0.327 × LLN, absolute below 0.5 g/L"),
        LabCase("fibrinogen", "150 mg/dL, LLN 200 mg/dL, low baseline 160: 0.75 × LLN",
                lab(.fibrinogen, 150, .milligramsPerDeciliter, lln: 200, baseline: 160), grade(1)),
        LabCase("fibrinogen", "149 mg/dL, LLN 200 mg/dL, low baseline 160: 0.745 × LLN",
                lab(.fibrinogen, 149, .milligramsPerDeciliter, lln: 200, baseline: 160), grade(2)),
        LabCase("fibrinogen", "50 mg/dL, LLN 150 mg/dL, low baseline 55: 0.333 × LLN, not below 50 mg/dL",
                lab(.fibrinogen, 50, .milligramsPerDeciliter, lln: 150, baseline: 55), grade(3)),
        LabCase("fibrinogen", "49 mg/dL, LLN 150 mg/dL, low baseline 55: below 50 mg/dL",
                lab(.fibrinogen, 49, .milligramsPerDeciliter, lln: 150, baseline: 55), grade(4)),
    ])
    func fibrinogenLowBaseline(_ row: LabCase) throws { try row.check() }

    /// Baseline missing: a value below LLN could have fallen 75 % or more, so the grade waits for the
    /// baseline unless × LLN or the absolute value already give grade 4; at or above LLN it is 0.
    @Test("Fibrinogen decreased, baseline missing", arguments: [
        fibrinogenRow(2.0, lln: 2.0, baseline: nil, grade(0), "at LLN, not abnormal"),
        fibrinogenRow(3.0, lln: 2.0, baseline: nil, grade(0), "above LLN"),
        fibrinogenRow(1.99, lln: 2.0, baseline: nil, notAssessable(missing: "labs.fibrinogen.baseline", atLeast: 1), "0.995 × LLN"),
        fibrinogenRow(1.49, lln: 2.0, baseline: nil, notAssessable(missing: "labs.fibrinogen.baseline", atLeast: 2), "0.745 × LLN"),
        fibrinogenRow(0.99, lln: 2.0, baseline: nil, notAssessable(missing: "labs.fibrinogen.baseline", atLeast: 3), "0.495 × LLN"),
        fibrinogenRow(0.6, lln: 2.4, baseline: nil, notAssessable(missing: "labs.fibrinogen.baseline", atLeast: 3), "0.25 × LLN"),
        fibrinogenRow(0.59, lln: 2.4, baseline: nil, grade(4), "0.246 × LLN decides alone"),
        fibrinogenRow(0.48, lln: 2.0, baseline: nil, grade(4), "0.24 × LLN decides alone"),
        fibrinogenRow(0.49, lln: nil, baseline: nil, grade(4), "no LLN, absolute below 0.5 g/L"),
        fibrinogenRow(0.5, lln: nil, baseline: nil, notAssessable(missing: "labs.fibrinogen.baseline", "labs.fibrinogen.lln"), "no LLN, absolute 0.5 g/L"),
        LabCase("fibrinogen", "49 mg/dL, no LLN or baseline", lab(.fibrinogen, 49, .milligramsPerDeciliter), grade(4)),
    ])
    func fibrinogenMissingBaseline(_ row: LabCase) throws { try row.check() }

    /// pharmaverse/admiral `tests/testthat/test-derive_var_atoxgr.R`, "Fibrinogen decreased (NCICTCv5
    /// + NCICTCv6)", `exp_fib`, test 28a (commit 6eb5125a). admiral gives AVAL, ANRLO (LLN) and PCHG
    /// (percent change from baseline); the baseline here is AVAL ÷ (1 + PCHG/100). Where PCHG is missing
    /// and the value is below LLN, admiral grades from × LLN alone; aegrade gives that grade as
    /// `atLeast` and waits for the baseline, since a 75 % fall would raise it (three-valued logic).
    /// Rows 24–26 (no value, unit g/dL, no unit) are rejected inputs here, not grades.
    static func admiral(_ number: Int, _ value: Double, lln: Double?, pchg: Double?, _ expected: ExpectedGrade) -> LabCase {
        let baseline = pchg.map { value / (1 + $0 / 100) }
        return LabCase("fibrinogen", "admiral test 28a row \(number): AVAL \(value) g/L, ANRLO \(lln.map { "\($0)" } ?? "NA"), PCHG \(pchg.map { "\($0)" } ?? "NA")",
                       lab(.fibrinogen, value, .gramsPerLiter, lln: lln, baseline: baseline), expected)
    }

    @Test("Fibrinogen decreased: admiral's CTCAE v5.0 cases", arguments: [
        admiral(3, 0.49, lln: nil, pchg: nil, grade(4)),
        admiral(4, 0.49, lln: 1, pchg: -51, grade(4)),
        admiral(5, 0.5, lln: 2.1, pchg: nil, grade(4)),
        admiral(6, 0.5, lln: 2.1, pchg: -51, grade(4)),
        admiral(7, 0.5, lln: 1.1, pchg: -75, grade(4)),
        admiral(8, 1, lln: 2.1, pchg: nil, notAssessable(missing: "labs.fibrinogen.baseline", atLeast: 3)),
        admiral(9, 1, lln: 2.1, pchg: -49, grade(3)),
        admiral(10, 1, lln: 2, pchg: -50, grade(3)),
        admiral(11, 1.5, lln: 2.1, pchg: nil, notAssessable(missing: "labs.fibrinogen.baseline", atLeast: 2)),
        admiral(12, 1.5, lln: 2.1, pchg: -10, grade(2)),
        admiral(13, 1.5, lln: 1.6, pchg: -25, grade(2)),
        admiral(14, 2, lln: 2.1, pchg: nil, notAssessable(missing: "labs.fibrinogen.baseline", atLeast: 1)),
        admiral(15, 2, lln: 2.1, pchg: 10, grade(1)),
        admiral(16, 1.5, lln: 1.5, pchg: 0, grade(0)),
        admiral(17, 1.5, lln: 1.5, pchg: -1, grade(0)),
        admiral(18, 1.5, lln: 1.5, pchg: nil, grade(0)),
        admiral(19, 1, lln: nil, pchg: -75, notAssessable(missing: "labs.fibrinogen.lln")),
        admiral(20, 1, lln: nil, pchg: -50, notAssessable(missing: "labs.fibrinogen.lln")),
        admiral(21, 1.5, lln: nil, pchg: -25, notAssessable(missing: "labs.fibrinogen.lln")),
        admiral(22, 1.5, lln: nil, pchg: -1, notAssessable(missing: "labs.fibrinogen.lln")),
        admiral(23, 1.5, lln: nil, pchg: 10, notAssessable(missing: "labs.fibrinogen.lln")),
    ])
    func fibrinogenAdmiral(_ row: LabCase) throws { try row.check() }

    // MARK: Triglycerides

    /// 150–300 mg/dL (1.71–3.42 mmol/L); > 300–500 (> 3.42–5.7); > 500–1000 (> 5.7–11.4); > 1000 (> 11.4).
    @Test("Hypertriglyceridemia", arguments: [
        LabCase("hypertriglyceridemia", "149.9 mg/dL", lab(.triglycerides, 149.9, .milligramsPerDeciliter), grade(0)),
        LabCase("hypertriglyceridemia", "150 mg/dL", lab(.triglycerides, 150, .milligramsPerDeciliter), grade(1)),
        LabCase("hypertriglyceridemia", "300 mg/dL", lab(.triglycerides, 300, .milligramsPerDeciliter), grade(1)),
        LabCase("hypertriglyceridemia", "301 mg/dL", lab(.triglycerides, 301, .milligramsPerDeciliter), grade(2)),
        LabCase("hypertriglyceridemia", "500 mg/dL", lab(.triglycerides, 500, .milligramsPerDeciliter), grade(2)),
        LabCase("hypertriglyceridemia", "501 mg/dL", lab(.triglycerides, 501, .milligramsPerDeciliter), grade(3)),
        LabCase("hypertriglyceridemia", "1000 mg/dL", lab(.triglycerides, 1000, .milligramsPerDeciliter), grade(3)),
        LabCase("hypertriglyceridemia", "1001 mg/dL", lab(.triglycerides, 1001, .milligramsPerDeciliter), grade(4)),
        LabCase("hypertriglyceridemia", "1.70 mmol/L", lab(.triglycerides, 1.70, .millimolesPerLiter), grade(0)),
        LabCase("hypertriglyceridemia", "1.71 mmol/L", lab(.triglycerides, 1.71, .millimolesPerLiter), grade(1)),
        LabCase("hypertriglyceridemia", "3.42 mmol/L", lab(.triglycerides, 3.42, .millimolesPerLiter), grade(1)),
        LabCase("hypertriglyceridemia", "3.43 mmol/L", lab(.triglycerides, 3.43, .millimolesPerLiter), grade(2)),
        LabCase("hypertriglyceridemia", "5.7 mmol/L", lab(.triglycerides, 5.7, .millimolesPerLiter), grade(2)),
        LabCase("hypertriglyceridemia", "5.71 mmol/L", lab(.triglycerides, 5.71, .millimolesPerLiter), grade(3)),
        LabCase("hypertriglyceridemia", "11.4 mmol/L", lab(.triglycerides, 11.4, .millimolesPerLiter), grade(3)),
        LabCase("hypertriglyceridemia", "11.41 mmol/L", lab(.triglycerides, 11.41, .millimolesPerLiter), grade(4)),
    ])
    func triglycerides(_ row: LabCase) throws { try row.check() }

    // MARK: Reporting

    @Test("Only terms whose lab is present are reported, one result each")
    func onlyPresentTerms() throws {
        let one = try Fixtures.terms(Self.criteria, lab(.alt, 130, .unitsPerLiter, uln: 40, baseline: 20))
        #expect(Array(one.keys) == ["alt"])
        #expect(one["alt"]?.grade == 2)

        let none = try Fixtures.terms(Self.criteria, Bedside.labs())
        #expect(none.isEmpty)
        let noLabs = try Fixtures.terms(Self.criteria, Bedside.crs())
        #expect(noLabs.isEmpty)

        // Ferritin has no CTCAE term here: it is not reported.
        let ferritin = try Fixtures.terms(Self.criteria, lab(.ferritin, 12_000, .nanogramsPerMilliliter))
        #expect(ferritin.isEmpty)

        let several = Bedside.labs()
            .lab(.anc, 0.3, .perNanoliter, lln: 1.8)
            .lab(.platelets, 40, .perNanoliter, lln: 150)
            .lab(.hemoglobin, 85, .gramsPerLiter, lln: 120)
        let results = try Fixtures.terms(Self.criteria, several)
        #expect(Set(results.keys) == ["neutrophils", "platelets", "anemia"])
        #expect(results["neutrophils"]?.grade == 4)
        #expect(results["platelets"]?.grade == 3)
        #expect(results["anemia"]?.grade == 2)
    }

    @Test("Each result carries the term id in its output")
    func termField() throws {
        let results = try Fixtures.bundled().evaluate(lab(.alt, 130, .unitsPerLiter, uln: 40, baseline: 20), only: [Self.criteria])
        #expect(results.count == 1)
        #expect(results.first?.term == "alt")
        guard case .object(let members)? = results.first?.json else { Issue.record("result is not a JSON object"); return }
        #expect(members.contains { $0.0 == "term" && $0.1 == .string("alt") })
        #expect(members.contains { $0.0 == "criteria" && $0.1 == .string(Self.criteria) })
    }
}
