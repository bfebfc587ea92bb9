import Foundation
import Testing
import TestSupport

/// `aegrade grade` carries the contradiction warnings beside the grades, which are still given.
@Suite struct ContradictionWarningCommandTests {
    @Test func iceUnableUnarousableWithConsciousnessAlertIsGradedWithAWarning() throws {
        let input = #"{"patient": {"id": "W-01", "ageYears": 40}, "time": "2026-11-22T08:00:00+08:00", "neuro": {"ice": {"unable": "unarousable"}, "consciousness": "alert", "seizure": "none", "motorWeakness": "none", "cerebralEdema": "none", "posturing": false, "cranialNerveVIPalsy": false, "papilledema": false, "cushingsTriad": false}}"#
        let output = try Run.aegrade(["grade", "-", "--criteria", "astct-2019-icans"], stdin: input)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains(#""grade":4"#), "\(output.stdout)")
        #expect(output.stdout.contains("neuro.ice unable because unarousable, but neuro.consciousness is alert: please check both"), "\(output.stdout)")
    }
}
