import Bedside
import Foundation
import Grading
import Clinical
@testable import EventLog
import Terminal
import Testing

/// A new patient identified in the assessment form: the id normalised as `record` does, and a
/// visible warning before save when it only looks like a known patient.
@Suite struct PatientIdentityTests {
    @Test("an id differing from a known patient's in case or by a look-alike letter is warned about, naming that patient",
          arguments: ["bed-03", "\u{412}\u{415}D-03", "BED-O3"])
    func lookAlikeWarned(typed: String) throws {
        // Given a log that holds BED-03
        let f = try FormFixture(seed: [try FormFixture.assessment("BED-03", #""vitals": {"temperature": {"value": 37.0, "unit": "C"}}"#)])
        let screen = f.form(nil)
        // When a new patient is identified as a look-alike of it
        f.type(typed, on: screen)
        f.press([.enter], on: screen)
        // Then the form opens with a warning that names BED-03, shown on screen before any save
        #expect(screen.state.phase == .form)
        let warning = try #require(screen.state.identityWarning)
        #expect(warning.contains("BED-03") && warning.contains(typed))
        #expect(f.text(screen, width: 120, height: 40).contains("WARNING: \(typed) looks like the known patient BED-03"))
    }

    @Test("the id is trimmed and in NFC; a known id carries over; an unrelated new id gets no warning")
    func normalisedAndNoFalseWarning() throws {
        let f = try FormFixture(seed: [try FormFixture.assessment("BED-03", #""vitals": {"temperature": {"value": 37.0, "unit": "C"}}"#)])
        let known = f.form(nil)
        f.type(" BED-03 ", on: known)
        f.press([.enter], on: known)
        #expect(known.state.draft.text(.patientID) == "BED-03")
        #expect(known.state.identityWarning == nil)
        #expect(known.state.notice?.contains("BED-03 is a known patient") == true)
        let other = f.form(nil)
        f.type("Ame\u{301}lie-7", on: other)
        f.press([.enter], on: other)
        #expect(Array(other.state.draft.text(.patientID).unicodeScalars) == Array("Am\u{E9}lie-7".unicodeScalars))
        #expect(other.state.identityWarning == nil)
    }

    @Test("the screen shows a control character from the log as its escape, exactly as standard output does", arguments: [
        "\u{1B}[2J\u{1B}[HALL STABLE", "A\u{0}B", "EVIL\nLINE", "CR\rX", "abc\u{202E}fed", "x\u{7F}\u{9B}y", "a\u{2028}b", "tab\there",
    ])
    func screenEscapes(text: String) {
        var buffer = ScreenBuffer(width: 60, height: 1)
        buffer.put(text, x: 0, y: 0)
        #expect(buffer.line(0) == PrintableText.escaped(text))
    }
}

/// The board of a log that holds hostile ids (an older version or `sqlite3` wrote them): each row
/// shows its id with the control characters escaped, one row per patient.
@Suite struct HostileBoardTests {
    @Test func hostileIdsShowEscapedOnTheBoard() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-hostile-board-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteEventStore(path: directory.appendingPathComponent("log.db").path, mode: .readWrite(create: true))
        let criteria = try CriteriaSet.bundled()
        // Given observations stored straight through the store under hostile ids (no input check there)
        let author = Author(id: "old.version", role: .nurse)
        for id in ["\u{1B}[2J\u{1B}[HALL STABLE", "EVIL\nBED-09", "abc\u{202E}fed"] {
            let json = try FormFixture.assessment("BED-00", #""vitals": {"temperature": {"value": 38.9, "unit": "C"}}"#)
            let results = criteria.evaluate(try Assessment(json: json)).map(\.json)
            _ = try store.appendLinked(EventDraft(kind: .observation, patient: id, clinicalTime: "2026-11-21T08:00:00+08:00",
                                                  payload: EventPayload.observation(json)), author: author) { observation in
                EventDraft(kind: .grades, patient: id, clinicalTime: observation.clinicalTime,
                           payload: EventPayload.grades(observation: observation.id, observationSeq: observation.seq,
                                                        results: results))
            }
        }
        let context = try BedsideContext(store: store, criteria: criteria, trial: nil, signedIn: .unauthenticated(Author(id: "dr.wang", role: .physician)),
                                         now: { ClinicalTime(iso8601: "2026-11-21T09:00:00+08:00")! })
        // When the board is drawn
        let frame = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: 120, height: 24)
        let text = frame.lines.joined(separator: "\n")
        // Then each id shows escaped (cut to the id column), and no cell holds a control character
        #expect(text.contains("\\u{1B}[2J"), "\(text)")
        #expect(text.contains("EVIL\\nBED-09"))
        #expect(text.contains("abc\\u{202E}fed"))
        #expect(!frame.lines.joined().unicodeScalars.contains { PrintableText.hasControlCharacters(String($0)) })
    }
}
