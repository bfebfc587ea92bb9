import Clinical
import EventLog
import Foundation
import Safety
import Terminal
import Testing
@testable import Bedside

/// The board's clock: the time-dependent columns (DAY, LAST, OVERDUE) are evaluated again on the
/// app's tick without a key, and the status bar says when; the study day is the one the timeline,
/// the rules and the report count (README "At the bedside").
@Suite struct BoardClockTests {
    func row(_ patient: String, _ lines: [String]) -> String? { lines.first { $0.dropFirst(2).hasPrefix(patient + " ") } }

    @Test func aBoardLeftOpenTurnsOverdueWithoutAKey() throws {
        // Given a patient infused yesterday whose last assessment is 5 s short of the 12-hour interval
        let log = try BoardLog(now: "2026-11-22T20:59:55+08:00")
        try log.infuse("BED-01", at: "2026-11-21T10:00:00+08:00")
        try log.assess(BoardLog.well("BED-01", at: "2026-11-22T09:00:00+08:00"))
        let context = try log.context(trial: log.demoProtocol())
        let device = ScriptedDevice(width: 80, height: 24)
        let app = BedsideApp(device: device, context: context, root: TriageBoardScreen(context: context))
        let before = app.frame().lines
        #expect(row("BED-01", before)?.contains("11h59m") == true, "\(before)")
        #expect(row("BED-01", before)?.contains("OVERDUE") == false)
        #expect(before[23].hasSuffix("as of \(ClockText.localTime(log.clock))"), "the status bar says when: \(before[23])")

        // When less than a tick passes with no key, nothing is evaluated again
        log.advance(seconds: BedsideApp.tickSeconds - 5)
        app.idle()
        #expect(row("BED-01", app.frame().lines)?.contains("11h59m") == true)

        // When a tick has passed, still with no key
        log.advance(seconds: 6)
        app.idle()
        let after = app.frame().lines
        // Then LAST, OVERDUE and the status bar's time follow the clock, and the change was drawn
        #expect(row("BED-01", after)?.contains("12h00m") == true, "\(after)")
        #expect(row("BED-01", after)?.contains("OVERDUE") == true, "\(after)")
        #expect(after[23].hasSuffix("as of \(ClockText.localTime(log.clock))"), "\(after[23])")
        #expect(device.frames.last.map { $0.lines == after } == true, "the tick drew the frame without a key")
    }

    /// A terminal whose user presses a key every 10 s of the log's clock, never pausing.
    final class SteadyTyping: TerminalDevice {
        var size: (width: Int, height: Int) = (80, 24)
        var keys: [Key]
        let log: BoardLog
        private(set) var frames: [ScreenBuffer] = []
        init(log: BoardLog, keys: [Key]) { self.log = log; self.keys = keys }
        func readKey(timeoutMilliseconds: Int) -> Key? {
            log.advance(seconds: 10)
            return keys.isEmpty ? .character("q") : keys.removeFirst()
        }
        func draw(_ buffer: ScreenBuffer) { frames.append(buffer) }
    }

    @Test func aUserTypingWithoutPauseStillGetsTheTick() throws {
        let log = try BoardLog(now: "2026-11-22T20:59:55+08:00")
        try log.infuse("BED-01", at: "2026-11-21T10:00:00+08:00")
        try log.assess(BoardLog.well("BED-01", at: "2026-11-22T09:00:00+08:00"))
        let context = try log.context(trial: log.demoProtocol())
        let device = SteadyTyping(log: log, keys: [.character("j"), .character("k"), .character("j")])
        BedsideApp(device: device, context: context, root: TriageBoardScreen(context: context)).run()
        let last = try #require(device.frames.last?.lines)
        #expect(row("BED-01", last)?.contains("OVERDUE") == true, "\(last)")
    }

    @Test func theProtocolIsEvaluatedAgainAtTheTickOffTheScreenLoop() throws {
        let log = try BoardLog(now: "2026-11-22T10:00:00+08:00")
        try log.infuse("BED-01", at: "2026-11-21T10:00:00+08:00")
        try log.assess(BoardLog.well("BED-01", at: "2026-11-22T09:00:00+08:00"))
        let context = try log.context(trial: log.demoProtocol())
        let app = BedsideApp(device: ScriptedDevice(width: 80, height: 24), context: context, root: TriageBoardScreen(context: context))
        #expect(context.status?.asOf == log.clock)
        log.advance(seconds: BedsideApp.tickSeconds)
        app.tick()
        #expect(context.finishClockRefresh(wait: true))
        #expect(context.status?.asOf == log.clock, "evaluated at the tick's now")
        // One evaluated before the log grew is dropped: the reload evaluated the longer log.
        log.advance(seconds: BedsideApp.tickSeconds)
        app.tick()
        try log.assess(BoardLog.well("BED-01", at: "2026-11-22T09:30:00+08:00"))
        try context.reload()
        #expect(!context.finishClockRefresh(wait: true))
    }

    @Test func aClockSetBackStillTicks() throws {
        let log = try BoardLog(now: "2026-11-22T10:00:00+08:00")
        try log.infuse("BED-01", at: "2026-11-21T10:00:00+08:00")
        try log.assess(BoardLog.well("BED-01", at: "2026-11-22T09:00:00+08:00"))
        let context = try log.context(trial: log.demoProtocol())
        let app = BedsideApp(device: ScriptedDevice(width: 80, height: 24), context: context, root: TriageBoardScreen(context: context))
        log.advance(seconds: -3600)
        app.idle()
        let last = row("BED-01", app.frame().lines).map { String($0.dropFirst(60).prefix(8)).trimmingCharacters(in: .whitespaces) }
        #expect(last == "0m", "evaluated at the clock as set back: \(app.frame().lines)")
    }

    @Test func anOpenTimelineFollowsTheClockPastMidnight() throws {
        let log = try BoardLog(now: "2026-11-22T23:59:55+08:00")
        try log.infuse("BED-01", at: "2026-11-21T22:00:00+08:00")
        try log.assess(BoardLog.well("BED-01", at: "2026-11-22T20:00:00+08:00"))
        let context = try log.context(trial: log.demoProtocol())
        let board = TriageBoardScreen(context: context)
        let app = BedsideApp(device: ScriptedDevice(width: 80, height: 24), context: context, root: board)
        app.handle(.enter)
        #expect(app.frame().lines.contains { $0.contains("today D+1") }, "\(app.frame().lines)")
        log.advance(seconds: BedsideApp.tickSeconds)
        app.idle()
        #expect(app.frame().lines.contains { $0.contains("today D+2") }, "\(app.frame().lines)")
    }

    @Test func theBoardCountsTheStudyDayAsTheTimelineDoes() throws {
        // Given an infusion at 22:00 and the board looked at 11 hours later, the next morning
        let log = try BoardLog(now: "2026-11-22T09:00:00+08:00")
        try log.infuse("BED-01", at: "2026-11-21T22:00:00+08:00")
        try log.assess(BoardLog.well("BED-01", at: "2026-11-22T08:00:00+08:00"))
        let context = try log.context(trial: log.demoProtocol())
        // Then both say D+1: day 0 is the infusion's calendar date (not 24-hour periods)
        let board = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: 80, height: 24).lines
        #expect(row("BED-01", board).map { String($0.dropFirst(17).prefix(5)) } == "D+1  ", "\(board)")
        let timeline = BedsideApp.frame(stack: [TriageBoardScreen(context: context), PatientTimelineScreen(patient: "BED-01", context: context)],
                                        context: context, width: 80, height: 24).lines
        #expect(timeline.contains { $0.contains("today D+1") }, "\(timeline)")
    }
}
