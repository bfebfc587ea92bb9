import Clinical
@testable import EventLog
import Foundation
import Safety
import Terminal
import Testing
@testable import Bedside

/// What the board's grade columns say: a not-assessable entry never hides the last definite grade,
/// HLH says `no` only when assessed, an overridden grade is marked, ids are never cut alike.
@Suite struct BoardGradeTests {
    func row(_ patient: String, _ lines: [String]) -> String? { lines.first { $0.dropFirst(2).hasPrefix(patient + " ") } }
    func crs(_ line: String?) -> String? { line.map { String($0.dropFirst(23).prefix(10)).trimmingCharacters(in: .whitespaces) } }
    func trend(_ line: String?) -> String? { line.map { String($0.dropFirst(51).prefix(8)).trimmingCharacters(in: .whitespaces) } }

    /// P-001 worsening to CRS 4 on two vasopressors, then `entries` temperatures alone; BED-02 at CRS 3.
    func sickPatientThenTemperatures(_ entries: Int) throws -> BoardLog {
        let log = try BoardLog(now: "2026-11-22T12:00:00+08:00")
        try log.assess(BoardLog.onePressor("P-001", at: "2026-11-22T06:00:00+08:00"))
        try log.assess(BoardLog.twoPressors("P-001", at: "2026-11-22T07:00:00+08:00"))
        try log.assess(BoardLog.onePressor("BED-02", at: "2026-11-22T07:30:00+08:00"))
        try log.assess(BoardLog.well("BED-03", at: "2026-11-22T07:30:00+08:00"))
        for hour in 0..<entries {
            try log.assess(BoardLog.temperatureOnly("P-001", at: "2026-11-22T\(String(format: "%02d", 8 + hour)):00:00+08:00"))
        }
        return log
    }

    @Test(arguments: [1, 5]) func aNotAssessableEntryShowsTheLastDefiniteGradeSortsByItAndKeepsTheTrend(entries: Int) throws {
        // Given P-001 at CRS 4 (worse than before), then temperatures alone
        let log = try sickPatientThenTemperatures(entries)
        let context = try log.context()
        let lines = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: 80, height: 24).lines
        // Then the row says `?(4)`, stays on top above CRS 3, and still says worse
        #expect(lines[2].hasPrefix("▸ P-001"), "\(lines)")
        #expect(crs(row("P-001", lines)) == "?(4)", "\(lines)")
        #expect(trend(row("P-001", lines)) == "↑ worse")
        #expect(row("P-001", lines)?.contains("?(0)") == true, "ICANS: the last definite 0 beside the ?")
        #expect(crs(row("BED-02", lines)) == "3 ▮▮▮")
        // And the first frame from the board heads says the same
        let fast = try BedsideContext(fastStart: log.store, criteria: log.criteria, trial: nil, signedIn: .unauthenticated(Author(id: "dr.wang", role: .physician)),
                                      colors: false, now: { [log] in log.clock })
        let fastLines = BedsideApp.frame(stack: [TriageBoardScreen(context: fast)], context: fast, width: 80, height: 24).lines
        #expect(fastLines == lines)
    }

    @Test func aDefiniteGradeAfterwardsReplacesIt() throws {
        let log = try sickPatientThenTemperatures(1)
        try log.assess(BoardLog.well("P-001", at: "2026-11-22T11:00:00+08:00"))
        let context = try log.context()
        let lines = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: 80, height: 24).lines
        #expect(crs(row("P-001", lines)) == "0 ·")
        #expect(trend(row("P-001", lines)) == "↓ better")
    }

    @Test func aCorrectedGradeIsNotTheLastDefiniteOne() throws {
        // Given P-001's CRS 4 entry corrected (it was another patient's), then a temperature alone
        let log = try BoardLog(now: "2026-11-22T12:00:00+08:00")
        try log.assess(BoardLog.onePressor("P-001", at: "2026-11-22T06:00:00+08:00"))
        let four = try log.assess(BoardLog.twoPressors("P-001", at: "2026-11-22T07:00:00+08:00"))
        _ = try log.recorder.correct(seq: four[0], with: try JSONParser.parse(BoardLog.well("P-001", at: "2026-11-22T07:00:00+08:00")),
                                     reason: "charted on the wrong patient")
        try log.assess(BoardLog.temperatureOnly("P-001", at: "2026-11-22T08:00:00+08:00"))
        let context = try log.context()
        let lines = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: 80, height: 24).lines
        #expect(crs(row("P-001", lines)) == "?(0)", "\(lines)")
    }

    @Test func hlhSaysNoOnlyWhenAssessed() throws {
        #expect(TriageBoardState.hlhFlag([]) == .notRecorded)
        #expect(TriageBoardState.hlhFlag([.object([("criteria", .string("hlh-2004")), ("met", .bool(false))])]) == .notMet)
        #expect(TriageBoardState.hlhFlag([.object([("criteria", .string("hlh-2004")), ("met", .null)])]) == .notAssessable)
        #expect(TriageBoardState.hlhFlag([.object([("criteria", .string("hscore")), ("meetsCutoff", .bool(true))])]) == .met)
        #expect(TriageBoardState.hlhFlag([.object([("criteria", .string("astct-2019-crs")), ("grade", .number(1))])]) == .notRecorded)
        // P-007 of the demo: never infused, never assessed (manufacturing failure)
        let context = try DemoFixture.context()
        let lines = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: 80, height: 24).lines
        let p7 = try #require(row("P-007", lines))
        #expect(String(p7.dropFirst(45).prefix(5)).trimmingCharacters(in: .whitespaces) == "-", "\(p7)")
    }

    @Test func anOverriddenGradeIsMarkedAndTheMarkExplained() throws {
        let log = try sickPatientThenTemperatures(0)
        let grades = try #require(try log.context().replay.patients["BED-02"]?.latestGradesSeq)
        _ = try LogRecorder(store: log.store, criteria: log.criteria, signedIn: .unauthenticated(Author(id: "dr.wang", role: .physician)))
            .override(seq: grades, criteria: "astct-2019-crs", term: nil, grade: 2, reason: "hypotension was vasovagal")
        let context = try log.context()
        let board = TriageBoardScreen(context: context)
        let lines = BedsideApp.frame(stack: [board], context: context, width: 80, height: 24).lines
        #expect(crs(row("BED-02", lines)) == "2 ▮▮⚑", "\(lines)")
        #expect(crs(row("P-001", lines)) == "4 ▮▮▮▮")
        #expect(lines[22].contains("⚑ overridden"), "the footer's key: \(lines[22])")
        let help = BedsideApp.frame(stack: [board, HelpScreen(for: board)], context: context, width: 120, height: 40).lines
        #expect(help.contains { $0.contains("⚑") && $0.contains("overrode") }, "\(help)")
        #expect(help.contains { $0.contains("?(4)") })
    }

    @Test func longIdsUseTheWidthAndAreNeverCutAlike() throws {
        let log = try BoardLog(now: "2026-11-22T12:00:00+08:00")
        for id in ["BED-12-SITE-BEIJING-A", "BED-12-SITE-BEIJING-B", "BED-12-SITE-SHANGHAI-A"] {
            try log.assess(BoardLog.well(id, at: "2026-11-22T08:00:00+08:00"))
        }
        let context = try log.context()
        let narrow = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: 80, height: 24).lines
        let labels = narrow[2...4].map { String($0.dropFirst(2).prefix(14)) }
        #expect(Set(labels).count == 3, "\(labels)")
        #expect(labels.allSatisfy { $0.contains("…") }, "a cut id shows where: \(labels)")
        #expect(narrow[2].dropFirst(17).hasPrefix("-"), "the columns after keep their place")
        let wide = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: 120, height: 40).lines
        #expect(wide[2...4].allSatisfy { $0.contains("BED-12-SITE-") && !$0.contains("…") }, "whole at 120 columns: \(wide[2...4])")
    }

    @Test(arguments: [
        (["BED-12-SITE-BEIJING-A", "BED-12-SITE-BEIJING-B"], 14),
        (["SITE-A-PATIENT-0001-X", "SITE-B-PATIENT-0001-X"], 14),
        (["BED-12-SITE-BE-01-2026", "BED-12-SITE-SH-01-2026", "BED-12-SITE-SH-02-2026"], 14),
        (["AAAAAAAAAAAAAAAAAAAAAAAA1AAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAAA2AAAAAAAAAAAAAAAAAAAA"], 10),
    ]) func labelsAreDistinctAndFit(ids: [String], columns: Int) {
        let labels = PatientLabel.labels(ids, columns: columns)
        #expect(Set(ids.compactMap { labels[$0] }).count == ids.count, "\(labels)")
        #expect(labels.values.allSatisfy { $0.displayWidth <= columns }, "\(labels)")
    }
}
