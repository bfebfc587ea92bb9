import Clinical
@testable import EventLog
import Foundation
import Terminal
import TestSupport
import Testing
@testable import Bedside

/// The board verifies the log's chain when it opens (in the background) and says so in a banner
/// that cannot be missed when it fails.
@Suite struct LogCheckTests {
    /// Edits one stored payload with the sqlite3 shell, as someone bypassing aegrade would.
    static func tamper(_ path: String) throws {
        let output = try Run.tool("sqlite3", [path, "DROP TRIGGER eventNoUpdate; UPDATE event SET payload = replace(payload, '\"value\":39.4', '\"value\":37.4') WHERE kind = 'observation';"])
        try #require(output.status == 0, "sqlite3 failed: \(output.transcript)")
    }

    @Test func aTamperedLogOpensWithABannerThatCannotBeMissed() throws {
        let log = try BoardLog(now: "2026-11-22T12:00:00+08:00")
        try log.assess(BoardLog.twoPressors("P-001", at: "2026-11-22T07:00:00+08:00"))
        try log.assess(BoardLog.well("BED-02", at: "2026-11-22T07:30:00+08:00"))
        try Self.tamper(log.path)
        for fast in [false, true] {
            let store = try SQLiteEventStore(path: log.path, mode: .readWrite(create: false))
            let author = Author(id: "dr.wang", role: .physician)
            let context = fast ? try BedsideContext(fastStart: store, criteria: log.criteria, trial: nil, signedIn: .unauthenticated(author), colors: false, now: { [log] in log.clock })
                               : try BedsideContext(store: store, criteria: log.criteria, trial: nil, signedIn: .unauthenticated(author), colors: false, now: { [log] in log.clock })
            if fast { try context.finishLoading(wait: true) }
            context.finishLogCheck(wait: true)
            let frame = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: 80, height: 24)
            let lines = frame.lines
            #expect(lines[1].contains("✖ THIS LOG FAILS VERIFICATION (FAIL at seq 2"), "\(lines)")
            #expect(lines[1...3].joined().contains("do not rely on this screen"))
            #expect(frame[2, 1].style.reverse && frame[2, 1].style.bold, "reversed and bold without colours")
        }
    }

    @Test func anIntactLogHasNoBanner() throws {
        let log = try BoardLog(now: "2026-11-22T12:00:00+08:00")
        try log.assess(BoardLog.well("BED-02", at: "2026-11-22T07:30:00+08:00"))
        let context = try log.context()
        #expect(context.logCheck == .running || context.logCheck == .passed(events: 3))
        context.finishLogCheck(wait: true)
        #expect(context.logCheck == .passed(events: 3))
        let lines = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: 80, height: 24).lines
        #expect(lines[1].hasPrefix("  PATIENT"))
    }
}
