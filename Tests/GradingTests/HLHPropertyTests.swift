import Clinical
import Grading
import PropertyBased
import Testing
import TestSupport

// MARK: - Inputs

/// The inputs HLH-2004, HScore, CARTOX carHLH and the IEC-HS features read, drawn near their
/// published bounds. Every input is sometimes absent (unknown).
struct HLHInputs: Sendable, CustomStringConvertible {
    var ageYears: Double?
    var immunosuppressed: Bool?
    var temperature: Temperature?
    var splenomegaly: Bool?
    var hepatomegaly: Bool?
    /// Absent reads "no molecular diagnosis" (interpretation molecular-recorded-when-present).
    var molecular: Bool?
    var hemophagocytosis: Hemophagocytosis?
    var organToxicity: [OrganToxicityTerm: Int]
    var labs: [Analyte: LabResult]
    var nkActivity: NKActivity?

    /// A value drawn from `values` in one of `unit`'s forms: `(unit, factor)` pairs multiply the
    /// value into that unit.
    static func lab<R: RandomNumberGenerator>(_ values: [Double], _ units: [(LabUnit, Double)], using rng: inout R) -> (Double, LabUnit, Double) {
        let (unit, factor) = rng.pick(units)
        return (rng.pick(values) * factor, unit, factor)
    }

    static func random<R: RandomNumberGenerator>(using rng: inout R) -> HLHInputs {
        var labs: [Analyte: LabResult] = [:]
        func add(_ analyte: Analyte, _ values: [Double], _ units: [(LabUnit, Double)], uln: [Double] = [], lln: [Double] = [],
                 baseline: [Double] = [], using rng: inout R) {
            guard !rng.chance(0.15) else { return }
            let (value, unit, factor) = lab(values, units, using: &rng)
            var result = LabResult(value: value, unit: unit)
            if !uln.isEmpty { result.uln = rng.maybe(0.2) { $0.pick(uln) * factor } }
            if !lln.isEmpty { result.lln = rng.maybe(0.3) { $0.pick(lln) * factor } }
            if !baseline.isEmpty { result.baseline = rng.maybe(0.3) { $0.pick(baseline) * factor } }
            if analyte == .triglycerides { result.fasting = rng.maybe(0.3) { $0.chance(0.6) } }
            labs[analyte] = result
        }
        let counts: [(LabUnit, Double)] = [(.perNanoliter, 1), (.perMicroliter, 1000)]
        add(.hemoglobin, [70, 89, 90, 92, 93, 95, 99, 100, 130], [(.gramsPerLiter, 1), (.gramsPerDeciliter, 0.1)], using: &rng)
        add(.platelets, [30, 99, 100, 110, 111, 250], counts, using: &rng)
        add(.anc, [0.3, 0.99, 1.0, 4.0], counts, using: &rng)
        add(.wbc, [2.0, 5.0, 5.1, 8.0], counts, using: &rng)
        add(.ferritin, [200, 499, 500, 1999, 2000, 6000, 6001, 10000, 10001, 30000], [(.nanogramsPerMilliliter, 1), (.microgramsPerLiter, 1)],
            uln: [300], baseline: [100, 300, 3000], using: &rng)
        if rng.chance(0.5) {
            add(.triglycerides, [1.0, 1.49, 1.5, 2.99, 3.0, 4.0, 4.01], [(.millimolesPerLiter, 1)], using: &rng)
        } else {
            add(.triglycerides, [100, 132.6, 132.7, 264, 265, 354, 354.1], [(.milligramsPerDeciliter, 1)], using: &rng)
        }
        add(.fibrinogen, [1.0, 1.5, 1.51, 2.5, 2.51, 3.5], [(.gramsPerLiter, 1), (.milligramsPerDeciliter, 100)], lln: [2.0], using: &rng)
        add(.scd25, [1000, 2399, 2400, 8000], [(.unitsPerMilliliter, 1)], using: &rng)
        add(.ast, [20, 29, 30, 100, 200, 201, 300, 900], [(.unitsPerLiter, 1)], uln: [40], baseline: [20, 60], using: &rng)
        add(.alt, [20, 100, 200, 201, 300, 900], [(.unitsPerLiter, 1)], uln: [40], baseline: [20, 60], using: &rng)
        add(.bilirubin, [10, 30, 60, 61, 250], [(.micromolesPerLiter, 1)], uln: [20], baseline: [10, 30], using: &rng)
        add(.creatinine, [80, 150, 300, 301, 700], [(.micromolesPerLiter, 1)], uln: [100], baseline: [80, 120], using: &rng)
        var organs: [OrganToxicityTerm: Int] = [:]
        for term in OrganToxicityTerm.allCases where !rng.chance(0.15) { organs[term] = rng.pick([0, 0, 1, 2, 3, 4]) }
        let celsius = Double(Int.random(in: 365...410, using: &rng)) / 10
        return HLHInputs(
            ageYears: rng.maybe(0.1) { $0.pick([54, 8, 18 / 365.25, 0.2]) },
            immunosuppressed: rng.maybe { $0.chance(0.2) },
            temperature: rng.maybe { $0.chance(0.2) ? .fahrenheit(Conversion.celsiusToFahrenheit(celsius)) : .celsius(celsius) },
            splenomegaly: rng.maybe { $0.chance(0.5) },
            hepatomegaly: rng.maybe { $0.chance(0.5) },
            molecular: rng.chance(0.05) ? true : rng.maybe(0.5) { _ in false },
            hemophagocytosis: rng.maybe { $0.pick(Hemophagocytosis.allCases) },
            organToxicity: organs,
            labs: labs,
            nkActivity: rng.maybe { $0.pick(NKActivity.allCases) })
    }

    var assessment: Assessment {
        Assessment(patient: .init(id: "PROP-HLH", ageYears: ageYears, immunosuppressed: immunosuppressed), time: Bedside.time,
                   vitals: .init(temperature: temperature),
                   labs: .init(labs, nkActivity: nkActivity),
                   findings: .init(splenomegaly: splenomegaly, hepatomegaly: hepatomegaly, molecularHLHDiagnosis: molecular,
                                   hemophagocytosis: hemophagocytosis, organToxicity: organToxicity))
    }

    var description: String {
        func text<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "unknown" }
        let labText = labs.sorted { $0.key.rawValue < $1.key.rawValue }.map { analyte, r in
            "\(analyte.rawValue) \(r.value) \(r.unit.rawValue)" + (r.uln.map { " uln \($0)" } ?? "") + (r.lln.map { " lln \($0)" } ?? "")
                + (r.baseline.map { " bl \($0)" } ?? "") + (r.fasting.map { $0 ? " fasting" : " non-fasting" } ?? "")
        }.joined(separator: "; ")
        let organText = organToxicity.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
        return "age \(text(ageYears)), immunosuppressed \(text(immunosuppressed)), "
            + "temperature \(temperature.map { "\($0.value) \($0.unit.rawValue)" } ?? "unknown"), spleen \(text(splenomegaly)), "
            + "liver \(text(hepatomegaly)), molecular \(text(molecular)), haemophagocytosis \(hemophagocytosis?.rawValue ?? "unknown"), "
            + "NK \(nkActivity?.rawValue ?? "unknown"), organs [\(organText)], labs [\(labText)]"
    }

    static let generator = Generator<HLHInputs, Shrink.None<HLHInputs>>(run: { rng in HLHInputs.random(using: &rng) })

    // MARK: Changes

    /// Ferritin raised in its own unit, reference limits kept.
    var ferritinRaises: [(String, HLHInputs)] {
        guard let ferritin = labs[.ferritin] else { return [] }
        return [1, 300, 1500, 4000, 8000, 25000].map { step in
            var c = self
            c.labs[.ferritin]?.value = ferritin.value + step
            return ("ferritin \(ferritin.value) raised by \(step) \(ferritin.unit.rawValue)", c)
        }
    }

    /// Every single HLH-2004 finding added (or made positive).
    var hlh2004Findings: [(String, HLHInputs)] {
        var list: [(String, HLHInputs)] = []
        func add(_ what: String, _ change: (inout HLHInputs) -> Void) { var c = self; change(&c); list.append((what, c)) }
        add("fever 39.5 °C") { $0.temperature = .celsius(39.5) }
        add("splenomegaly") { $0.splenomegaly = true }
        add("Hb 70 g/L") { $0.labs[.hemoglobin] = LabResult(value: 70, unit: .gramsPerLiter) }
        add("platelets 30") { $0.labs[.platelets] = LabResult(value: 30, unit: .perNanoliter) }
        add("ANC 0.3") { $0.labs[.anc] = LabResult(value: 0.3, unit: .perNanoliter) }
        add("fasting triglycerides 4.0 mmol/L") { $0.labs[.triglycerides] = LabResult(value: 4.0, unit: .millimolesPerLiter, fasting: true) }
        add("fibrinogen 1.0 g/L") { $0.labs[.fibrinogen] = LabResult(value: 1.0, unit: .gramsPerLiter) }
        for site in [Hemophagocytosis.boneMarrow, .spleen, .lymphNode] { add("haemophagocytosis in \(site.rawValue)") { $0.hemophagocytosis = site } }
        add("NK activity low") { $0.nkActivity = .low }
        add("NK activity absent") { $0.nkActivity = .absent }
        if (labs[.ferritin]?.value ?? 0) < 5000 {
            add("ferritin 5000 ng/mL") { $0.labs[.ferritin] = LabResult(value: 5000, unit: .nanogramsPerMilliliter) }
        }
        add("sCD25 5000 U/mL") { $0.labs[.scd25] = LabResult(value: 5000, unit: .unitsPerMilliliter) }
        add("molecular diagnosis") { $0.molecular = true }
        return list
    }

    /// Every single input made unknown. The molecular diagnosis is left alone: absent reads "no"
    /// (interpretation molecular-recorded-when-present), so removing it is not making it unknown.
    var removals: [(String, HLHInputs)] {
        var list: [(String, HLHInputs)] = []
        func add(_ what: String, _ change: (inout HLHInputs) -> Void) { var c = self; change(&c); list.append((what, c)) }
        if ageYears != nil { add("age removed") { $0.ageYears = nil } }
        if immunosuppressed != nil { add("immunosuppression removed") { $0.immunosuppressed = nil } }
        if temperature != nil { add("temperature removed") { $0.temperature = nil } }
        if splenomegaly != nil { add("splenomegaly removed") { $0.splenomegaly = nil } }
        if hepatomegaly != nil { add("hepatomegaly removed") { $0.hepatomegaly = nil } }
        if hemophagocytosis != nil { add("haemophagocytosis removed") { $0.hemophagocytosis = nil } }
        if nkActivity != nil { add("NK activity removed") { $0.nkActivity = nil } }
        for term in organToxicity.keys { add("\(term.rawValue) grade removed") { $0.organToxicity[term] = nil } }
        for (analyte, result) in labs {
            add("\(analyte.rawValue) removed") { $0.labs[analyte] = nil }
            if result.uln != nil { add("\(analyte.rawValue) ULN removed") { $0.labs[analyte]?.uln = nil } }
            if result.lln != nil { add("\(analyte.rawValue) LLN removed") { $0.labs[analyte]?.lln = nil } }
            if result.baseline != nil { add("\(analyte.rawValue) baseline removed") { $0.labs[analyte]?.baseline = nil } }
            if result.fasting != nil { add("\(analyte.rawValue) fasting flag removed") { $0.labs[analyte]?.fasting = nil } }
        }
        return list
    }
}

// MARK: - Properties

/// Properties of the HLH criteria sets and the HScore, whatever the patient.
///
/// * Raising ferritin never lowers the HScore nor either end of its range, and never un-meets a
///   criterion of HLH-2004, CARTOX carHLH or the IEC-HS features (nor their `met`).
/// * Adding any single HLH-2004 finding never turns `met` true into false or null, never turns an
///   open answer into false, and never un-meets another criterion.
/// * Removing any single input never changes a known `met` into the opposite value (it may leave
///   it open, and then names what it waits for); never moves a known HScore (the range then
///   contains it) nor narrows a range; never flips `meetsCutoff`; never flips an IEC-HS feature.
///
/// Counts are bounded (300 patients each); a failure prints the patient and the seed
/// (`.fixedSeed(...)`) that reproduces it.
@Suite("HLH properties: ferritin monotonicity, added findings, removed inputs")
struct HLHPropertyTests {
    static let criteriaSets = ["hlh-2004", "cartox-2018-hlh", "iec-hs-2023"]
    static let decidingSets = ["hlh-2004", "cartox-2018-hlh"]

    @Test("Raising ferritin never lowers the HScore or its range")
    func ferritinHScore() async {
        await propertyCheck(count: 300, input: HLHInputs.generator) { patient in
            let base = try Fixtures.score("hscore", patient.assessment)
            for (change, raised) in patient.ferritinRaises {
                let after = try Fixtures.score("hscore", raised.assessment)
                #expect(after.low >= base.low && after.high >= base.high, "\(change) lowered \(base.summary) to \(after.summary) for \(patient)")
                if let score = base.score, let later = after.score { #expect(later >= score, "\(change): \(score) → \(later) for \(patient)") }
            }
        }
    }

    @Test("Raising ferritin never un-meets a criterion", arguments: criteriaSets)
    func ferritinCriteria(_ criteria: String) async {
        await propertyCheck(count: 300, input: HLHInputs.generator) { patient in
            let base = try Fixtures.criteriaSet(criteria, patient.assessment)
            for (change, raised) in patient.ferritinRaises {
                let after = try Fixtures.criteriaSet(criteria, raised.assessment)
                #expect(Set(base.criteriaMet).isSubset(of: after.criteriaMet), "\(criteria): \(change) un-met a criterion: \(base.summary) → \(after.summary) for \(patient)")
                if base.met == true { #expect(after.met == true, "\(criteria): \(change) un-met the set: \(after.summary) for \(patient)") }
                if base.met == nil { #expect(after.met != false, "\(criteria): \(change) closed an open set to false: \(after.summary) for \(patient)") }
            }
        }
    }

    @Test("Adding any single HLH-2004 finding never turns met true into false")
    func addedFinding() async {
        await propertyCheck(count: 300, input: HLHInputs.generator) { patient in
            let base = try Fixtures.criteriaSet("hlh-2004", patient.assessment)
            for (finding, added) in patient.hlh2004Findings {
                let after = try Fixtures.criteriaSet("hlh-2004", added.assessment)
                if base.met == true { #expect(after.met == true, "\(finding) turned met true into \(after.summary) for \(patient)") }
                if base.met == nil { #expect(after.met != false, "\(finding) turned an open answer into false: \(after.summary) for \(patient)") }
                #expect(Set(base.criteriaMet).isSubset(of: after.criteriaMet), "\(finding) un-met a criterion: \(base.summary) → \(after.summary) for \(patient)")
                #expect(after.count >= base.count, "\(finding) lowered the count: \(base.summary) → \(after.summary) for \(patient)")
            }
        }
    }

    @Test("Removing an input never changes a known met into the opposite value", arguments: decidingSets)
    func removedInputMet(_ criteria: String) async {
        let checked = CheckedCases()
        await propertyCheck(count: 300, input: HLHInputs.generator) { patient in
            let base = try Fixtures.criteriaSet(criteria, patient.assessment)
            if base.met == nil { #expect(!base.missing.isEmpty, "\(criteria): open without missing inputs: \(base.summary) for \(patient)") }
            guard let met = base.met else { return }
            checked.add()
            for (change, fewer) in patient.removals {
                let after = try Fixtures.criteriaSet(criteria, fewer.assessment)
                #expect(after.met == nil || after.met == met, "\(criteria): \(change) changed met \(met) to \(after.summary) for \(patient)")
                if after.met == nil { #expect(!after.missing.isEmpty, "\(criteria): open without missing inputs after \(change) for \(patient)") }
                #expect(after.count <= base.count, "\(criteria): \(change) raised the count: \(base.summary) → \(after.summary) for \(patient)")
            }
        }
        // A property checked on a handful of patients proves little: a tenth at least must reach it.
        #expect(checked.value >= 30, "only \(checked.value) of 300 patients had a known met to remove inputs from")
    }

    @Test("Removing an input never flips an IEC-HS feature")
    func removedInputFeatures() async {
        await propertyCheck(count: 300, input: HLHInputs.generator) { patient in
            let base = try Fixtures.criteriaSet("iec-hs-2023", patient.assessment)
            for (change, fewer) in patient.removals {
                let after = try Fixtures.criteriaSet("iec-hs-2023", fewer.assessment)
                #expect(after.met == nil && !after.decides)
                for id in base.criteriaMet { #expect(after.state(of: id) != .notMet, "\(change) flipped \(id) to not met for \(patient)") }
                for id in base.criteriaNotMet { #expect(after.state(of: id) != .met, "\(change) flipped \(id) to met for \(patient)") }
            }
        }
    }

    @Test("Removing an input never moves a known HScore, narrows its range or flips meetsCutoff")
    func removedInputScore() async {
        await propertyCheck(count: 300, input: HLHInputs.generator) { patient in
            let base = try Fixtures.score("hscore", patient.assessment)
            if base.score == nil { #expect(!base.missing.isEmpty, "a range without missing inputs: \(base.summary) for \(patient)") }
            for (change, fewer) in patient.removals {
                let after = try Fixtures.score("hscore", fewer.assessment)
                #expect(after.low <= base.low && after.high >= base.high, "\(change) narrowed \(base.summary) to \(after.summary) for \(patient)")
                if let score = base.score { #expect(after.score == nil || after.score == score, "\(change) moved \(score) to \(after.summary) for \(patient)") }
                if let meets = base.meetsCutoff {
                    #expect(after.meetsCutoff == nil || after.meetsCutoff == meets, "\(change) flipped meetsCutoff: \(after.summary) for \(patient)")
                }
            }
        }
    }

    @Test("The generator reaches met true, false and null, and known and open scores")
    func generatorCoversOutcomes() throws {
        var rng = SplitMix64(seed: 20_070_124)
        var hlh = Set<Bool?>(), cartox = Set<Bool?>(), scores = Set<Bool>(), cutoffs = Set<Bool?>()
        for _ in 0..<400 {
            let patient = HLHInputs.random(using: &rng)
            hlh.insert(try Fixtures.criteriaSet("hlh-2004", patient.assessment).met)
            cartox.insert(try Fixtures.criteriaSet("cartox-2018-hlh", patient.assessment).met)
            let score = try Fixtures.score("hscore", patient.assessment)
            scores.insert(score.score != nil)
            cutoffs.insert(score.meetsCutoff)
        }
        #expect(hlh == [true, false, nil], "HLH-2004 met reached: \(hlh)")
        #expect(cartox == [true, false, nil], "carHLH met reached: \(cartox)")
        #expect(scores == [true, false], "HScore known and open reached: \(scores)")
        #expect(cutoffs == [true, false, nil], "meetsCutoff reached: \(cutoffs)")
    }
}
