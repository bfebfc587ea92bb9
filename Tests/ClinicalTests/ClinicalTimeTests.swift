import Testing
@testable import Clinical

@Suite("ClinicalTime: ISO 8601 instants with a UTC offset")
struct ClinicalTimeTests {
    // MARK: Offsets to UTC

    static let toUTC: [Row<String, String>] = [
        Row("08:00 in Beijing (+08:00) is 00:00 UTC", "2026-11-22T08:00:00+08:00", "2026-11-22T00:00:00Z"),
        Row("a time already in UTC (Z) stays as typed", "2026-11-22T08:00:00Z", "2026-11-22T08:00:00Z"),
        Row("an explicit +00:00 offset is UTC", "2026-11-22T08:00:00+00:00", "2026-11-22T08:00:00Z"),
        Row("-00:00 is UTC as well", "2026-11-22T08:00:00-00:00", "2026-11-22T08:00:00Z"),
        Row("03:00 in Beijing is 19:00 UTC the day before", "2026-11-22T03:00:00+08:00", "2026-11-21T19:00:00Z"),
        Row("20:00 in New York (-05:00) on New Year's Eve is 01:00 UTC on New Year's Day",
            "2026-12-31T20:00:00-05:00", "2027-01-01T01:00:00Z"),
        Row("a half-hour offset (+05:30, India) is subtracted exactly", "2026-11-22T08:00:00+05:30", "2026-11-22T02:30:00Z"),
        Row("a quarter-hour offset (+05:45, Nepal) is subtracted exactly", "2026-11-22T08:00:00+05:45", "2026-11-22T02:15:00Z"),
        Row("a negative half-hour offset (-03:30, Newfoundland) is added", "2026-11-22T22:45:00-03:30", "2026-11-23T02:15:00Z"),
        Row("the largest offset (+14:00) moves the date back", "2026-01-01T00:00:00+14:00", "2025-12-31T10:00:00Z"),
        Row("01:00 on 1 March in Beijing in a leap year is 17:00 UTC on 29 February",
            "2024-03-01T01:00:00+08:00", "2024-02-29T17:00:00Z"),
        Row("01:00 on 1 March in Beijing in a common year is 17:00 UTC on 28 February",
            "2026-03-01T01:00:00+08:00", "2026-02-28T17:00:00Z"),
        Row("01:00 on 1 March 2000 (a leap century) in Beijing is 29 February 2000 UTC",
            "2000-03-01T01:00:00+08:00", "2000-02-29T17:00:00Z"),
        Row("01:00 on 1 March 1900 (not a leap year) in Beijing is 28 February 1900 UTC",
            "1900-03-01T01:00:00+08:00", "1900-02-28T17:00:00Z"),
        Row("lower-case t and z (allowed by RFC 3339) read like upper case", "2026-11-22t08:00:00z", "2026-11-22T08:00:00Z"),
        Row("the Unix epoch prints as 1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
        Row("a time before 1970 prints with the right date", "1969-07-20T20:17:40Z", "1969-07-20T20:17:40Z"),
        Row("the last second of a day stays on that day", "2026-11-22T23:59:59Z", "2026-11-22T23:59:59Z"),
    ]

    @Test("a time with an offset prints as the same instant in UTC", arguments: toUTC)
    func convertsToUTC(_ row: Row<String, String>) throws {
        let time = try #require(ClinicalTime(iso8601: row.input))
        #expect(time.utcText == row.expected)
        #expect(time.description == row.expected)
    }

    // MARK: Fractional seconds

    static let fractions: [Row<String, String>] = [
        Row("half a second prints as .500", "2026-11-22T08:00:00.5Z", "2026-11-22T08:00:00.500Z"),
        Row("milliseconds survive the offset", "2026-11-22T08:00:00.123+08:00", "2026-11-22T00:00:00.123Z"),
        Row("microseconds are kept to milliseconds", "2026-11-22T08:00:00.123456Z", "2026-11-22T08:00:00.123Z"),
        Row("a fraction of zero prints no fraction", "2026-11-22T08:00:00.000Z", "2026-11-22T08:00:00Z"),
        Row("one millisecond prints as .001", "2026-11-22T08:00:00.001Z", "2026-11-22T08:00:00.001Z"),
        Row("a fraction that rounds up to a whole second carries into the seconds",
            "2026-11-22T08:00:00.9996Z", "2026-11-22T08:00:01Z"),
        Row("a fraction that rounds up at 23:59:59 carries into the next day",
            "2026-12-31T23:59:59.9999Z", "2027-01-01T00:00:00Z"),
        Row("half a second before the epoch is 23:59:59.500 on 31 December 1969",
            "1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.500Z"),
    ]

    @Test("fractional seconds are read and printed to the millisecond", arguments: fractions)
    func readsFractions(_ row: Row<String, String>) throws {
        let time = try #require(ClinicalTime(iso8601: row.input))
        #expect(time.utcText == row.expected)
    }

    @Test("a fraction adds to the instant")
    func fractionAddsToInstant() throws {
        let whole = try #require(ClinicalTime(iso8601: "2026-11-22T08:00:00Z"))
        let half = try #require(ClinicalTime(iso8601: "2026-11-22T08:00:00.25Z"))
        #expect(half.secondsSinceEpoch - whole.secondsSinceEpoch == 0.25)
        #expect(whole < half)
    }

    // MARK: The instant itself

    /// Seconds since the Unix epoch, computed independently (GNU `date -u -d … +%s`).
    static let epochSeconds: [Row<String, Double>] = [
        Row("the epoch is second 0", "1970-01-01T00:00:00Z", 0),
        Row("one day after the epoch is second 86400", "1970-01-02T00:00:00Z", 86_400),
        Row("the spec example time 2026-11-22T08:00:00+08:00 is second 1795305600", "2026-11-22T08:00:00+08:00", 1_795_305_600),
        Row("noon on leap day 2024 is second 1709208000", "2024-02-29T12:00:00Z", 1_709_208_000),
        Row("1 March 2000 is second 951868800", "2000-03-01T00:00:00Z", 951_868_800),
        Row("1 March 1900 is second -2203891200", "1900-03-01T00:00:00Z", -2_203_891_200),
        Row("one second before the epoch is second -1", "1969-12-31T23:59:59Z", -1),
    ]

    @Test("the instant is counted in seconds since 1970-01-01T00:00:00Z", arguments: epochSeconds)
    func countsSeconds(_ row: Row<String, Double>) throws {
        let time = try #require(ClinicalTime(iso8601: row.input))
        #expect(time.secondsSinceEpoch == row.expected)
    }

    static let offsets: [Row<String, Int>] = [
        Row("Z is an offset of 0 seconds", "2026-11-22T08:00:00Z", 0),
        Row("+08:00 is an offset of 28800 seconds", "2026-11-22T08:00:00+08:00", 28_800),
        Row("-05:30 is an offset of -19800 seconds", "2026-11-22T08:00:00-05:30", -19_800),
    ]

    @Test("the offset the time was written with is kept", arguments: offsets)
    func keepsOffset(_ row: Row<String, Int>) throws {
        let time = try #require(ClinicalTime(iso8601: row.input))
        #expect(time.offsetSeconds == row.expected)
    }

    @Test("the same instant written in two time zones is the same moment")
    func sameInstantAcrossZones() throws {
        let beijing = try #require(ClinicalTime(iso8601: "2026-11-22T08:00:00+08:00"))
        let utc = try #require(ClinicalTime(iso8601: "2026-11-22T00:00:00Z"))
        let newYork = try #require(ClinicalTime(iso8601: "2026-11-21T19:00:00-05:00"))
        #expect(beijing.secondsSinceEpoch == utc.secondsSinceEpoch)
        #expect(newYork.secondsSinceEpoch == utc.secondsSinceEpoch)
        #expect(!(beijing < utc) && !(utc < beijing))
    }

    @Test("times are ordered by instant, not by the local clock reading")
    func ordersByInstant() throws {
        // 07:00 UTC is later than 08:00 in Beijing (00:00 UTC) although 07 < 08 on the clock face.
        let beijing = try #require(ClinicalTime(iso8601: "2026-11-22T08:00:00+08:00"))
        let london = try #require(ClinicalTime(iso8601: "2026-11-22T07:00:00+00:00"))
        #expect(beijing < london)
        #expect(!(london < beijing))
    }

    @Test("printing in UTC and reading back gives the same instant",
          arguments: ["2026-11-22T08:00:00+08:00", "2024-02-29T23:30:00-01:00", "1969-12-31T23:59:59.5Z", "2026-11-22T08:00:00.125+05:45"])
    func utcTextRoundTrips(_ text: String) throws {
        let time = try #require(ClinicalTime(iso8601: text))
        let again = try #require(ClinicalTime(iso8601: time.utcText))
        #expect(again.secondsSinceEpoch == time.secondsSinceEpoch)
        #expect(again.offsetSeconds == 0)
    }

    @Test("a time built from seconds prints in UTC")
    func printsFromSeconds() {
        #expect(ClinicalTime(secondsSinceEpoch: 0).utcText == "1970-01-01T00:00:00Z")
        #expect(ClinicalTime(secondsSinceEpoch: 1_795_305_600, offsetSeconds: 28_800).utcText == "2026-11-22T00:00:00Z")
        #expect(ClinicalTime(secondsSinceEpoch: 951_868_799).utcText == "2000-02-29T23:59:59Z")
    }

    // MARK: Leap years

    static let leapDays: [Row<String, Bool>] = [
        Row("29 February 2024 exists (divisible by 4)", "2024-02-29T00:00:00Z", true),
        Row("29 February 2000 exists (divisible by 400)", "2000-02-29T00:00:00Z", true),
        Row("29 February 2400 exists (divisible by 400)", "2400-02-29T00:00:00Z", true),
        Row("29 February 2026 does not exist", "2026-02-29T00:00:00Z", false),
        Row("29 February 1900 does not exist (century not divisible by 400)", "1900-02-29T00:00:00Z", false),
        Row("29 February 2100 does not exist (century not divisible by 400)", "2100-02-29T00:00:00Z", false),
        Row("28 February 2026 exists", "2026-02-28T00:00:00Z", true),
    ]

    @Test("29 February is accepted only in leap years", arguments: leapDays)
    func leapYears(_ row: Row<String, Bool>) {
        #expect((ClinicalTime(iso8601: row.input) != nil) == row.expected)
    }

    // MARK: Invalid times

    static let invalid: [Row<String, String>] = [
        Row("30 February does not exist", "2026-02-30T08:00:00+08:00", ""),
        Row("31 April does not exist", "2026-04-31T08:00:00Z", ""),
        Row("31 June does not exist", "2026-06-31T08:00:00Z", ""),
        Row("31 September does not exist", "2026-09-31T08:00:00Z", ""),
        Row("31 November does not exist", "2026-11-31T08:00:00Z", ""),
        Row("32 January does not exist", "2026-01-32T08:00:00Z", ""),
        Row("month 13 does not exist", "2026-13-01T08:00:00Z", ""),
        Row("month 00 does not exist", "2026-00-10T08:00:00Z", ""),
        Row("day 00 does not exist", "2026-11-00T08:00:00Z", ""),
        Row("hour 24 is not a time of day", "2026-11-22T24:00:00Z", ""),
        Row("minute 60 is not a time of day", "2026-11-22T08:60:00Z", ""),
        Row("second 60 is not accepted", "2026-11-22T08:00:60Z", ""),
        Row("a time without an offset is ambiguous across sites and rejected", "2026-11-22T08:00:00", ""),
        Row("a time with a fraction but without an offset is rejected", "2026-11-22T08:00:00.5", ""),
        Row("a date alone is not a time", "2026-11-22", ""),
        Row("a time without seconds is rejected", "2026-11-22T08:00Z", ""),
        Row("an offset without minutes is rejected", "2026-11-22T08:00:00+08", ""),
        Row("an offset of 24 hours is rejected", "2026-11-22T08:00:00+24:00", ""),
        Row("an offset with 60 minutes is rejected", "2026-11-22T08:00:00+08:60", ""),
        Row("a decimal point without digits is rejected", "2026-11-22T08:00:00.Z", ""),
        Row("a time-zone name instead of an offset is rejected", "2026-11-22T08:00:00GMT", ""),
        Row("a time-zone abbreviation after the offset is rejected", "2026-11-22T08:00:00+08:00 CST", ""),
        Row("trailing whitespace is rejected", "2026-11-22T08:00:00Z ", ""),
        Row("leading whitespace is rejected", " 2026-11-22T08:00:00Z", ""),
        Row("a two-digit year is rejected", "26-11-22T08:00:00Z", ""),
        Row("slashes instead of hyphens are rejected", "2026/11/22T08:00:00Z", ""),
        Row("a day-first date is rejected", "22-11-2026T08:00:00Z", ""),
        Row("a one-digit month is rejected", "2026-1-22T08:00:00Z+", ""),
        Row("letters in the hour are rejected", "2026-11-22T0a:00:00Z", ""),
        Row("an empty string is rejected", "", ""),
    ]

    @Test("malformed or impossible times are rejected", arguments: invalid)
    func rejectsInvalid(_ row: Row<String, String>) {
        #expect(ClinicalTime(iso8601: row.input) == nil)
    }
}
