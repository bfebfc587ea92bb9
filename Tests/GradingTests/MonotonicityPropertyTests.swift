import Clinical
import Grading
import PropertyBased
import Testing
import TestSupport

/// Properties every grading file must have, whatever the patient.
///
/// * Worsening one input (higher temperature, another vasopressor, a more intensive oxygen device,
///   worse consciousness, seizure, oedema or motor findings, lower ICE, higher CAPD, death) never
///   lowers a definite grade, nor the grade already proven.
/// * Making one input unknown never turns a definite grade into another definite grade (in
///   particular never a positive grade into 0); it may make it undetermined, and then the grade
///   still proven does not exceed the original.
/// * An undetermined grade's `atLeast` never exceeds the grade obtained once the missing inputs
///   are filled in, whatever they are filled with.
///
/// Counts are bounded so the suite stays fast; a failure prints the patient and the seed
/// (`.fixedSeed(...)`) that reproduces it.
@Suite("Monotonicity and missing-input properties (ASTCT 2019 CRS and ICANS, CTCAE v5.0 CRS)")
struct MonotonicityPropertyTests {
    static let crsCriteria = ["astct-2019-crs", "ctcae-5-crs"]
    static let icansCriteria = "astct-2019-icans"

    // MARK: CRS

    @Test("CRS: worsening any single input never lowers a definite or proven grade", arguments: crsCriteria)
    func crsWorsening(_ criteria: String) async {
        await propertyCheck(count: 300, input: CRSInputs.generator) { patient in
            let base = try Fixtures.outcome(criteria, patient.assessment)
            for (change, worse) in patient.worsenings {
                let after = try Fixtures.outcome(criteria, worse.assessment)
                #expect(after.provenGrade >= base.provenGrade,
                        "\(criteria): \(change) lowered \(base.summary) to \(after.summary) for \(patient)")
            }
        }
    }

    @Test("CRS: removing any single input never changes a definite grade into another grade", arguments: crsCriteria)
    func crsRemoval(_ criteria: String) async {
        let checked = CheckedCases()
        await propertyCheck(count: 300, input: CRSInputs.generator) { patient in
            let base = try Fixtures.outcome(criteria, patient.assessment)
            guard let grade = base.grade else { return }
            checked.add()
            for (change, fewer) in patient.removals {
                let after = try Fixtures.outcome(criteria, fewer.assessment)
                #expect(after.grade == nil || after.grade == grade, "\(criteria): \(change) changed \(base.summary) to \(after.summary) for \(patient)")
                #expect(!(grade > 0 && after.grade == 0), "\(criteria): \(change) turned grade \(grade) into 0 for \(patient)")
                #expect((after.atLeast ?? 0) <= grade, "\(criteria): \(change) proved more than \(grade): \(after.summary) for \(patient)")
                if after.grade == nil { #expect(!after.missing.isEmpty, "\(criteria): undetermined without missing inputs for \(patient)") }
            }
        }
        // A property checked on a handful of patients proves little: a tenth at least must reach it.
        #expect(checked.value >= 30, "only \(checked.value) of 300 patients had a definite grade to remove inputs from")
    }

    @Test("CRS: an undetermined grade's atLeast never exceeds the grade after filling the missing inputs", arguments: crsCriteria)
    func crsFilling(_ criteria: String) async {
        let checked = CheckedCases()
        await propertyCheck(count: 300, input: CRSInputs.generator) { patient in
            let base = try Fixtures.outcome(criteria, patient.assessment)
            guard base.grade == nil else { return }
            checked.add()
            #expect(!base.missing.isEmpty, "\(criteria): undetermined without missing inputs for \(patient)")
            var rng = SplitMix64(seed: stableSeed(patient.description))
            for _ in 0..<4 {
                let complete = patient.filled(using: &rng)
                let filled = try Fixtures.outcome(criteria, complete.assessment)
                let grade = try #require(filled.grade, "\(criteria): a fully stated patient is undetermined: \(filled.summary) for \(complete)")
                #expect((base.atLeast ?? 0) <= grade, "\(criteria): atLeast \(base.atLeast ?? 0) but filled grade \(grade) for \(complete)")
            }
        }
        // A property checked on a handful of patients proves little: a tenth at least must reach it.
        #expect(checked.value >= 30, "only \(checked.value) of 300 patients had an undetermined grade to fill in")
    }

    // MARK: ICANS

    @Test("ICANS: worsening any single input never lowers a definite or proven grade")
    func icansWorsening() async {
        await propertyCheck(count: 300, input: ICANSInputs.generator) { patient in
            let base = try Fixtures.outcome(Self.icansCriteria, patient.assessment)
            for (change, worse) in patient.worsenings {
                let after = try Fixtures.outcome(Self.icansCriteria, worse.assessment)
                #expect(after.provenGrade >= base.provenGrade, "\(change) lowered \(base.summary) to \(after.summary) for \(patient)")
            }
        }
    }

    @Test("ICANS: removing any single input never changes a definite grade into another grade")
    func icansRemoval() async {
        let checked = CheckedCases()
        await propertyCheck(count: 300, input: ICANSInputs.generator) { patient in
            let base = try Fixtures.outcome(Self.icansCriteria, patient.assessment)
            guard let grade = base.grade else { return }
            checked.add()
            for (change, fewer) in patient.removals {
                let after = try Fixtures.outcome(Self.icansCriteria, fewer.assessment)
                #expect(after.grade == nil || after.grade == grade, "\(change) changed \(base.summary) to \(after.summary) for \(patient)")
                #expect(!(grade > 0 && after.grade == 0), "\(change) turned grade \(grade) into 0 for \(patient)")
                #expect((after.atLeast ?? 0) <= grade, "\(change) proved more than \(grade): \(after.summary) for \(patient)")
                if after.grade == nil { #expect(!after.missing.isEmpty, "undetermined without missing inputs for \(patient)") }
            }
        }
        // A property checked on a handful of patients proves little: a tenth at least must reach it.
        #expect(checked.value >= 30, "only \(checked.value) of 300 patients had a definite grade to remove inputs from")
    }

    @Test("ICANS: an undetermined grade's atLeast never exceeds the grade after filling the missing inputs")
    func icansFilling() async {
        let checked = CheckedCases()
        await propertyCheck(count: 300, input: ICANSInputs.generator) { patient in
            let base = try Fixtures.outcome(Self.icansCriteria, patient.assessment)
            guard base.grade == nil else { return }
            checked.add()
            #expect(!base.missing.isEmpty, "undetermined without missing inputs for \(patient)")
            var rng = SplitMix64(seed: stableSeed(patient.description))
            for _ in 0..<4 {
                let complete = patient.filled(using: &rng)
                let filled = try Fixtures.outcome(Self.icansCriteria, complete.assessment)
                let grade = try #require(filled.grade, "a fully stated patient is undetermined: \(filled.summary) for \(complete)")
                #expect((base.atLeast ?? 0) <= grade, "atLeast \(base.atLeast ?? 0) but filled grade \(grade) for \(complete)")
            }
        }
        // A property checked on a handful of patients proves little: a tenth at least must reach it.
        #expect(checked.value >= 30, "only \(checked.value) of 300 patients had an undetermined grade to fill in")
    }

    @Test("The generators reach definite and undetermined grades of every level")
    func generatorsCoverTheScale() async throws {
        var rng = SplitMix64(seed: 20_191_225)
        var crsGrades = Set<Int?>(), icansGrades = Set<Int?>()
        for _ in 0..<2000 {
            crsGrades.insert(try Fixtures.outcome("astct-2019-crs", CRSInputs.random(using: &rng).assessment).grade)
            icansGrades.insert(try Fixtures.outcome(Self.icansCriteria, ICANSInputs.random(using: &rng).assessment).grade)
        }
        #expect(crsGrades == Set([nil, 0, 1, 2, 3, 4, 5]), "CRS grades reached: \(crsGrades)")
        #expect(icansGrades == Set([nil, 0, 1, 2, 3, 4, 5]), "ICANS grades reached: \(icansGrades)")
    }
}

/// A seed that depends only on `text` (FNV-1a), unlike `hashValue`, which changes between runs.
func stableSeed(_ text: String) -> UInt64 {
    text.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
}
