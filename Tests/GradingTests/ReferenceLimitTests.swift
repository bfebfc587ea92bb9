import Clinical
import Grading
import Testing
import TestSupport

/// Laboratory data sets give 0 as the lower limit of an analyte that has only an upper one. aegrade
/// accepts a limit (or baseline) of 0 where no grade reads it, and rejects it, naming the field,
/// where a grade would divide by it or compare with it.
@Suite("Reference limits of 0: accepted where unused, rejected where a grade reads them")
struct ReferenceLimitTests {
    struct LimitCase: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let labs: String
        /// The rejected field, or nil when the line is graded.
        let rejected: String?
    }

    static let cases: [LimitCase] = [
        LimitCase(testDescription: "triglycerides with LLN 0 are graded (hypertriglyceridemia reads no LLN)",
                  labs: #""triglycerides": {"value": 2.0, "unit": "mmol/L", "uln": 1.7, "lln": 0}"#, rejected: nil),
        LimitCase(testDescription: "ALT with LLN 0 is graded (ALT reads ULN and baseline)",
                  labs: #""alt": {"value": 130, "unit": "U/L", "uln": 40, "lln": 0, "baseline": 20}"#, rejected: nil),
        LimitCase(testDescription: "creatinine with LLN 0 is graded",
                  labs: #""creatinine": {"value": 80, "unit": "umol/L", "uln": 100, "lln": 0, "baseline": 70}"#, rejected: nil),
        LimitCase(testDescription: "ANC with LLN 0 is rejected: grade 1 is below LLN",
                  labs: #""anc": {"value": 1.7, "unit": "10^9/L", "lln": 0}"#, rejected: "labs.anc.lln"),
        LimitCase(testDescription: "fibrinogen with LLN 0 is rejected: × LLN divides by it",
                  labs: #""fibrinogen": {"value": 1.7, "unit": "g/L", "lln": 0}"#, rejected: "labs.fibrinogen.lln"),
        LimitCase(testDescription: "ALT with ULN 0 is rejected: × ULN divides by it",
                  labs: #""alt": {"value": 30, "unit": "U/L", "uln": 0}"#, rejected: "labs.alt.uln"),
        LimitCase(testDescription: "creatinine with baseline 0 is rejected: × baseline divides by it",
                  labs: #""creatinine": {"value": 80, "unit": "umol/L", "uln": 100, "baseline": 0}"#, rejected: "labs.creatinine.baseline"),
        LimitCase(testDescription: "ferritin with ULN 0 is rejected: IEC-HS reads ferritin × ULN",
                  labs: #""ferritin": {"value": 800, "unit": "ng/mL", "uln": 0}"#, rejected: "labs.ferritin.uln"),
        LimitCase(testDescription: "ferritin with LLN 0 is graded (no criteria read the ferritin LLN)",
                  labs: #""ferritin": {"value": 800, "unit": "ng/mL", "lln": 0}"#, rejected: nil),
    ]

    @Test("a limit of 0 is rejected only where a grade reads it", arguments: cases)
    func limitOfZero(_ row: LimitCase) throws {
        let line = #"{"patient":{"id":"L-1"},"time":"2026-11-22T08:00:00Z","labs":{"# + row.labs + "}}"
        let (output, rejected) = BatchGrader(criteria: try Fixtures.bundled()).gradeOne(try JSONParser.parse(line))
        #expect(rejected == (row.rejected != nil), "\(output)")
        if let field = row.rejected {
            #expect(output.contains(#""field":"\#(field)""#), "\(output)")
            #expect(output.contains("0 cannot be used"), "\(output)")
        }
    }

    @Test("a limit of 0 that only an unselected criteria file reads is accepted")
    func onlyTheSelectedCriteriaCount() throws {
        let line = #"{"patient":{"id":"L-1"},"time":"2026-11-22T08:00:00Z","labs":{"anc":{"value":1.7,"unit":"10^9/L","lln":0}}}"#
        let (output, rejected) = BatchGrader(criteria: try Fixtures.bundled(), only: ["astct-2019-crs"]).gradeOne(try JSONParser.parse(line))
        #expect(!rejected, "\(output)")
    }

    @Test("where the check is not run, an LLN of 0 reads as missing, never as a limit nothing is below")
    func zeroLimitIsMissingInEvaluation() throws {
        let assessment = Bedside.labs().lab(.anc, 1.7, .perNanoliter, lln: 0)
        let outcome = try #require(try Fixtures.terms("ctcae-5-labs", assessment)["neutrophils"])
        #expect(outcome.grade == nil)
        #expect(outcome.missing.map(\.text) == ["labs.anc.lln"])
    }
}
