import Testing
@testable import Clinical

@Suite("ICE total and unable reason (ASTCT 2019)")
struct ICEDerivedTests {
    static let totals: [Row<ICE, Int?>] = [
        Row("a fully oriented patient who names, follows, writes and counts scores 10",
            .items(orientation: 4, naming: 3, commands: 1, writing: 1, attention: 1), 10),
        Row("a patient who fails every task scores 0",
            .items(orientation: 0, naming: 0, commands: 0, writing: 0, attention: 0), 0),
        Row("orientation 3 and naming 3 with the rest failed scores 6 (grade 2 band)",
            .items(orientation: 3, naming: 3, commands: 0, writing: 0, attention: 0), 6),
        Row("orientation 2, naming 1, writing 1 scores 4",
            .items(orientation: 2, naming: 1, commands: 0, writing: 1, attention: 0), 4),
        Row("commands, writing and attention alone score 3",
            .items(orientation: 0, naming: 0, commands: 1, writing: 1, attention: 1), 3),
        Row("orientation 4 and naming 3 alone score 7 (grade 1 band)",
            .items(orientation: 4, naming: 3, commands: 0, writing: 0, attention: 0), 7),
        Row("orientation 1 alone scores 1", .items(orientation: 1, naming: 0, commands: 0, writing: 0, attention: 0), 1),
        Row("naming 2 alone scores 2", .items(orientation: 0, naming: 2, commands: 0, writing: 0, attention: 0), 2),
        Row("an ICE entered as a total of 7 is 7", .total(7), 7),
        Row("an ICE entered as a total of 0 is 0, a score rather than 'unable'", .total(0), 0),
        Row("an ICE entered as a total of 10 is 10", .total(10), 10),
        Row("an unarousable patient has no ICE total", .unable(.unarousable), nil),
        Row("an awake but aphasic patient has no ICE total", .unable(.awakeAphasic), nil),
        Row("an ICE not done for another reason has no total", .unable(.other), nil),
    ]

    @Test("the ICE total is the sum of the five items (4 + 3 + 1 + 1 + 1)", arguments: totals)
    func total(_ row: Row<ICE, Int?>) {
        #expect(row.input.total == row.expected)
    }

    static let reasons: [Row<ICE, ICEUnableReason?>] = [
        Row("unarousable is kept as the reason (ASTCT grade 4)", .unable(.unarousable), .unarousable),
        Row("awake but aphasic is kept as the reason (ASTCT grade 3)", .unable(.awakeAphasic), .awakeAphasic),
        Row("another reason is kept as other", .unable(.other), .other),
        Row("a scored ICE has no unable reason", .total(0), nil),
        Row("ICE items have no unable reason", .items(orientation: 0, naming: 0, commands: 0, writing: 0, attention: 0), nil),
    ]

    @Test("the reason an ICE could not be done is kept apart from the score", arguments: reasons)
    func unableReason(_ row: Row<ICE, ICEUnableReason?>) {
        #expect(row.input.unableReason == row.expected)
    }

    @Test("ICE items decoded from JSON add up to the total the clinician would count")
    func decodedTotal() throws {
        let a = try decode(line(#""neuro": {"ice": {"orientation": 3, "naming": 2, "commands": 1, "writing": 0, "attention": 1}}"#))
        #expect(a.neuro?.ice?.total == 7)
    }
}

@Suite("CAPD total with items 1–4 reverse scored (Traube 2014)")
struct CAPDDerivedTests {
    @Test("the published example: item points 4,4,0,0,4,0,0,0 total 12, a positive screen (≥ 9)")
    func publishedExample() {
        // Items 1–2 "never" (reverse scored: 4 each), items 3–4 "always" (0 each),
        // item 5 "always" (4), items 6–8 "never" (0).
        let answers: [CAPDAnswer] = [.never, .never, .always, .always, .always, .never, .never, .never]
        let points = answers.enumerated().map { $0.element.points(item: $0.offset + 1) }
        #expect(points == [4, 4, 0, 0, 4, 0, 0, 0])
        #expect(CAPD.answers(answers).total == 12)
        #expect((CAPD.answers(answers).total ?? 0) >= 9)
    }

    static let points: [Row<(CAPDAnswer, Int), Int>] = [
        Row("item 1 (eye contact) answered never scores 4", (.never, 1), 4),
        Row("item 1 answered rarely scores 3", (.rarely, 1), 3),
        Row("item 1 answered sometimes scores 2", (.sometimes, 1), 2),
        Row("item 1 answered often scores 1", (.often, 1), 1),
        Row("item 1 answered always scores 0", (.always, 1), 0),
        Row("item 2 (purposeful actions) answered rarely scores 3", (.rarely, 2), 3),
        Row("item 3 (aware of surroundings) answered often scores 1", (.often, 3), 1),
        Row("item 4 (communicates needs), the last reverse-scored item, answered never scores 4", (.never, 4), 4),
        Row("item 4 answered always scores 0", (.always, 4), 0),
        Row("item 5 (restless), the first forward-scored item, answered never scores 0", (.never, 5), 0),
        Row("item 5 answered always scores 4", (.always, 5), 4),
        Row("item 6 (inconsolable) answered rarely scores 1", (.rarely, 6), 1),
        Row("item 7 (underactive) answered sometimes scores 2", (.sometimes, 7), 2),
        Row("item 8 (slow to respond) answered often scores 3", (.often, 8), 3),
        Row("item 8 answered always scores 4", (.always, 8), 4),
    ]

    @Test("each answer scores the points of its item", arguments: points)
    func itemPoints(_ row: Row<(CAPDAnswer, Int), Int>) {
        #expect(row.input.0.points(item: row.input.1) == row.expected)
    }

    static let totals: [Row<CAPD, Int?>] = [
        Row("a child who engages fully and is never restless, inconsolable, underactive or slow scores 0",
            .answers([.always, .always, .always, .always, .never, .never, .never, .never]), 0),
        Row("a child who never engages and is always restless, inconsolable, underactive and slow scores 32",
            .answers([.never, .never, .never, .never, .always, .always, .always, .always]), 32),
        Row("never on every item scores 16 (4 points for each of items 1–4)",
            .answers(Array(repeating: .never, count: 8)), 16),
        Row("always on every item scores 16 (4 points for each of items 5–8)",
            .answers(Array(repeating: .always, count: 8)), 16),
        Row("sometimes on every item scores 16 (2 points each)",
            .answers(Array(repeating: .sometimes, count: 8)), 16),
        Row("rarely on items 1–4 and rarely on items 5–8 scores 3×4 + 1×4 = 16",
            .answers(Array(repeating: .rarely, count: 8)), 16),
        Row("often on items 1–4 and never on items 5–8 scores 4, below the screening cut-off",
            .answers([.often, .often, .often, .often, .never, .never, .never, .never]), 4),
        Row("rarely on items 1–4 and often on 5–8 scores 3×4 + 3×4 = 24",
            .answers([.rarely, .rarely, .rarely, .rarely, .often, .often, .often, .often]), 24),
        Row("one reverse item answered never and one forward item answered rarely scores 5",
            .answers([.never, .always, .always, .always, .rarely, .never, .never, .never]), 5),
        Row("a CAPD entered as a total of 9 is 9", .total(9), 9),
        Row("a CAPD entered as a total of 0 is 0", .total(0), 0),
        Row("a CAPD that could not be done has no total", .unable, nil),
    ]

    @Test("the CAPD total adds the item points, items 1–4 reversed", arguments: totals)
    func total(_ row: Row<CAPD, Int?>) {
        #expect(row.input.total == row.expected)
    }

    @Test("CAPD answers decoded from JSON give the published total of 12")
    func decodedPublishedExample() throws {
        let a = try decode(line(#""neuro": {"capd": {"answers": ["never", "never", "always", "always", "always", "never", "never", "never"]}}"#))
        #expect(a.neuro?.capd?.total == 12)
    }
}

@Suite("Vasopressor counts (ASTCT 2019: multiple vasopressors excluding vasopressin)")
struct VasopressorCountTests {
    static let norepinephrine = Vasopressor(drug: .norepinephrine, dose: 0.1, unit: .mcgPerKgPerMin)
    static let norepinephrineSecondLine = Vasopressor(drug: .norepinephrine, dose: 4, unit: .mcgPerMin)
    static let vasopressin = Vasopressor(drug: .vasopressin, dose: 0.04, unit: .unitsPerMin)
    static let epinephrine = Vasopressor(drug: .epinephrine, dose: 5, unit: .mcgPerMin)
    static let dopamine = Vasopressor(drug: .dopamine, dose: 5, unit: .mcgPerKgPerMin)
    static let phenylephrine = Vasopressor(drug: .phenylephrine, dose: 100, unit: .mcgPerMin)
    static let other = Vasopressor(drug: .other, dose: 1, unit: .mcgPerKgPerMin)
    static let otherSecond = Vasopressor(drug: .other, dose: 2, unit: .mcgPerMin)

    /// Expected: (excluding vasopressin, including vasopressin, vasopressin running).
    static let counts: [Row<[Vasopressor], (Int, Int, Bool)>] = [
        Row("no vasopressor counts 0", [], (0, 0, false)),
        Row("norepinephrine alone counts 1", [norepinephrine], (1, 1, false)),
        Row("norepinephrine with vasopressin is still 1 excluding vasopressin, 2 including it",
            [norepinephrine, vasopressin], (1, 2, true)),
        Row("vasopressin before norepinephrine counts the same", [vasopressin, norepinephrine], (1, 2, true)),
        Row("norepinephrine with epinephrine counts 2", [norepinephrine, epinephrine], (2, 2, false)),
        Row("norepinephrine, epinephrine and vasopressin count 2 excluding, 3 including",
            [norepinephrine, epinephrine, vasopressin], (2, 3, true)),
        Row("vasopressin alone counts 0 excluding vasopressin, 1 including it", [vasopressin], (0, 1, true)),
        Row("vasopressin on two lines counts 1 including vasopressin", [vasopressin, vasopressin], (0, 1, true)),
        Row("the same drug on two lines counts once", [norepinephrine, norepinephrineSecondLine], (1, 1, false)),
        Row("two lines of norepinephrine and one of epinephrine count 2",
            [norepinephrine, epinephrine, norepinephrineSecondLine], (2, 2, false)),
        Row("two lines of 'other' count as two drugs", [other, otherSecond], (2, 2, false)),
        Row("one 'other' line with norepinephrine counts 2", [norepinephrine, other], (2, 2, false)),
        Row("every named drug plus vasopressin counts 4 excluding, 5 including",
            [norepinephrine, epinephrine, dopamine, phenylephrine, vasopressin], (4, 5, true)),
        Row("dopamine alone counts 1", [dopamine], (1, 1, false)),
        Row("phenylephrine with vasopressin counts 1 excluding vasopressin", [phenylephrine, vasopressin], (1, 2, true)),
    ]

    @Test("vasopressors are counted as distinct drugs, vasopressin apart", arguments: counts)
    func count(_ row: Row<[Vasopressor], (Int, Int, Bool)>) {
        #expect(row.input.countExcludingVasopressin == row.expected.0)
        #expect(row.input.countIncludingVasopressin == row.expected.1)
        #expect(row.input.vasopressinActive == row.expected.2)
    }

    @Test("only vasopressin is vasopressin", arguments: Vasopressor.Drug.allCases)
    func isVasopressin(_ drug: Vasopressor.Drug) {
        #expect(drug.isVasopressin == (drug.rawValue == "vasopressin"))
    }
}

@Suite("Oxygen.nasalCannulaLowFlow (ASTCT 2019: up to 6 L/min is low flow)")
struct NasalCannulaTests {
    static let flows: [Row<Oxygen, Bool?>] = [
        Row("a nasal cannula at 6 L/min is low flow", Oxygen(device: .nasalCannula, flowLPerMin: 6), true),
        Row("a nasal cannula at 7 L/min is not low flow", Oxygen(device: .nasalCannula, flowLPerMin: 7), false),
        Row("a nasal cannula at 6.1 L/min is not low flow", Oxygen(device: .nasalCannula, flowLPerMin: 6.1), false),
        Row("a nasal cannula at 0.5 L/min is low flow", Oxygen(device: .nasalCannula, flowLPerMin: 0.5), true),
        Row("a nasal cannula at 4 L/min (the spec example) is low flow", Oxygen(device: .nasalCannula, flowLPerMin: 4, fio2: 0.32), true),
        Row("a nasal cannula without a flow is unknown", Oxygen(device: .nasalCannula), nil),
        Row("a high-flow nasal cannula is not a low-flow question", Oxygen(device: .highFlowNasalCannula, flowLPerMin: 6), nil),
        Row("a face mask is not a nasal cannula question", Oxygen(device: .simpleFaceMask, flowLPerMin: 5), nil),
        Row("room air is not a nasal cannula question", Oxygen(device: .roomAir), nil),
    ]

    @Test("low flow is a nasal cannula at up to 6 L/min", arguments: flows)
    func lowFlow(_ row: Row<Oxygen, Bool?>) {
        #expect(row.input.nasalCannulaLowFlow == row.expected)
    }
}

@Suite("LabResult ratios: × ULN, × LLN, × baseline, fall from baseline (CTCAE v5.0)")
struct LabRatioTests {
    /// Expected: (× ULN, × LLN, × baseline, decrease from baseline).
    static let ratios: [Row<LabResult, (Double?, Double?, Double?, Double?)>] = [
        Row("AST 240 U/L with ULN 40 is 6 × ULN and 240/22 × baseline",
            LabResult(value: 240, unit: .unitsPerLiter, uln: 40, baseline: 22), (6, nil, 240.0 / 22.0, 1 - 240.0 / 22.0)),
        Row("ALT 120 U/L with ULN 40 is exactly 3 × ULN (a CTCAE boundary)",
            LabResult(value: 120, unit: .unitsPerLiter, uln: 40), (3, nil, nil, nil)),
        Row("creatinine 1.8 mg/dL with ULN 1.2 is exactly 1.5 × ULN, not 1.5000000000000002",
            LabResult(value: 1.8, unit: .milligramsPerDeciliter, uln: 1.2), (1.5, nil, nil, nil)),
        Row("bilirubin 0.3 with ULN 0.1 is exactly 3 × ULN, not 2.9999999999999996",
            LabResult(value: 0.3, unit: .milligramsPerDeciliter, uln: 0.1), (3, nil, nil, nil)),
        Row("creatinine 3.6 mg/dL with baseline 1.2 is exactly 3 × baseline",
            LabResult(value: 3.6, unit: .milligramsPerDeciliter, baseline: 1.2), (nil, nil, 3, -2)),
        Row("haemoglobin 90 g/L with LLN 120 is 0.75 × LLN",
            LabResult(value: 90, unit: .gramsPerLiter, lln: 120), (nil, 0.75, nil, nil)),
        Row("fibrinogen 1.5 g/L from a baseline of 3.0 is a 50 % decrease",
            LabResult(value: 1.5, unit: .gramsPerLiter, baseline: 3.0), (nil, nil, 0.5, 0.5)),
        Row("fibrinogen 2.25 g/L from a baseline of 3.0 is a 25 % decrease (a CTCAE boundary)",
            LabResult(value: 2.25, unit: .gramsPerLiter, baseline: 3.0), (nil, nil, 0.75, 0.25)),
        Row("fibrinogen 0.9 from a baseline of 1.2 is exactly a 25 % decrease",
            LabResult(value: 0.9, unit: .gramsPerLiter, baseline: 1.2), (nil, nil, 0.75, 0.25)),
        Row("a value equal to its baseline is no decrease", LabResult(value: 2, unit: .gramsPerLiter, baseline: 2), (nil, nil, 1, 0)),
        Row("a value with every reference limit gives every ratio",
            LabResult(value: 100, unit: .gramsPerLiter, uln: 200, lln: 50, baseline: 125), (0.5, 2, 0.8, 0.2)),
        Row("a lab without ULN, LLN or baseline gives no ratio", LabResult(value: 240, unit: .unitsPerLiter), (nil, nil, nil, nil)),
        Row("a ULN of 0 gives no ratio rather than infinity", LabResult(value: 240, unit: .unitsPerLiter, uln: 0), (nil, nil, nil, nil)),
        Row("a baseline of 0 gives no ratio rather than infinity", LabResult(value: 5, unit: .unitsPerLiter, baseline: 0), (nil, nil, nil, nil)),
    ]

    @Test("ratios to the reference limits and the baseline", arguments: ratios)
    func computesRatios(_ row: Row<LabResult, (Double?, Double?, Double?, Double?)>) {
        let r = row.input
        let (uln, lln, baseline, decrease) = row.expected
        #expect(Self.same(r.timesULN, uln), "timesULN \(String(describing: r.timesULN))")
        #expect(Self.same(r.timesLLN, lln), "timesLLN \(String(describing: r.timesLLN))")
        #expect(Self.same(r.timesBaseline, baseline), "timesBaseline \(String(describing: r.timesBaseline))")
        #expect(Self.same(r.decreaseFromBaseline, decrease), "decreaseFromBaseline \(String(describing: r.decreaseFromBaseline))")
    }

    /// Exact for the clean ratios the table states; within 1e-9 for ratios written as a division.
    static func same(_ actual: Double?, _ expected: Double?) -> Bool {
        switch (actual, expected) {
        case (nil, nil): return true
        case let (a?, e?): return a == e || (e != e.rounded(toPlaces: 6) && abs(a - e) <= 1e-9)
        default: return false
        }
    }
}

private extension Double {
    func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
