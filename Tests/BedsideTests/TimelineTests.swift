import Clinical
import EventLog
import Foundation
import Terminal
import Testing
@testable import Bedside

/// The patient timeline (issue 6): grade strips and a temperature sparkline per day since
/// infusion, episodes, events with authors and record times, corrections and overrides marked.
@Suite struct TimelineTests {
    /// Scrolls `screen` (rendered at `size`) until a line contains `text`; the frame then.
    func scrolled(to text: String, _ screen: PatientTimelineScreen, _ context: BedsideContext, width: Int, height: Int) -> [String]? {
        for _ in 0..<200 {
            let lines = DemoFixture.frame(screen, context, width: width, height: height)
            if lines.contains(where: { $0.contains(text) }) { return lines }
            _ = screen.handle(.pageDown, context: context)
        }
        return nil
    }

    @Test(arguments: DemoFixture.sizes) func theHeaderAndTheDayStripsOfASevereCRS(size: (width: Int, height: Int)) throws {
        let context = try DemoFixture.context()
        let screen = PatientTimelineScreen(patient: "P-002", context: context)
        let lines = DemoFixture.frame(screen, context, width: size.width, height: size.height)
        #expect(lines.count == size.height && lines.allSatisfy { $0.displayWidth <= size.width })
        #expect(lines[0].contains("Timeline P-002"))
        #expect(lines[2].contains("P-002 · cohort DL1 · infused ") && lines[2].contains("today D+11"))
        #expect(lines[3].contains("worst CRS 4 ▮▮▮▮") && lines[3].contains("ICANS 1 ▮"))
        let head = try #require(lines.firstIndex { $0.hasPrefix(" DAY  DATE   CRS") })
        #expect(lines[head].contains("ICANS") && lines[head].contains("TEMP") && lines[head].contains("MAX"))
        // Day 0 is the infusion; each day carries the grade digit of each assessment, in order, so
        // the strips read one after the other give the course (which day an hour falls on depends
        // on the hour of the infusion, hence the joined strips).
        let day0 = try #require(lines.first { $0.hasPrefix(" D+0 ") })
        #expect(day0.contains("infusion"))
        let days = lines.filter { $0.hasPrefix(" D+") || $0.hasPrefix(" D-") }.map(Array.init)
        func strip(_ line: [Character], at column: Int) -> String {
            String(line.dropFirst(column).prefix(6)).trimmingCharacters(in: .whitespaces)
        }
        let crs = days.map { strip($0, at: 13) }.joined(), icans = days.map { strip($0, at: 21) }.joined()
        #expect(crs.contains("0001112223344433322211110"))
        #expect(icans.contains("0000001111110"))
        #expect(lines.contains { $0.hasPrefix(" D+") && $0.contains("tocilizumab") && $0.contains("dexamethasone") })
        // The sparkline: one level per assessment (six a day from day 1), the day's maximum as a number.
        let day1 = try #require(lines.first { $0.hasPrefix(" D+1 ") })
        let spark = day1.split(separator: " ").first { $0.allSatisfy { PatientTimelineView.sparks.contains($0) } }
        #expect(spark?.count == 6)
        #expect(day1.contains(" 39.") || day1.contains(" 38."))
    }

    @Test func sparklineLevelsFollowHalfDegreesWithFeverAtTheFifth() {
        #expect(PatientTimelineView.spark(36.4) == "▁")
        #expect(PatientTimelineView.spark(37.9) == "▄")
        #expect(PatientTimelineView.spark(38.0) == "▅")
        #expect(PatientTimelineView.spark(39.5) == "█")
        #expect(PatientTimelineView.spark(41.5) == "█")
    }

    @Test(arguments: DemoFixture.sizes) func aCorrectionIsMarkedWithItsAuthorAndReason(size: (width: Int, height: Int)) throws {
        let context = try DemoFixture.context()
        let screen = PatientTimelineScreen(patient: "P-004", context: context)
        let first = DemoFixture.frame(screen, context, width: size.width, height: size.height)
        #expect(first[3].contains("1 ✎ corrected"))
        #expect(first.contains { $0.hasPrefix(" D+3 ") && $0.hasSuffix("✎") })
        let lines = try #require(scrolled(to: "✎ corrected by dr.wang", screen, context, width: size.width, height: size.height))
        let corrected = try #require(lines.first { $0.contains("✎ corrected by dr.wang") })
        #expect(corrected.contains("temperature mistyped"))
        #expect(corrected.contains("dr.wang · "))
        let superseded = try #require(lines.firstIndex { $0.contains("✎ superseded by #") })
        #expect(lines[superseded].contains("CRS 1") && lines[superseded].contains("nurse."))
        #expect(lines[superseded...].prefix(2).joined().contains("39.8°C"))
        // The strip counts the corrected assessment, not the one typed wrong: day 3 is all 0.
        let day3 = try #require(DemoFixture.frame(PatientTimelineScreen(patient: "P-004", context: context), context,
                                                  width: size.width, height: size.height).first { $0.hasPrefix(" D+3 ") })
        #expect(day3.contains("000000"))
    }

    @Test(arguments: DemoFixture.sizes) func anOverrideIsMarkedAndItsGradeStands(size: (width: Int, height: Int)) throws {
        let context = try DemoFixture.context()
        let screen = PatientTimelineScreen(patient: "P-003", context: context)
        let first = DemoFixture.frame(screen, context, width: size.width, height: size.height)
        #expect(first[3].contains("ICANS 2 ▮▮") && first[3].contains("1 ⚑ overridden"))
        let lines = try #require(scrolled(to: "⚑ override", screen, context, width: size.width, height: size.height))
        let override = try #require(lines.first { $0.contains("⚑ override") })
        #expect(override.contains("⚑ override ICANS 1→2 by dr.wang: awakens only"))
        let index = try #require(lines.firstIndex(of: override))
        #expect(lines[index...].prefix(3).joined(separator: " ").contains("to voice on neurology review"))
        let model = screen.state.timeline
        let overridden = model.assessments.filter(\.icans.overridden)
        #expect(overridden.count == 1 && overridden.first?.icans.value == 2)
    }

    @Test func episodesShowOnsetPeakResolutionAndTreatments() throws {
        let context = try DemoFixture.context()
        let screen = PatientTimelineScreen(patient: "P-005", context: context)
        let lines = try #require(scrolled(to: "EPISODES", screen, context, width: 120, height: 40))
        let crs = try #require(lines.first { $0.hasPrefix(" CRS ") })
        #expect(crs.contains("peak 2 ▮▮") && crs.contains("resolved") && crs.contains("tocilizumab"))
        let icans = try #require(lines.first { $0.hasPrefix(" ICANS ") })
        #expect(icans.contains("peak 3 ▮▮▮") && icans.contains("dexamethasone, methylprednisolone"))
    }

    @Test func keysScrollByLineAndPageAndSection() throws {
        let context = try DemoFixture.context()
        let screen = PatientTimelineScreen(patient: "P-001", context: context)
        // 80×24 with the banner: title, banner, two header lines, 19 document rows, status bar.
        let top = DemoFixture.frame(screen, context, width: 80, height: 24)
        #expect(top[22].hasSuffix("↓") && !top[4].hasSuffix("↑"))
        #expect(DemoFixture.name(screen.handle(.character("j"), context: context)) == "redraw")
        let down = DemoFixture.frame(screen, context, width: 80, height: 24)
        #expect(screen.state.scroll == 1 && down[4].hasPrefix(top[5]) && down[4].hasSuffix("↑"))
        _ = screen.handle(.up, context: context)
        #expect(DemoFixture.frame(screen, context, width: 80, height: 24) == top)
        _ = screen.handle(.pageDown, context: context)
        #expect(screen.state.scroll == 18)
        _ = screen.handle(.pageUp, context: context)
        #expect(screen.state.scroll == 0)
        _ = screen.handle(.end, context: context)
        let end = DemoFixture.frame(screen, context, width: 80, height: 24)
        // The last entry, whose findings may continue on the line below.
        #expect(end[21...22].contains { $0.contains("assessment CRS 0") } && !end[22].hasSuffix("↓"))
        _ = screen.handle(.down, context: context)
        #expect(DemoFixture.frame(screen, context, width: 80, height: 24) == end)
        _ = screen.handle(.home, context: context)
        _ = screen.handle(.tab, context: context)
        #expect(DemoFixture.frame(screen, context, width: 80, height: 24)[4].hasPrefix("EPISODES"))
        _ = screen.handle(.tab, context: context)
        #expect(DemoFixture.frame(screen, context, width: 80, height: 24)[4].hasPrefix("EVENTS"))
        _ = screen.handle(.backTab, context: context)
        #expect(DemoFixture.frame(screen, context, width: 80, height: 24)[4].hasPrefix("EPISODES"))
        // Keys it does not use go on to the global ones.
        #expect(DemoFixture.name(screen.handle(.character("q"), context: context)) == "unhandled")
    }

    @Test func asOfAnEventTheTimelineShowsOnlyWhatWasKnown() throws {
        let context = try DemoFixture.context()
        let correction = try #require(context.events.first { $0.kind == .correction })
        let screen = PatientTimelineScreen(patient: "P-004", context: context, asOf: correction.seq - 1)
        let lines = DemoFixture.frame(screen, context, width: 120, height: 40)
        #expect(lines[0].contains("as of #\(correction.seq - 1)"))
        #expect(lines[4].contains("as of event #\(correction.seq - 1) (replay)"))
        #expect(lines[3].contains("worst CRS 1") && lines[3].contains("0 ✎ corrected"))
        #expect(!screen.state.timeline.entries.contains { $0.seq >= correction.seq })
    }

    @Test func aPatientWithoutInfusionListsDatesAndTheFailure() throws {
        let context = try DemoFixture.context()
        let screen = PatientTimelineScreen(patient: "P-007", context: context)
        let lines = DemoFixture.frame(screen, context, width: 120, height: 40)
        #expect(lines[2].contains("not infused"))
        #expect(lines.contains { $0.hasPrefix(" —    ") && $0.contains("mfg failure") })
        #expect(lines.contains { $0.contains("manufacturing failure T-cell expansion below the release specification · replaced") })
    }
}

extension DemoFixture {
    /// A reaction's case, for comparing (a pushed screen by its title).
    static func name(_ reaction: Reaction) -> String {
        switch reaction {
        case .unhandled: "unhandled"
        case .none: "none"
        case .redraw: "redraw"
        case .push(let screen): "push \(screen.title)"
        case .replace(let screen): "replace \(screen.title)"
        case .pop: "pop"
        case .popToRoot: "popToRoot"
        case .quit: "quit"
        }
    }
}
