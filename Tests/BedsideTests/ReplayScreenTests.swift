import Clinical
@testable import EventLog
import Foundation
import Terminal
import Testing
@testable import Bedside

/// The replay (issue 6): step through the log event by event, jump to a time, see the board and
/// the event as they were, and whether `verify` passes.
@Suite struct ReplayScreenTests {
    /// The board line of `patient` in a frame.
    func row(_ patient: String, _ lines: [String]) -> String? { lines.first { $0.dropFirst(2).hasPrefix(patient + " ") } }

    /// The CRS column of a board line.
    func crs(_ line: String?) -> String? { line.map { String($0.dropFirst(23).prefix(10)).trimmingCharacters(in: .whitespaces) } }

    func type(_ text: String, into screen: ReplayScreen, _ context: BedsideContext) {
        _ = screen.handle(.character("g"), context: context)
        for character in text { _ = screen.handle(.character(character), context: context) }
        _ = screen.handle(.enter, context: context)
    }

    @Test(arguments: DemoFixture.sizes) func itOpensAtTheEndWithTheVerification(size: (width: Int, height: Int)) throws {
        let context = try DemoFixture.context()
        let screen = ReplayScreen(context: context)
        let last = try #require(context.events.last)
        let lines = DemoFixture.frame(screen, context, width: size.width, height: size.height)
        #expect(lines.count == size.height && lines.allSatisfy { $0.displayWidth <= size.width })
        // The last event is the grades of an entry: the two are one moment.
        let first = try #require(screen.state.moment.first)
        #expect(lines[2].hasPrefix((first.seq == last.seq ? " event" : " events #\(first.seq)–") + "#\(last.seq) of \(last.seq) ◀  · recorded ")
                || lines[2].hasPrefix(" event #\(last.seq) of \(last.seq) ◀  · recorded "), "\(lines[2])")
        #expect(lines[3] == " verify: ok, \(last.seq) events intact")
        #expect(lines[4].contains("\(EventText.kind(first.kind))") && lines[4].contains("  \(first.patient ?? "trial")"))
        #expect(lines[5].contains("by \(first.author.id) (\(first.author.role.rawValue))"))
        #expect(lines[7].contains("rules then: ⚠ paused — tripped sentinel-dlt"))
        // The board as it stands now, every patient on it.
        #expect(lines[9].hasPrefix("  PATIENT"))
        for patient in ["P-001", "P-002", "P-003", "P-004", "P-005", "P-006", "P-007", "P-008"] { #expect(row(patient, lines) != nil) }
        #expect(lines[size.height - 1].contains("← earlier  → later  g go  Enter patient"))
    }

    @Test(arguments: DemoFixture.sizes) func steppingShowsTheBoardBeforeAndAfterACorrection(size: (width: Int, height: Int)) throws {
        let context = try DemoFixture.context()
        let correction = try #require(context.events.first { $0.kind == .correction })
        let screen = ReplayScreen(context: context)
        type("#\(correction.seq - 1)", into: screen, context)
        let before = DemoFixture.frame(screen, context, width: size.width, height: size.height)
        #expect(before[2].hasPrefix(" event #\(correction.seq - 1) of "))
        #expect(crs(row("P-004", before)) == "1 ▮")
        #expect(before[7].contains("rules then: continue — no rule status logged yet"))

        let folded = screen.state.eventsFolded
        // The correction and its grades are one transaction, stepped over as one moment: the
        // corrected grade stands at once.
        _ = screen.handle(.right, context: context)
        let at = DemoFixture.frame(screen, context, width: size.width, height: size.height)
        #expect(at[4].contains("correction and its grades  P-004  clinical "))
        #expect(at[5].contains("by dr.wang (physician)"))
        let superseded = try #require(EventText.number(correction.payload[.supersedesSeq]))
        #expect(at[6].contains("supersedes #\(superseded) — temperature mistyped"), "\(at[6])")
        #expect(crs(row("P-004", at)) == "0 ·")
        // Stepping forward folds only the events stepped over.
        #expect(screen.state.eventsFolded == folded + 2)
        _ = screen.handle(.left, context: context)
        #expect(crs(row("P-004", DemoFixture.frame(screen, context, width: size.width, height: size.height))) == "1 ▮")
    }

    @Test func homeEndAndPagesOfFifty() throws {
        let context = try DemoFixture.context()
        let screen = ReplayScreen(context: context)
        let count = context.events.count
        // Fifty back, or one more where that would stand between an entry and its grades.
        let back50 = Int64(count - 50) - (screen.state.isWithoutItsGrades(count - 51) ? 1 : 0)
        _ = screen.handle(.pageUp, context: context)
        #expect(screen.state.current?.seq == back50)
        _ = screen.handle(.pageUp, context: context)
        _ = screen.handle(.pageDown, context: context)
        #expect(screen.state.current.map { abs($0.seq - back50) <= 1 } == true)
        _ = screen.handle(.home, context: context)
        let first = DemoFixture.frame(screen, context, width: 80, height: 24)
        #expect(first[2].hasPrefix(" event #1 of \(count)  ▶"))
        #expect(first[4].contains("genesis  trial") && first[6].contains("log created"))
        // Nothing can be entered in the replay: its empty board offers no key to do so.
        #expect(first.contains { $0.contains("No patients in the log at this point.") })
        #expect(!first.contains { $0.contains("starts a new assessment") })
        _ = screen.handle(.left, context: context)
        #expect(screen.state.current?.seq == 1)
        _ = screen.handle(.end, context: context)
        #expect(screen.state.current?.seq == Int64(count))
        _ = screen.handle(.right, context: context)
        #expect(screen.state.current?.seq == Int64(count))
        // Back and forth across checkpoints lands on the same state as a fold from the start.
        _ = screen.handle(.home, context: context)
        for _ in 0..<6 { _ = screen.handle(.pageDown, context: context) }
        let forward = DemoFixture.frame(screen, context, width: 120, height: 40)
        _ = screen.handle(.end, context: context)
        for _ in 0..<6 { _ = screen.handle(.pageDown, context: context) }
        _ = screen.handle(.home, context: context)
        for _ in 0..<6 { _ = screen.handle(.pageDown, context: context) }
        #expect(DemoFixture.frame(screen, context, width: 120, height: 40) == forward)
    }

    @Test func bracketsJumpBetweenCorrectionsOverridesAndRuleStatus() throws {
        let context = try DemoFixture.context()
        let screen = ReplayScreen(context: context)
        var kinds: [EventKind] = []
        for _ in 0..<3 {
            _ = screen.handle(.character("["), context: context)
            kinds.append(try #require(screen.state.moment.first?.kind))
        }
        #expect(kinds == [.ruleStatus, .correction, .override])
        _ = screen.handle(.character("["), context: context)
        #expect(DemoFixture.frame(screen, context, width: 80, height: 24)[22].contains("no earlier correction, override or rule status"))
        _ = screen.handle(.character("]"), context: context)
        #expect(screen.state.moment.first?.kind == .correction)
    }

    @Test func goToATimeTakesTheLongestPrefixRecordedByThen() throws {
        let context = try DemoFixture.context()
        let screen = ReplayScreen(context: context)
        let target = context.events[context.events.count / 2]
        type(target.recordTime, into: screen, context)
        let expected = context.events.lastIndex { $0.recordTime <= target.recordTime }!
        #expect(screen.state.index == expected)
        // Before the log began: its first event, and a note saying so.
        type("2000-01-01 00:00", into: screen, context)
        let lines = DemoFixture.frame(screen, context, width: 80, height: 24)
        #expect(screen.state.index == 0 && lines[22].contains("the log begins after 2000-01-01"))
        // HH:MM:SS is on the current event's record date, at this terminal's offset: the second
        // after the last event was recorded shows the last event.
        let last = try #require(context.events.last?.recordInstant)
        let offset = ClockText.localOffset(at: last.secondsSinceEpoch)
        let next = ClockText.fields((last.secondsSinceEpoch + 1).rounded(.down), offset: offset)
        _ = screen.handle(.home, context: context)
        _ = screen.handle(.end, context: context)
        guard next.day == ClockText.fields(last.secondsSinceEpoch, offset: offset).day else { return }
        type("\(ClockText.two(next.hour)):\(ClockText.two(next.minute)):\(ClockText.two(next.second))", into: screen, context)
        #expect(screen.state.index == context.events.count - 1)
    }

    @Test func typedTimesAreReadAsISOOrLocal() throws {
        let reference = try #require(ClinicalTime(iso8601: "2026-05-14T23:00:00Z"))
        let east = 8 * 3600
        func parse(_ text: String) -> String? { ClockText.parse(text, reference: reference, localOffset: east)?.utcText }
        #expect(parse("2026-05-14T08:00:00+08:00") == "2026-05-14T00:00:00Z")
        #expect(parse("2026-05-14T08:00+08:00") == "2026-05-14T00:00:00Z")
        #expect(parse("2026-05-14T08:00Z") == "2026-05-14T08:00:00Z")
        #expect(parse("2026-05-14 08:00") == "2026-05-14T00:00:00Z")
        #expect(parse(" 2026-05-14 08:00:30 ") == "2026-05-14T00:00:30Z")
        // HH:MM is on the reference's local date: 23:00Z is already 15 May at +08:00.
        #expect(parse("08:30") == "2026-05-15T00:30:00Z")
        #expect(parse("24:00") == nil && parse("8h30") == nil && parse("2026-13-01 08:00") == nil && parse("") == nil)
    }

    @Test func aTimeThatIsNotOneIsNamedAndNothingMoves() throws {
        let context = try DemoFixture.context()
        let screen = ReplayScreen(context: context)
        _ = screen.handle(.character("g"), context: context)
        for character in "tomorrow" { _ = screen.handle(.character(character), context: context) }
        let typing = DemoFixture.frame(screen, context, width: 80, height: 24)
        #expect(typing[22].contains("go to (") && typing[22].hasSuffix("tomorrow▏"))
        // While typing, q is a letter, not "back".
        #expect(DemoFixture.name(screen.handle(.character("q"), context: context)) == "redraw")
        _ = screen.handle(.backspace, context: context)
        _ = screen.handle(.enter, context: context)
        #expect(screen.state.index == context.events.count - 1)
        #expect(DemoFixture.frame(screen, context, width: 80, height: 24)[22].contains("\"tomorrow\" is not a time"))
        _ = screen.handle(.character("g"), context: context)
        _ = screen.handle(.escape, context: context)
        #expect(screen.state.goTo == nil)
        type("#999999", into: screen, context)
        #expect(DemoFixture.frame(screen, context, width: 80, height: 24)[22].contains("there is no event #999999"))
    }

    @Test func enterOpensThePatientTimelineAsOfTheEvent() throws {
        let context = try DemoFixture.context()
        let screen = ReplayScreen(context: context)
        let override = try #require(context.events.first { $0.kind == .override })
        type("#\(override.seq)", into: screen, context)
        #expect(screen.state.board.selectedPatient == "P-003")
        #expect(DemoFixture.name(screen.handle(.enter, context: context)) == "push Timeline P-003 as of #\(override.seq)")
        _ = screen.handle(.character("j"), context: context)
        #expect(screen.state.board.selectedPatient != "P-003")
    }

    @Test func theClockKeySwitchesTheBoardToClinicalTime() throws {
        let context = try DemoFixture.context()
        let screen = ReplayScreen(context: context)
        let correction = try #require(context.events.first { $0.kind == .correction })
        type("#\(correction.seq)", into: screen, context)
        let recorded = DemoFixture.frame(screen, context, width: 120, height: 40)
        #expect(recorded[38].contains("clock: its record time"))
        _ = screen.handle(.character("c"), context: context)
        let clinical = DemoFixture.frame(screen, context, width: 120, height: 40)
        #expect(clinical[38].contains("clock: latest clinical time") && clinical[2].contains("board clock: clinical"))
        // Counted from the demo's clinical time, P-004 was assessed minutes before, not days.
        #expect(row("P-004", recorded)?.contains("OVERDUE") == true)
        #expect(row("P-004", clinical)?.contains("OVERDUE") == false)
    }

    @Test func aTamperedLogFailsVerifyNamingTheEvent() throws {
        let directory = DemoFixture.temporaryDirectory("tampered")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(atPath: DemoFixture.directory + "/" + DemoTrial.logName, toPath: directory + "/" + DemoTrial.logName)
        try FileManager.default.copyItem(atPath: DemoFixture.directory + "/" + DemoTrial.protocolName, toPath: directory + "/" + DemoTrial.protocolName)
        // Change one letter of the correction's reason in the file itself, past the triggers.
        let path = directory + "/" + DemoTrial.logName
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let needle = Array("mistyped".utf8)
        let at = try #require((0...(bytes.count - needle.count)).first { Array(bytes[$0..<($0 + needle.count)]) == needle })
        bytes[at] = UInt8(ascii: "M")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let context = try DemoFixture.context(directory)
        let correction = try #require(context.events.first { $0.kind == .correction })
        let lines = DemoFixture.frame(ReplayScreen(context: context), context, width: 120, height: 40)
        #expect(lines[3].hasPrefix(" verify: FAIL at seq \(correction.seq) — content changed after it was written"))
    }

    @Test func aReplayAtTheEndFollowsNewEventsAndOneInThePastStays() throws {
        let directory = DemoFixture.temporaryDirectory("grows")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in [DemoTrial.logName, DemoTrial.protocolName] {
            try FileManager.default.copyItem(atPath: DemoFixture.directory + "/" + name, toPath: directory + "/" + name)
        }
        let context = try DemoFixture.context(directory)
        let atEnd = ReplayScreen(context: context)
        let inThePast = ReplayScreen(context: context)
        _ = inThePast.handle(.home, context: context)
        let count = context.events.count
        let writer = try SQLiteEventStore(path: directory + "/" + DemoTrial.logName, mode: .readWrite(create: false))
        let recorder = LogRecorder(store: writer, criteria: DemoFixture.criteria, signedIn: .unauthenticated(Author(id: "dr.wang", role: .physician)))
        _ = try recorder.event(kind: .treatment, patient: "P-006", time: ClockText.iso(ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970 - 60)),
                               data: EventPayload.treatment(drug: "paracetamol", dose: "1 g PO"), reason: "fever")
        #expect(try context.reloadIfChanged())
        atEnd.logChanged(context: context)
        inThePast.logChanged(context: context)
        #expect(atEnd.state.current?.seq == Int64(count + 1))
        #expect(DemoFixture.frame(atEnd, context, width: 80, height: 24)[6].contains("paracetamol 1 g PO — fever"))
        #expect(inThePast.state.current?.seq == 1)
        #expect(DemoFixture.frame(inThePast, context, width: 80, height: 24)[2].hasPrefix(" event #1 of \(count + 1)"))
    }
}
