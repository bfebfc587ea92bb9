import Clinical

/// Study days counted from infusion, as clinicians count them: day 0 is the calendar date of the
/// infusion at the infusion's own UTC offset, day 1 the next date, and so on (a fever at 23:00 on
/// the infusion date is day 0 however few hours after the infusion it came).
package struct StudyCalendar: Sendable, Equatable {
    /// The infusion (day 0).
    package let infusion: ClinicalTime

    package init(infusion: ClinicalTime) { self.infusion = infusion }

    private var offset: Double { Double(infusion.offsetSeconds) }

    /// The local day number (days since 1970-01-01 at the infusion's offset) of an instant.
    private func localDay(_ time: ClinicalTime) -> Int {
        Int(((time.secondsSinceEpoch + offset) / 86_400).rounded(.down))
    }

    /// The study day of `time`: 0 on the infusion date, negative before it.
    package func day(of time: ClinicalTime) -> Int { localDay(time) - localDay(infusion) }

    /// The first instant of study day `day` (local midnight at the infusion's offset).
    package func start(ofDay day: Int) -> ClinicalTime {
        let seconds = Double((localDay(infusion) + day) * 86_400) - offset
        return ClinicalTime(secondsSinceEpoch: seconds, offsetSeconds: infusion.offsetSeconds)
    }

    /// The end of a DLT window of `days` days: the first instant of day `days` + 1. The window holds
    /// the instants from the infusion itself up to, not including, this one (days 0 … `days`).
    package func dltWindowEnd(days: Int) -> ClinicalTime { start(ofDay: days + 1) }

    /// Whether `time` falls in the DLT window: at or after the infusion and before ``dltWindowEnd(days:)``.
    package func isInDLTWindow(_ time: ClinicalTime, days: Int) -> Bool {
        time >= infusion && time < dltWindowEnd(days: days)
    }

    /// The same local date and time `years` later (29 February moves to 28 February): the end of the
    /// long-term follow-up.
    package func addingYears(_ years: Int) -> ClinicalTime {
        let local = infusion.secondsSinceEpoch + offset
        let days = Int((local / 86_400).rounded(.down))
        let secondsOfDay = local - Double(days * 86_400)
        var (y, m, d) = Self.civil(fromDays: days)
        y += years
        if m == 2, d == 29, !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) { d = 28 }
        let newDays = Self.days(fromCivil: y, m, d)
        return ClinicalTime(secondsSinceEpoch: Double(newDays * 86_400) + secondsOfDay - offset, offsetSeconds: infusion.offsetSeconds)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (`ClinicalTime`'s civil calendar).
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        ClinicalTime.daysFromCivil(year: year, month: month, day: day)
    }

    /// The proleptic Gregorian date of a day number.
    static func civil(fromDays days: Int) -> (Int, Int, Int) { ClinicalTime.civilFromDays(days) }
}
