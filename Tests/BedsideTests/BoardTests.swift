import Bedside
import Clinical
@testable import EventLog
import Foundation
import Grading
import Safety
import Terminal
import Testing

/// A terminal scripted by the test: keys to hand out, frames drawn.
final class ScriptedDevice: TerminalDevice {
    var size: (width: Int, height: Int)
    var keys: [Key]
    private(set) var frames: [ScreenBuffer] = []

    init(width: Int, height: Int, keys: [Key] = []) {
        size = (width, height)
        self.keys = keys
    }

    func readKey(timeoutMilliseconds: Int) -> Key? { keys.isEmpty ? nil : keys.removeFirst() }
    func draw(_ buffer: ScreenBuffer) { frames.append(buffer) }
}

/// The triage board (issue 6): one line per patient, worst first, rendered into a screen buffer.
@Suite struct BoardTests {
    /// A fresh log in a temporary directory with three patients graded through the product.
    static func makeContext(trial: TrialProtocol? = nil, now: ClinicalTime? = nil) throws -> (BedsideContext, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-board-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteEventStore(path: directory.appendingPathComponent("log.db").path, mode: .readWrite(create: true))
        let criteria = try CriteriaSet.bundled()
        let recorder = LogRecorder(store: store, criteria: criteria, signedIn: .unauthenticated(Author(id: "nurse.li", role: .nurse)))
        let clear = #""neuro":{"ice":{"total":10},"consciousness":"alert","seizure":"none","motorWeakness":"none","cerebralEdema":"none","posturing":false,"cranialNerveVIPalsy":false,"papilledema":false,"cushingsTriad":false}"#
        let lines = [
            // Febrile on one vasopressor: CRS 3.
            #"{"patient":{"id":"BED-01","ageYears":50},"time":"2026-11-22T08:00:00+08:00","vitals":{"temperature":{"value":38.9,"unit":"C"},"hypotension":true},"support":{"vasopressors":[{"drug":"norepinephrine","dose":0.1,"unit":"mcg/kg/min"}],"oxygen":{"device":"roomAir"}},"#
                + clear + "}",
            // Afebrile, well: CRS 0, then febrile: CRS 1 (trend worse).
            #"{"patient":{"id":"BED-02","ageYears":40},"time":"2026-11-22T06:00:00+08:00","vitals":{"temperature":{"value":37.0,"unit":"C"},"hypotension":false},"support":{"vasopressors":[],"oxygen":{"device":"roomAir"}},"#
                + clear + "}",
            #"{"patient":{"id":"BED-02","ageYears":40},"time":"2026-11-22T07:00:00+08:00","vitals":{"temperature":{"value":38.2,"unit":"C"},"hypotension":false},"support":{"vasopressors":[],"oxygen":{"device":"roomAir"}},"#
                + clear + "}",
            // Oxygen unknown: not assessable.
            #"{"patient":{"id":"BED-03","ageYears":60},"time":"2026-11-22T07:30:00+08:00","vitals":{"temperature":{"value":38.5,"unit":"C"},"hypotension":false},"#
                + clear + "}",
        ]
        for line in lines { _ = try recorder.record(try JSONParser.parse(line)) }
        let clock = now ?? ClinicalTime(iso8601: "2026-11-22T09:00:00+08:00")!
        let context = try BedsideContext(store: store, criteria: criteria, trial: trial, signedIn: .unauthenticated(Author(id: "dr.wang", role: .physician)),
                                         now: { clock })
        return (context, directory)
    }

    @Test func rowsAreSortedWorstFirstWithGradeDigitsAndSymbols() throws {
        let (context, directory) = try Self.makeContext()
        defer { try? FileManager.default.removeItem(at: directory) }
        let frame = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: 80, height: 24)
        let lines = frame.lines
        #expect(lines[0].contains("Triage board"))
        #expect(lines[0].contains("dr.wang (physician)"))
        #expect(lines[1].hasPrefix("  PATIENT"))
        // Worst first: BED-01 (CRS 3), then BED-02 (CRS 1, worse than before), then BED-03 (not assessable, at least 1).
        #expect(lines[2].hasPrefix("▸ BED-01"))
        #expect(lines[2].contains("3 ▮▮▮"))
        #expect(lines[3].contains("BED-02"))
        #expect(lines[23].hasPrefix(" ? help  q back"))
        #expect(lines[3].contains("1 ▮"))
        #expect(lines[3].contains("↑ worse"))
        #expect(lines[4].contains("BED-03"))
        #expect(lines[4].contains("?≥1"), "not assessable shows a question mark, never 0: \(lines[4])")
        #expect(lines[23].contains("? help"))
    }

    @Test func aLargerTerminalUsesTheRoomAndASmallOneSaysSo() throws {
        let (context, directory) = try Self.makeContext()
        defer { try? FileManager.default.removeItem(at: directory) }
        let large = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: 120, height: 40)
        #expect(large.lines[2].hasPrefix("▸ BED-01"))
        #expect(large.lines[39].contains("? help"))
        let small = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: 70, height: 20)
        #expect(small.lines.contains { $0.contains("at least 80×24") })
        #expect(small.lines.contains { $0.contains("This one is 70×20") })
    }

    @Test func overdueAndTheRuleBannerWithAProtocol() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let now = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970)
        try DemoTrial.write(to: directory.path, now: now)
        let criteria = try CriteriaSet.bundled()
        let protocolData = try Data(contentsOf: directory.appendingPathComponent(DemoTrial.protocolName))
        let trial = try TrialProtocol.load(bytes: Array(protocolData), name: DemoTrial.protocolName, criteria: criteria)
        let store = try SQLiteEventStore(path: directory.appendingPathComponent(DemoTrial.logName).path, mode: .readWrite(create: false))
        let context = try BedsideContext(store: store, criteria: criteria, trial: trial, signedIn: .unauthenticated(Author(id: "dr.wang", role: .physician)),
                                         colors: false, now: { ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970) })
        let frame = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: 80, height: 24)
        #expect(frame.lines[1].contains("⚠"), "a tripped rule shows a banner: \(frame.lines[1])")
        #expect(frame.lines[1].contains("PAUSED"))
        #expect(frame.lines.contains { $0.contains("OVERDUE") })
        // Monochrome: the banner is still distinguished (reversed), never by colour alone.
        #expect(frame[2, 1].style.reverse || frame[2, 1].style.bold)
    }

    @Test func keysMoveFindAndOpenHelp() throws {
        let (context, directory) = try Self.makeContext()
        defer { try? FileManager.default.removeItem(at: directory) }
        let device = ScriptedDevice(width: 80, height: 24)
        let app = BedsideApp(device: device, context: context, root: TriageBoardScreen(context: context))
        app.handle(.character("j"))
        #expect(app.frame().lines[3].hasPrefix("▸ BED-02"))
        app.handle(.character("/"))
        for c in "03" { app.handle(.character(c)) }
        app.handle(.enter)
        let filtered = app.frame().lines
        #expect(filtered[2].hasPrefix("▸ BED-03"))
        #expect(!filtered.contains { $0.contains("BED-01") })
        app.handle(.character("?"))
        let help = app.frame().lines
        #expect(help[0].contains("Help: Triage board"))
        #expect(help.contains { $0.contains("Stopping rules and dosing") })
        // Long helps wrap rather than lose their end, so the global keys are a page further down.
        app.handle(.pageDown)
        #expect(app.frame().lines.contains { $0.contains("Quit aegrade") })
        app.handle(.character("x"))
        #expect(app.frame().lines[0].contains("Triage board"))
    }

    @Test func anotherTerminalsWriteAppearsOnTheBoard() throws {
        let (context, directory) = try Self.makeContext()
        defer { try? FileManager.default.removeItem(at: directory) }
        let device = ScriptedDevice(width: 80, height: 24)
        let app = BedsideApp(device: device, context: context, root: TriageBoardScreen(context: context))
        #expect(!app.frame().lines.contains { $0.contains("BED-09") })
        // Another terminal: its own connection to the same file.
        let other = try SQLiteEventStore(path: directory.appendingPathComponent("log.db").path, mode: .readWrite(create: false))
        let recorder = LogRecorder(store: other, criteria: try CriteriaSet.bundled(), signedIn: .unauthenticated(Author(id: "nurse.wu", role: .nurse)))
        _ = try recorder.record(try JSONParser.parse(#"{"patient":{"id":"BED-09","ageYears":30},"time":"2026-11-22T08:30:00+08:00","vitals":{"temperature":{"value":39.0,"unit":"C"},"hypotension":true},"support":{"vasopressors":[{"drug":"norepinephrine","dose":0.1,"unit":"mcg/kg/min"},{"drug":"epinephrine","dose":0.05,"unit":"mcg/kg/min"}],"oxygen":{"device":"roomAir"}}}"#))
        app.pollLog()
        let lines = app.frame().lines
        #expect(lines.contains { $0.contains("BED-09") && $0.contains("4 ▮▮▮▮") }, "\(lines)")
        #expect(device.frames.count >= 1, "a change is drawn without a key")
    }

    @Test func quitFromTheBoardEndsTheLoop() throws {
        let (context, directory) = try Self.makeContext()
        defer { try? FileManager.default.removeItem(at: directory) }
        let device = ScriptedDevice(width: 80, height: 24, keys: [.character("j"), .character("q")])
        let app = BedsideApp(device: device, context: context, root: TriageBoardScreen(context: context))
        app.run()
        #expect(device.keys.isEmpty)
        #expect(device.frames.count >= 2)
    }
}

/// The fast start: the board's first frame from the board heads of the log must be the frame the
/// whole fold gives, line for line, before and after the fold arrives.
@Suite struct FastStartTests {
    static func frames(_ store: any EventStore, trial: TrialProtocol?, now: @escaping () -> ClinicalTime) throws -> (fast: [String], full: [String], after: [String]) {
        let criteria = try CriteriaSet.bundled()
        let author = Author(id: "dr.wang", role: .physician)
        let full = try BedsideContext(store: store, criteria: criteria, trial: trial, signedIn: .unauthenticated(author), colors: false, now: now)
        let fast = try BedsideContext(fastStart: store, criteria: criteria, trial: trial, signedIn: .unauthenticated(author), colors: false, now: now)
        #expect(!fast.isFullyLoaded)
        let fastFrame = BedsideApp.frame(stack: [TriageBoardScreen(context: fast)], context: fast, width: 120, height: 40).lines
        try fast.finishLoading(wait: true)
        #expect(fast.isFullyLoaded)
        let afterFrame = BedsideApp.frame(stack: [TriageBoardScreen(context: fast)], context: fast, width: 120, height: 40).lines
        let fullFrame = BedsideApp.frame(stack: [TriageBoardScreen(context: full)], context: full, width: 120, height: 40).lines
        return (fastFrame, fullFrame, afterFrame)
    }

    @Test func theDemoTrialsFirstFrameIsTheFullFoldsFrame() throws {
        // Given the demo trial: corrections, an override, a manufacturing failure, a tripped rule
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-fast-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let now = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970)
        try DemoTrial.write(to: directory.path, now: now)
        let criteria = try CriteriaSet.bundled()
        let protocolData = try Data(contentsOf: directory.appendingPathComponent(DemoTrial.protocolName))
        let trial = try TrialProtocol.load(bytes: Array(protocolData), name: DemoTrial.protocolName, criteria: criteria)
        let store = try SQLiteEventStore(path: directory.appendingPathComponent(DemoTrial.logName).path, mode: .readWrite(create: false))
        // When the board is drawn from the heads, and from the whole fold
        // (at the real clock, read once, as the board runs: the logged status was evaluated when written)
        let opened = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970)
        let (fast, full, after) = try Self.frames(store, trial: trial, now: { opened })
        // Then every line is the same, the banner included
        #expect(fast == full)
        #expect(after == full)
        #expect(fast[1].contains("⚠"))
    }

    @Test func lateEntriesCorrectionsAndOverridesGiveTheSameFirstFrame() throws {
        // Given a log with a late entry, a correction of the current observation and an override
        let (context, directory) = try BoardTests.makeContext()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = context.store
        let recorder = LogRecorder(store: store, criteria: context.criteria, signedIn: .unauthenticated(Author(id: "dr.wang", role: .physician)))
        // A late entry for BED-02 (clinically earlier than its current observation, recorded later).
        _ = try recorder.record(try JSONParser.parse(#"{"patient":{"id":"BED-02","ageYears":40},"time":"2026-11-22T05:00:00+08:00","vitals":{"temperature":{"value":39.5,"unit":"C"},"hypotension":true},"support":{"vasopressors":[{"drug":"norepinephrine","dose":0.1,"unit":"mcg/kg/min"}],"oxygen":{"device":"roomAir"}}}"#))
        // BED-01's current observation corrected: afebrile, no pressor.
        let bed01 = try #require(context.replay.patients["BED-01"]?.latestObservation?.seq)
        _ = try recorder.correct(seq: bed01, with: try JSONParser.parse(#"{"patient":{"id":"BED-01","ageYears":50},"time":"2026-11-22T08:00:00+08:00","vitals":{"temperature":{"value":37.0,"unit":"C"},"hypotension":false},"support":{"vasopressors":[],"oxygen":{"device":"roomAir"}}}"#), reason: "charted on the wrong patient")
        // An override of BED-02's current CRS grade.
        try context.reload()
        let grades = try #require(context.replay.patients["BED-02"]?.latestGradesSeq)
        _ = try recorder.override(seq: grades, criteria: "astct-2019-crs", term: nil, grade: 2, reason: "rigors, hypotension on review")
        // When the board is drawn from the heads and from the whole fold, the frames are the same
        let (fast, full, after) = try Self.frames(store, trial: nil, now: { ClinicalTime(iso8601: "2026-11-22T09:00:00+08:00")! })
        #expect(fast == full)
        #expect(after == full)
        #expect(full.contains { $0.contains("BED-02") && $0.contains("2 ▮▮⚑") })
    }
}
