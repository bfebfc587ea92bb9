import Clinical
import Foundation
@testable import Grading
import Testing

/// The names of the vocabulary are numbered and read into one array per assessment
/// (``InputValues``), words and units by position and missing inputs as bit sets. That array must
/// say what the plain reading of each name says (``ReferenceReadings``: one closure per name, words
/// and units as text, missing inputs as lists of paths), for every name, on every kind of input.
@Suite("Input values: every name read by number as the plain reading reads it")
struct InputValuesTests {
    @Test("every name has one number, and the reference reads every name")
    func numbering() {
        #expect(Vocabulary.byInput.map(\.input) == (0..<Int32(Input.count)).map { $0 }, "the numbers are 0..<\(Input.count), each once")
        #expect(Set(Vocabulary.variables.keys) == ReferenceReadings.names)
        #expect(Vocabulary.variables.count == Input.count)
    }

    @Test("golden full and partial panels, and the same panels thinned at random")
    func goldenPanels() throws {
        let seed = ProcessInfo.processInfo.environment["AEGRADE_TEST_SEED"].flatMap(UInt64.init) ?? 20_261_207
        var rng = SplitMix64(seed: seed)
        var compared = 0, missingSeen = 0, rangesSeen = 0
        try ProgramReferenceTests.forEachGoldenPanelThinned(&rng, step: 0.1) { input, assessment in
            let (missing, ranges) = Self.check(assessment, "\(input.compactText)")
            missingSeen += missing
            rangesSeen += ranges
            compared += 1
        }
        #expect(compared >= 600, "only \(compared) assessments compared")
        #expect(missingSeen >= 1000 && rangesSeen >= 50, "missing \(missingSeen), ranges \(rangesSeen)")
    }

    @Test("cases the panels seldom hold: every ICE and CAPD form, repeated and other vasopressors, limits of 0, °F, causes of death")
    func edgeCases() {
        let patient = Assessment.Patient(id: "P", ageYears: 0.05, developmentalDelay: true, immunosuppressed: false)
        let time = ClinicalTime(secondsSinceEpoch: 1_800_000_000)
        var cases: [Assessment] = [Assessment(patient: Assessment.Patient(id: "Q"), time: time)]
        let ices: [ICE?] = [nil, .unable(.unarousable), .unable(.awakeAphasic), .unable(.other), .total(7),
                            .items(orientation: 4, naming: 3, commands: 1, writing: 0, attention: 1)]
        let capds: [CAPD?] = [nil, .unable, .total(12), .answers(Array(repeating: .often, count: 8))]
        for (index, ice) in ices.enumerated() {
            let pressors: [[Vasopressor]?] = [nil, [], [Vasopressor(drug: .norepinephrine, dose: 0.1, unit: .mcgPerKgPerMin),
                                                         Vasopressor(drug: .norepinephrine, dose: 0.2, unit: .mcgPerKgPerMin),
                                                         Vasopressor(drug: .other, dose: 5, unit: .mcgPerMin),
                                                         Vasopressor(drug: .other, dose: 5, unit: .mcgPerMin),
                                                         Vasopressor(drug: .vasopressin, dose: 0.03, unit: .unitsPerMin)]]
            let labs = Assessment.Labs([
                .hemoglobin: LabResult(value: 9.5, unit: .gramsPerDeciliter, uln: 0, lln: 12, baseline: 0),
                .triglycerides: LabResult(value: 300, unit: .milligramsPerDeciliter, uln: 150, fasting: index % 2 == 0),
                .platelets: LabResult(value: 105_000, unit: .perMicroliter, lln: 150_000),
                .fibrinogen: LabResult(value: 1.2, unit: .gramsPerLiter, baseline: 3),
            ], nkActivity: index % 2 == 0 ? .absent : nil)
            cases.append(Assessment(
                patient: index % 3 == 0 ? patient : Assessment.Patient(id: "P", infusionTime: ClinicalTime(secondsSinceEpoch: 1_799_000_000)),
                time: time,
                vitals: Assessment.Vitals(temperature: index % 2 == 0 ? .fahrenheit(101.5) : .celsius(38.4), hypotension: index % 2 == 0),
                support: Assessment.Support(vasopressors: pressors[index % 3], oxygen: index % 2 == 0 ? Oxygen(device: .bipap, fio2: 0.5) : nil),
                neuro: Assessment.Neuro(ice: ice, capd: capds[index % capds.count], consciousness: .awakensToVoice, seizure: .prolonged),
                labs: index == 5 ? nil : labs,
                findings: Assessment.Findings(hemophagocytosis: .liver, organToxicity: [.acuteKidneyInjury: 3]),
                treatments: Assessment.Treatments(tocilizumab: true, anakinra: false),
                otherCause: index % 2 == 0 ? [.fever, .ice] : nil,
                outcome: Assessment.Outcome(death: index < DeathCause.allCases.count ? DeathCause.allCases[index] : nil)))
        }
        for assessment in cases { _ = Self.check(assessment, "\(assessment)") }
    }

    /// Compares every name; returns how many read missing and how many a range.
    static func check(_ assessment: Assessment, _ what: @autoclosure () -> String) -> (missing: Int, ranges: Int) {
        let subject = Subject(assessment)
        var missing = 0, ranges = 0
        for variable in Vocabulary.byInput {
            let want = ReferenceReadings.reading(variable.name, assessment)
            let got = Self.reading(subject.inputs[Int(variable.input)], as: variable.type)
            #expect(got == want, "\(variable.name) on \(what())")
            if case .missing = got { missing += 1 }
            if case .range = got { ranges += 1 }
        }
        return (missing, ranges)
    }

    /// A value of the array as the reference reads it: words and units spelt out, paths listed.
    static func reading(_ value: SlotValue, as type: ValueType) -> ReferenceReading {
        switch value {
        case .bool(let flag): return .bool(flag)
        case .number(let number): return .number(number)
        case .quantity(let number, let unit):
            guard case .quantity(let dimension) = type, dimension.units.indices.contains(Int(unit)) else { return .quantity(number, "?") }
            return .quantity(number, dimension.units[Int(unit)])
        case .word(let position):
            guard case .word(let words) = type, words.indices.contains(Int(position)) else { return .word("?") }
            return .word(words[Int(position)])
        case .missing(let paths): return .missing(paths.paths)
        case .range(let low, let high, let paths): return .range(low, high, paths.paths)
        }
    }
}
