import Testing
@testable import Clinical

/// `ClinicalTime.iso8601Text(offsetSeconds:)`, the one writer of ISO 8601 times with an offset
/// (what the bedside logs and prefills).
@Suite("ClinicalTime: ISO 8601 text at an offset")
struct ClinicalTimeTextTests {
    @Test("a time prints at the offset it was written with", arguments: [
        "2026-11-22T08:00:00+08:00", "2026-12-31T20:00:00-05:00", "2026-11-22T08:00:00+05:45",
        "2026-11-22T22:45:00-03:30", "2024-02-29T23:59:59+14:00", "1969-07-20T20:17:40+00:00",
    ])
    func ownOffset(_ text: String) throws {
        let time = try #require(ClinicalTime(iso8601: text))
        #expect(time.iso8601Text() == text)
    }

    @Test("at another offset, the same instant with that offset's wall time and date")
    func otherOffset() throws {
        let time = try #require(ClinicalTime(iso8601: "2026-11-22T03:00:00+08:00"))
        #expect(time.iso8601Text(offsetSeconds: 0) == "2026-11-21T19:00:00+00:00")
        #expect(time.iso8601Text(offsetSeconds: -5 * 3600) == "2026-11-21T14:00:00-05:00")
        #expect(ClinicalTime(iso8601: time.iso8601Text(offsetSeconds: -5 * 3600)) == time)
    }

    @Test("fractions of a second are dropped, never rounded up into the next second")
    func fractionsDropped() throws {
        let time = try #require(ClinicalTime(iso8601: "2026-11-22T08:00:59.999+08:00"))
        #expect(time.iso8601Text() == "2026-11-22T08:00:59+08:00")
    }

    @Test("offsets print as ±HH:MM", arguments: [(0, "+00:00"), (8 * 3600, "+08:00"), (-5 * 3600, "-05:00"),
                                                    (5 * 3600 + 45 * 60, "+05:45"), (-(3 * 3600 + 30 * 60), "-03:30")])
    func offsets(_ seconds: Int, _ text: String) {
        #expect(ClinicalTime.offsetText(seconds) == text)
    }
}
