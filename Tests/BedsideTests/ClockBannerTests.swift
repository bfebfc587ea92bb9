import Clinical
import EventLog
import Terminal
import Testing
@testable import Bedside

/// An unsynchronised system clock raises a banner at the board (C-TIME-3) and the entry is still
/// saved: patient safety before the clock. The kernel's answer is given by the test; the real one
/// is asked of `ntp_adjtime(2)` (ClockAnomalyTests checks it is kept with every event).
@Suite struct ClockBannerTests {
    @Test func anUnsynchronisedClockShowsABannerThatGoesWhenItIsSynchronisedAgain() throws {
        let log = try BoardLog(now: "2026-11-22T09:00:00+08:00")
        try log.assess(BoardLog.well("BED-01", at: "2026-11-22T08:00:00+08:00"))
        let context = try log.context()
        var synchronised: Bool? = false
        var watch = ClockWatch()
        watch.synchronised = { synchronised }
        context.clockWatch = watch
        let device = ScriptedDevice(width: 120, height: 40)
        let app = BedsideApp(device: device, context: context, root: TriageBoardScreen(context: context))
        let unsynchronised = app.frame().lines
        let banner = unsynchronised.first { $0.contains("The system clock is not synchronised") }
        #expect(banner != nil, "\(unsynchronised)")
        #expect(unsynchronised.contains { $0.contains("BED-01") }, "the board is still shown")
        // On a narrow terminal the short form
        let narrow = BedsideApp(device: ScriptedDevice(width: 80, height: 24), context: context, root: TriageBoardScreen(context: context))
        #expect(narrow.frame().lines.contains { $0.contains("Clock not synchronised") })
        // Synchronised again, or not known: no banner
        #expect(try log.context().clockWatch == nil, "a context given no watch shows no banner")
        for answer in [true, nil] as [Bool?] {
            synchronised = answer
            #expect(!app.frame().lines.contains { $0.contains("not synchronised") }, "\(String(describing: answer))")
        }
    }
}
