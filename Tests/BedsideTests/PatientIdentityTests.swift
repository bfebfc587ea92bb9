import Bedside
import Clinical
import EventLog
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
