import Clinical
import Testing
@testable import Safety

/// One decision table of a peer, n = 1 … 30, each row "E D L" (escalate if y ≤ E, de-escalate if
/// y ≥ D, eliminate if y ≥ L; "-" where no y ≤ n does). Computed from the peers' published rules —
/// R BOIN `get.boundary` (with BOIN ≥ 2.7.2's strict de-escalation, floor(λd·n) + 1) and R FIND
/// `get_decision_mtpi2` / `get_decision_i3plus3`, EI = [φ − 0.05, φ + 0.05], elimination from n = 3
/// — transcribed independently into R (Benchmarks/dose-finding-peers.R, which the benchmark reruns).
struct PeerTable: Sendable, CustomTestStringConvertible {
    let design: String
    let target: Double
    let rows: [(Int?, Int?, Int?)]

    init(_ design: String, target: Double, rows: String) {
        self.design = design
        self.target = target
        self.rows = rows.split(separator: "|").map { row in
            let counts = row.split(separator: " ").map { Int($0) }
            return (counts[0], counts[1], counts[2])
        }
    }

    var testDescription: String { "\(design) target \(target): n = 1 … \(rows.count)" }

    var designValue: DoseFindingDesign {
        get throws {
            switch design {
            case "boin": .boin(try BOIN(target: target))
            case "mtpi2": .mtpi2(try MTPI2(target: target))
            default: .i3plus3(try I3Plus3(target: target))
            }
        }
    }
}

/// Decision tables of BOIN, mTPI-2 and i3+3 (README, "Dose finding").
struct DoseFindingTableTests {
    static let peers: [PeerTable] = [
        PeerTable("boin", target: 0.2, rows: "0 1 - | 0 1 - | 0 1 2 | 0 1 3 | 0 2 3 | 0 2 3 | 1 2 4 | 1 2 4 | 1 3 4 | 1 3 5 | 1 3 5 | 1 3 5 | 2 4 5 | 2 4 6 | 2 4 6 | 2 4 6 | 2 5 7 | 2 5 7 | 2 5 7 | 3 5 7 | 3 6 8 | 3 6 8 | 3 6 8 | 3 6 8 | 3 6 9 | 4 7 9 | 4 7 9 | 4 7 9 | 4 7 10 | 4 8 10"),
        PeerTable("boin", target: 0.25, rows: "0 1 - | 0 1 - | 0 1 3 | 0 2 3 | 0 2 3 | 1 2 4 | 1 3 4 | 1 3 4 | 1 3 5 | 1 3 5 | 2 4 6 | 2 4 6 | 2 4 6 | 2 5 7 | 2 5 7 | 3 5 7 | 3 6 8 | 3 6 8 | 3 6 8 | 3 6 9 | 4 7 9 | 4 7 9 | 4 7 10 | 4 8 10 | 4 8 10 | 5 8 11 | 5 9 11 | 5 9 11 | 5 9 12 | 5 9 12"),
        PeerTable("boin", target: 0.3, rows: "0 1 - | 0 1 - | 0 2 3 | 0 2 3 | 1 2 4 | 1 3 4 | 1 3 5 | 1 3 5 | 2 4 5 | 2 4 6 | 2 4 6 | 2 5 7 | 3 5 7 | 3 6 8 | 3 6 8 | 3 6 8 | 4 7 9 | 4 7 9 | 4 7 9 | 4 8 10 | 4 8 10 | 5 8 11 | 5 9 11 | 5 9 11 | 5 9 12 | 6 10 12 | 6 10 12 | 6 11 13 | 6 11 13 | 7 11 14"),
        PeerTable("boin", target: 0.33, rows: "0 1 - | 0 1 - | 0 2 3 | 1 2 3 | 1 2 4 | 1 3 4 | 1 3 5 | 2 4 5 | 2 4 6 | 2 4 6 | 2 5 7 | 3 5 7 | 3 6 8 | 3 6 8 | 3 6 8 | 4 7 9 | 4 7 9 | 4 8 10 | 4 8 10 | 5 8 11 | 5 9 11 | 5 9 11 | 5 10 12 | 6 10 12 | 6 10 13 | 6 11 13 | 7 11 13 | 7 12 14 | 7 12 14 | 7 12 15"),
        PeerTable("mtpi2", target: 0.2, rows: "0 1 - | 0 1 - | 0 1 2 | 0 1 3 | 0 2 3 | 0 2 3 | 0 2 4 | 1 2 4 | 1 3 4 | 1 3 5 | 1 3 5 | 1 3 5 | 1 4 5 | 1 4 6 | 2 4 6 | 2 4 6 | 2 5 7 | 2 5 7 | 2 5 7 | 2 5 7 | 2 6 8 | 3 6 8 | 3 6 8 | 3 6 8 | 3 7 9 | 3 7 9 | 3 7 9 | 3 7 9 | 4 8 10 | 4 8 10"),
        PeerTable("mtpi2", target: 0.25, rows: "0 1 - | 0 1 - | 0 1 3 | 0 2 3 | 0 2 3 | 1 2 4 | 1 3 4 | 1 3 4 | 1 3 5 | 1 3 5 | 2 4 6 | 2 4 6 | 2 4 6 | 2 5 7 | 2 5 7 | 3 5 7 | 3 6 8 | 3 6 8 | 3 6 8 | 3 6 9 | 4 7 9 | 4 7 9 | 4 7 10 | 4 8 10 | 4 8 10 | 5 8 11 | 5 9 11 | 5 9 11 | 5 9 12 | 5 9 12"),
        PeerTable("mtpi2", target: 0.3, rows: "0 1 - | 0 1 - | 0 2 3 | 0 2 3 | 1 2 4 | 1 3 4 | 1 3 5 | 1 3 5 | 2 4 5 | 2 4 6 | 2 4 6 | 2 5 7 | 3 5 7 | 3 5 8 | 3 6 8 | 3 6 8 | 4 6 9 | 4 7 9 | 4 7 9 | 4 7 10 | 5 8 10 | 5 8 11 | 5 9 11 | 5 9 11 | 6 9 12 | 6 10 12 | 6 10 12 | 6 10 13 | 7 11 13 | 7 11 14"),
        PeerTable("mtpi2", target: 0.33, rows: "0 1 - | 0 1 - | 0 2 3 | 1 2 3 | 1 2 4 | 1 3 4 | 1 3 5 | 2 4 5 | 2 4 6 | 2 4 6 | 3 5 7 | 3 5 7 | 3 5 8 | 3 6 8 | 4 6 8 | 4 7 9 | 4 7 9 | 4 7 10 | 5 8 10 | 5 8 11 | 5 8 11 | 6 9 11 | 6 9 12 | 6 10 12 | 6 10 13 | 7 10 13 | 7 11 13 | 7 11 14 | 8 11 14 | 8 12 15"),
        PeerTable("i3+3", target: 0.2, rows: "0 - - | 0 2 - | 0 2 2 | 0 2 3 | 0 2 3 | 0 2 3 | 1 3 4 | 1 3 4 | 1 3 4 | 1 3 5 | 1 3 5 | 1 4 5 | 1 4 5 | 2 4 6 | 2 4 6 | 2 5 6 | 2 5 7 | 2 5 7 | 2 5 7 | 2 6 7 | 3 6 8 | 3 6 8 | 3 6 8 | 3 7 8 | 3 7 9 | 3 7 9 | 4 7 9 | 4 8 9 | 4 8 10 | 4 8 10"),
        PeerTable("i3+3", target: 0.25, rows: "0 - - | 0 2 - | 0 2 3 | 0 2 3 | 0 2 3 | 1 3 4 | 1 3 4 | 1 3 4 | 1 3 5 | 1 4 5 | 2 4 6 | 2 4 6 | 2 4 6 | 2 5 7 | 2 5 7 | 3 5 7 | 3 6 8 | 3 6 8 | 3 6 8 | 3 7 9 | 4 7 9 | 4 7 9 | 4 7 10 | 4 8 10 | 4 8 10 | 5 8 11 | 5 9 11 | 5 9 11 | 5 9 12 | 5 10 12"),
        PeerTable("i3+3", target: 0.3, rows: "0 - - | 0 2 - | 0 2 3 | 0 2 3 | 1 3 4 | 1 3 4 | 1 3 5 | 1 3 5 | 2 4 5 | 2 4 6 | 2 4 6 | 2 5 7 | 3 5 7 | 3 5 8 | 3 6 8 | 3 6 8 | 4 6 9 | 4 7 9 | 4 7 9 | 4 8 10 | 5 8 10 | 5 8 11 | 5 9 11 | 5 9 11 | 6 9 12 | 6 10 12 | 6 10 12 | 6 10 13 | 7 11 13 | 7 11 14"),
        PeerTable("i3+3", target: 0.33, rows: "0 - - | 0 2 - | 0 2 3 | 1 3 3 | 1 3 4 | 1 3 4 | 1 3 5 | 2 4 5 | 2 4 6 | 2 4 6 | 3 5 7 | 3 5 7 | 3 5 8 | 3 6 8 | 4 6 8 | 4 7 9 | 4 7 9 | 5 7 10 | 5 8 10 | 5 8 11 | 5 8 11 | 6 9 11 | 6 9 12 | 6 10 12 | 6 10 13 | 7 10 13 | 7 11 13 | 7 11 14 | 8 12 14 | 8 12 15"),
    ]

    @Test(arguments: peers) func tableEqualsThePeerCellForCell(_ peer: PeerTable) throws {
        let table = DecisionTable(design: try peer.designValue, maxSubjects: 30)
        #expect(table.rows.count == 30)
        for (row, expected) in zip(table.rows, peer.rows) {
            #expect(row.escalateIfAtMost == expected.0 && row.deescalateIfAtLeast == expected.1 && row.eliminateIfAtLeast == expected.2,
                    "n = \(row.n): E \(String(describing: row.escalateIfAtMost)) D \(String(describing: row.deescalateIfAtLeast)) L \(String(describing: row.eliminateIfAtLeast))")
            #expect(row.countsHoldEveryCell, "n = \(row.n): \(row.cells.map(\.letter))")
        }
    }

    /// Liu & Yuan 2015 boundaries, as R BOIN prints them (reference values to 15 digits).
    @Test func boinBoundariesMatchRBOIN() throws {
        let thirty = try BOIN(target: 0.30), quarter = try BOIN(target: 0.25)
        #expect(abs(thirty.lambdaE - 0.236490685236468) < 1e-12 && abs(thirty.lambdaD - 0.35851946464093) < 1e-12)
        #expect(abs(quarter.lambdaE - 0.196800870555487) < 1e-12 && abs(quarter.lambdaD - 0.29839215237546) < 1e-12)
        #expect(abs(thirty.phi1 - 0.18) < 1e-15 && abs(thirty.phi2 - 0.42) < 1e-15)
    }

    struct Cell: Sendable, CustomTestStringConvertible {
        let n: Int, y: Int, action: DoseAction
        var testDescription: String { "BOIN φ = 0.30: \(y) of \(n) → \(action.rawValue)" }
    }

    /// The check cells of the reference: n = 3, 6, 12 at φ = 0.30, both sides of each boundary.
    static let boinCells: [Cell] = [
        .init(n: 3, y: 0, action: .escalate), .init(n: 3, y: 1, action: .stay), .init(n: 3, y: 2, action: .deescalate),
        .init(n: 3, y: 3, action: .eliminate),
        .init(n: 6, y: 1, action: .escalate), .init(n: 6, y: 2, action: .stay), .init(n: 6, y: 3, action: .deescalate),
        .init(n: 6, y: 4, action: .eliminate),
        .init(n: 12, y: 2, action: .escalate), .init(n: 12, y: 3, action: .stay), .init(n: 12, y: 4, action: .stay),
        .init(n: 12, y: 5, action: .deescalate), .init(n: 12, y: 6, action: .deescalate), .init(n: 12, y: 7, action: .eliminate),
    ]

    @Test(arguments: boinCells) func boinCell(_ cell: Cell) throws {
        let decision = try BOIN(target: 0.3).decision(treated: cell.n, dlts: cell.y)
        #expect(decision.action == cell.action)
        guard case .cell(let n, let y, _) = decision.reason else { Issue.record("no table cell"); return }
        #expect(n == cell.n && y == cell.y)
    }

    @Test func reasonsNameTheBoundary() throws {
        let boin = try BOIN(target: 0.3)
        #expect(boin.decision(treated: 6, dlts: 1).reasonText == "1 of 6 with a DLT: y/n = 1/6 ≤ λe = 0.2365: escalate")
        #expect(boin.decision(treated: 6, dlts: 3).reasonText == "3 of 6 with a DLT: y/n = 3/6 > λd = 0.3585: de-escalate")
        #expect(boin.decision(treated: 6, dlts: 4).reasonText.hasPrefix("4 of 6 with a DLT: P(p > 0.3 | data) = 0.9")
                && boin.decision(treated: 6, dlts: 4).reasonText.hasSuffix("> 0.95: eliminate this dose and every higher dose"))
    }

    /// The reference: with ε1 = ε2 = 0.05, mTPI-2's table equals BOIN's for n ≥ 3 at φ = 0.25. At
    /// φ = 0.30 they agree up to n = 13 only: at n = 14, y = 5 BOIN stays (5/14 ≤ λd = 0.3585) while
    /// mTPI-2's largest unit probability mass lies above the EI.
    @Test func mtpi2EqualsBOINWhereTheReferenceSaysSo() throws {
        for (target, through) in [(0.25, 30), (0.30, 13)] {
            let boin = DecisionTable(design: .boin(try BOIN(target: target)), maxSubjects: through)
            let mtpi2 = DecisionTable(design: .mtpi2(try MTPI2(target: target)), maxSubjects: through)
            #expect(Array(boin.rows.dropFirst(2).map(\.cells)) == Array(mtpi2.rows.dropFirst(2).map(\.cells)), "target \(target)")
        }
        #expect(try BOIN(target: 0.3).decision(treated: 14, dlts: 5).action == .stay)
        #expect(try MTPI2(target: 0.3).decision(treated: 14, dlts: 5).action == .deescalate)
    }

    /// tpidesigns cuts (0, 0.2) into 0.1-wide pieces with `floor` and gets a zero-width third one at
    /// φ = 0.25; the pieces here tile 0 … 1 with no empty one.
    @Test func mtpi2IntervalsTileTheUnitIntervalWithoutEmptyPieces() throws {
        let intervals = try MTPI2(target: 0.25).intervals
        #expect(intervals.count == 10)
        #expect(intervals.first?.lower == 0 && intervals.last?.upper == 1)
        #expect(intervals.allSatisfy { $0.upper - $0.lower > 0.0999 && $0.upper - $0.lower < 0.1001 })
        for (a, b) in zip(intervals, intervals.dropFirst()) { #expect(abs(a.upper - b.lower) < 1e-12) }
        #expect(intervals.map(\.action) == [.escalate, .escalate, .stay] + Array(repeating: .deescalate, count: 7))
        // φ = 0.3: (0, 0.25) is 2.5 pieces — the lowest is cut at 0.
        let thirty = try MTPI2(target: 0.3).intervals
        #expect(thirty.first.map { abs($0.upper - 0.05) < 1e-12 && $0.lower == 0 } == true)
    }

    struct I3Case: Sendable, CustomTestStringConvertible {
        let n: Int, y: Int, action: DoseAction, why: String
        var testDescription: String { "i3+3 φ = 0.30: \(y) of \(n) → \(action.rawValue) (\(why))" }
    }

    /// i3+3 by hand at φ = 0.30, EI = [0.25, 0.35].
    static let i3Cases: [I3Case] = [
        .init(n: 3, y: 0, action: .escalate, why: "0 below 0.25"),
        .init(n: 4, y: 1, action: .stay, why: "1/4 = 0.25 on the edge is inside"),
        .init(n: 3, y: 1, action: .stay, why: "1/3 inside"),
        .init(n: 5, y: 2, action: .stay, why: "2/5 above but 1/5 below"),
        .init(n: 6, y: 3, action: .deescalate, why: "3/6 above and 2/6 inside"),
        .init(n: 20, y: 7, action: .stay, why: "7/20 = 0.35 on the edge is inside"),
        .init(n: 20, y: 5, action: .stay, why: "5/20 = 0.25 on the edge is inside"),
        .init(n: 1, y: 1, action: .stay, why: "1/1 above but 0/1 below; no elimination before n = 3"),
        .init(n: 3, y: 3, action: .eliminate, why: "P(p > 0.3 | Beta(4, 1)) = 0.9919 > 0.95"),
    ]

    @Test(arguments: i3Cases) func i3Plus3ByHand(_ row: I3Case) throws {
        #expect(try I3Plus3(target: 0.3).decision(treated: row.n, dlts: row.y).action == row.action)
    }

    /// 0.2 − 0.05 is 0.15000000000000002 in floating point; 3/20 = 0.15 is on the EI's edge, inside.
    @Test func i3Plus3EdgeIsInsideDespiteFloatingPoint() throws {
        #expect(try I3Plus3(target: 0.2).decision(treated: 20, dlts: 3).action == .stay)
        #expect(try I3Plus3(target: 0.2).decision(treated: 20, dlts: 2).action == .escalate)
    }

    /// Elimination: none before the minimum n (3 by default); strictly above the cut-off.
    @Test func eliminationMinimumAndCutoff() throws {
        // n = 2, y = 2 at φ = 0.2: P(p > 0.2 | Beta(3, 1)) = 1 − 0.2³ = 0.992.
        #expect(try BOIN(target: 0.2).decision(treated: 2, dlts: 2).action == .deescalate)
        let fromTwo = Elimination(minSubjects: 2)
        #expect(try BOIN(target: 0.2, elimination: fromTwo).decision(treated: 2, dlts: 2).action == .eliminate)
        // P(p > 0.3 | Beta(3, 2)) = P(Bin(4, 0.3) ≤ 2) = 0.9163: above a cut-off of 0.9, not of 0.95.
        #expect(abs(Elimination.exceedance(target: 0.3, treated: 3, dlts: 2) - 0.9163) < 1e-12)
        #expect(try BOIN(target: 0.3, elimination: Elimination(cutoff: 0.9)).decision(treated: 3, dlts: 2).action == .eliminate)
        #expect(try BOIN(target: 0.3).decision(treated: 3, dlts: 2).action == .deescalate)
        #expect(Elimination(cutoff: 0.9163).eliminates(target: 0.3, treated: 3, dlts: 2)
                == (Elimination.exceedance(target: 0.3, treated: 3, dlts: 2) > 0.9163))
    }

    @Test func extraSafeAddsTheLowestDoseStopColumn() throws {
        let design = DoseFindingDesign.boin(try BOIN(target: 0.3, elimination: Elimination(extraSafe: true)))
        let table = DecisionTable(design: design, maxSubjects: 6)
        // P(p > 0.3 | 2 of 3) = 0.9163 > 0.90: the extra-safe rule stops at 2 of 3, elimination at 3 of 3.
        #expect(table.rows[2].stopTrialIfAtLeast == 2 && table.rows[2].eliminateIfAtLeast == 3)
        #expect(table.rows[0].stopTrialIfAtLeast == nil)
        #expect(table.textLines[2].hasSuffix("\tstop trial if y ≥ (lowest dose)"))
        #expect(DecisionTable(design: .boin(try BOIN(target: 0.3)), maxSubjects: 6).rows.allSatisfy { $0.stopTrialIfAtLeast == nil })
    }

    struct BadParameters: Sendable, CustomTestStringConvertible {
        let sentence: String, make: @Sendable () throws -> Void, message: String
        var testDescription: String { sentence }
    }

    static let badParameters: [BadParameters] = [
        .init(sentence: "a BOIN target above 0.6", make: { _ = try BOIN(target: 0.7) }, message: "the target must be from 0.05 to 0.6"),
        .init(sentence: "φ1 within 10% of φ", make: { _ = try BOIN(target: 0.3, phi1: 0.28) }, message: "phi1 must be"),
        .init(sentence: "φ2 within 10% of φ", make: { _ = try BOIN(target: 0.3, phi2: 0.31) }, message: "phi2 must be"),
        .init(sentence: "an EI reaching below 0", make: { _ = try MTPI2(target: 0.1, eps1: 0.1) }, message: "eps1 must be"),
        .init(sentence: "an EI of zero width above", make: { _ = try I3Plus3(target: 0.3, eps2: 0) }, message: "eps2 must be"),
        .init(sentence: "a cut-off of 1", make: { _ = try BOIN(target: 0.3, elimination: Elimination(cutoff: 1)) }, message: "cut-off must be"),
    ]

    @Test(arguments: badParameters) func badParametersAreRefused(_ row: BadParameters) {
        do {
            try row.make()
            Issue.record("accepted: \(row.sentence)")
        } catch {
            #expect("\(error)".contains(row.message), "\(error)")
        }
    }

    @Test func jsonRowsUseNullForCountsThatCannotOccur() throws {
        let table = DecisionTable(design: .boin(try BOIN(target: 0.3)), maxSubjects: 6)
        let text = table.json.compactText
        #expect(text.contains(#""rows":[{"n":1,"escalateIfAtMost":0,"deescalateIfAtLeast":1,"eliminateIfAtLeast":null},"#))
        #expect(text.contains(#"{"n":6,"escalateIfAtMost":1,"deescalateIfAtLeast":3,"eliminateIfAtLeast":4}]}"#))
        #expect(text.hasPrefix(#"{"design":"boin","#))
        // i3+3 at n = 1: no y de-escalates.
        let i3 = DecisionTable(design: .i3plus3(try I3Plus3(target: 0.3)), maxSubjects: 1).json.compactText
        #expect(i3.contains(#"{"n":1,"escalateIfAtMost":0,"deescalateIfAtLeast":null,"eliminateIfAtLeast":null}"#))
    }
}

/// Counts that cannot occur (more DLTs than subjects, negative counts) never stop the program.
struct DoseFindingImpossibleCountsTests {
    @Test func impossibleCountsDoNotCrash() throws {
        for design in [DoseFindingDesign.boin(try BOIN(target: 0.3)), .mtpi2(try MTPI2(target: 0.3)), .i3plus3(try I3Plus3(target: 0.3))] {
            guard let interval = design.interval else { continue }
            #expect(interval.decision(treated: 3, dlts: 5).action == .eliminate)
            _ = interval.decision(treated: 3, dlts: -1)
            #expect(design.decision(treated: 3, dlts: 5) == nil)
        }
        #expect(IsotonicSelection.mtd(counts: [DoseCounts(treated: 3, dlts: 4)], target: 0.3, elimination: Elimination()) == nil)
    }
}
