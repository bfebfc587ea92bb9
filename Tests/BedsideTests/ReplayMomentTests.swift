import Clinical
import EventLog
import Foundation
import Terminal
import Testing
@testable import Bedside

/// The replay steps over an observation and its grades (one transaction) as one moment, and
/// shows nothing from the present: its own banner, the rule status as logged by then.
@Suite struct ReplayMomentTests {
    func row(_ patient: String, _ lines: [String]) -> String? { lines.first { $0.dropFirst(2).hasPrefix(patient + " ") } }

    func type(_ text: String, into screen: ReplayScreen, _ context: BedsideContext) {
        _ = screen.handle(.character("g"), context: context)
        for character in text { _ = screen.handle(.character(character), context: context) }
        _ = screen.handle(.enter, context: context)
    }

    @Test func steppingOntoAnObservationShowsItWithItsGrades() throws {
        let context = try DemoFixture.context()
        let events = context.events
        // An observation of an infused patient, graded in the same transaction
        let index = try #require(events.indices.dropFirst(40).first { i in
            events[i].kind == .observation && i + 1 < events.count && events[i + 1].kind == .grades
        })
        let observation = events[index], patient = try #require(observation.patient)
        let screen = ReplayScreen(context: context)
        type("#\(observation.seq - 1)", into: screen, context)
        #expect(screen.state.current?.seq == observation.seq - 1)
        // When one step forward
        _ = screen.handle(.right, context: context)
        // Then the replay stands after the grades, and the patient's row has grades
        #expect(screen.state.current?.seq == observation.seq + 1)
        let lines = DemoFixture.frame(screen, context, width: 80, height: 24)
        let line = try #require(row(patient, lines))
        #expect(!line.dropFirst(23).hasPrefix("-"), "never `- - no new` between an entry and its grades: \(line)")
        #expect(lines.contains { $0.contains("events #\(observation.seq)–#\(observation.seq + 1) of") }, "\(lines)")
        #expect(lines.contains { $0.contains("observation and its grades  \(patient)") })
        // And one step back stands before the entry, not between it and its grades
        _ = screen.handle(.left, context: context)
        #expect(screen.state.current?.seq == observation.seq - 1)
        // Going to the observation itself shows its moment
        type("#\(observation.seq)", into: screen, context)
        #expect(screen.state.current?.seq == observation.seq + 1)
    }

    @Test(arguments: DemoFixture.sizes) func theReplayShowsNoBannerFromThePresent(size: (width: Int, height: Int)) throws {
        let context = try DemoFixture.context()
        // The live board says enrolment is paused
        let live = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: size.width, height: size.height).lines
        #expect(live[1].contains("ENROLMENT PAUSED"))
        // At #100 the rule had not tripped
        let screen = ReplayScreen(context: context)
        type("#100", into: screen, context)
        let lines = DemoFixture.frame(screen, context, width: size.width, height: size.height)
        #expect(lines[0].contains("Replay as of #10"), "\(lines[0])")
        #expect(lines[1].contains("◀◀ REPLAY as of event #10"), "\(lines[1])")
        #expect(!lines.contains { $0.contains("ENROLMENT PAUSED") }, "nothing from the present: \(lines)")
        #expect(lines.contains { $0.contains("rules then: continue") })
        // The timeline opened from there carries the replay's banner too
        let timeline = BedsideApp.frame(stack: [TriageBoardScreen(context: context), screen,
                                                PatientTimelineScreen(patient: "P-001", context: context, asOf: 100)],
                                        context: context, width: size.width, height: size.height).lines
        #expect(timeline[1].contains("◀◀ REPLAY"), "\(timeline[1])")
        #expect(!timeline.contains { $0.contains("ENROLMENT PAUSED") })
        // At the end, the rule status logged by then: in the replay's banner where it fits
        _ = screen.handle(.end, context: context)
        let end = DemoFixture.frame(screen, context, width: size.width, height: size.height)
        #expect(end[1].contains("◀◀ REPLAY"))
        #expect(size.width < 120 || end[1].contains("then: ⚠ ENROLMENT PAUSED"), "\(end[1])")
        #expect(end.contains { $0.contains("rules then: ⚠ paused — tripped sentinel-dlt") })
    }
}
