import Clinical
import EventLog
import Foundation
import Terminal
import Testing
@testable import Bedside

/// The timeline writes what was logged in clinical words and counts in English.
@Suite struct TimelineWordsTests {
    @Test func oxygenAndNeuroInClinicalWords() throws {
        let log = try BoardLog(now: "2026-11-22T12:00:00+08:00")
        try log.assess(#"{"patient":{"id":"BED-05","ageYears":50},"time":"2026-11-22T08:00:00+08:00","vitals":{"temperature":{"value":38.4,"unit":"C"},"hypotension":false},"support":{"vasopressors":[],"oxygen":{"device":"nasalCannula","flowLPerMin":4}},"neuro":{"ice":{"total":7},"consciousness":"awakensToVoice","seizure":"none","motorWeakness":"none","cerebralEdema":"none","posturing":false,"cranialNerveVIPalsy":false,"papilledema":false,"cushingsTriad":false}}"#)
        let context = try log.context()
        let lines = BedsideApp.frame(stack: [TriageBoardScreen(context: context), PatientTimelineScreen(patient: "BED-05", context: context)],
                                     context: context, width: 120, height: 40).lines
        // At 120 columns the entry continues on the next line rather than lose its end.
        let entry = try #require(lines.firstIndex { $0.contains("O₂ nasal cannula 4 L/min · ICE 7 · awakens to") }, "\(lines)")
        #expect(lines[entry].contains("awakens to voice") || lines[entry + 1].trimmingCharacters(in: .whitespaces) == "voice", "\(lines)")
        #expect(!lines.contains { $0.contains("nasalCannula") || $0.contains("awakensToVoice") })
        #expect(lines.contains { $0.contains("· 1 assessment ·") }, "one assessment, singular: \(lines)")
        #expect(ClinicalWords.oxygenDevice("warpDrive") == "\"warpDrive\"", "an unknown word is shown as logged, quoted")
    }
}
