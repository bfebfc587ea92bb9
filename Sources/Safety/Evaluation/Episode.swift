import Clinical

/// One episode of a graded syndrome (CRS, ICANS) in one subject: from onset to resolution.
///
/// Definition (aegrade's; the ASTCT consensus grades a moment, not an episode): an episode starts
/// at the first assessment graded ≥ 1 when no episode is open (onset); its peak is the highest
/// grade while open; it resolves at the first later assessment graded 0 (resolution). A
/// not-assessable grade neither starts nor ends one. Grade 5, or the subject's death while it is
/// open, ends it as fatal, without resolution. Duration is resolution − onset; an open episode has
/// none yet. Treatments given are the subject's treatment events from onset to resolution (or to
/// death, or to the evaluation time while open), inclusive.
package struct Episode: Sendable, Equatable {
    package let key: GradeKey
    package let onset: ClinicalTime
    /// Study day of onset (day 0 = infusion date); nil when the subject has no infusion.
    package let onsetDay: Int?
    package let peakGrade: Int
    package let peakTime: ClinicalTime
    /// The first assessment graded 0 after onset; nil while open or when fatal.
    package let resolution: ClinicalTime?
    package let fatal: Bool
    package let treatments: [TreatmentGiven]

    /// Days from onset to resolution (fractional); nil while open or when fatal.
    package var durationDays: Double? {
        resolution.map { ($0.secondsSinceEpoch - onset.secondsSinceEpoch) / 86_400 }
    }

    /// Neither resolved nor fatal.
    package var isOpen: Bool { resolution == nil && !fatal }

    /// The distinct drugs given, in the order first given.
    package var drugs: [String] {
        var seen: Set<String> = []
        return treatments.compactMap { seen.insert($0.drug).inserted ? $0.drug : nil }
    }
}

extension Episode {
    /// The episodes in a time-ordered series of grades of one criteria id (and term).
    ///
    /// - Parameters:
    ///   - points: the grades, in clinical-time order, all of `key`.
    ///   - treatments: the subject's treatments, any order.
    ///   - death: the subject's death, if any.
    ///   - calendar: the study calendar, for onset days.
    ///   - now: the evaluation time (the end of an open episode's treatment span).
    static func episodes(of key: GradeKey, in points: [GradePoint], treatments: [TreatmentGiven], death: ClinicalTime?,
                         calendar: StudyCalendar?, now: ClinicalTime) -> [Episode] {
        var episodes: [Episode] = []
        var open: (onset: ClinicalTime, peak: Int, peakTime: ClinicalTime)?
        func close(resolution: ClinicalTime?, fatal: Bool, end: ClinicalTime) {
            guard let current = open else { return }
            let given = treatments.filter { $0.time >= current.onset && $0.time <= end }.sorted { ($0.time, $0.seq) < ($1.time, $1.seq) }
            episodes.append(Episode(key: key, onset: current.onset, onsetDay: calendar?.day(of: current.onset), peakGrade: current.peak,
                                    peakTime: current.peakTime, resolution: resolution, fatal: fatal, treatments: given))
            open = nil
        }
        for point in points {
            if let death, point.time > death, open != nil { close(resolution: nil, fatal: true, end: death) }
            guard let grade = point.grade else { continue }
            if grade >= 1 {
                if var current = open {
                    if grade > current.peak { current.peak = grade; current.peakTime = point.time }
                    open = current
                } else {
                    open = (point.time, grade, point.time)
                }
                if grade == 5 { close(resolution: nil, fatal: true, end: point.time) }
            } else if open != nil {
                close(resolution: point.time, fatal: false, end: point.time)
            }
        }
        if open != nil {
            if let death, death <= now { close(resolution: nil, fatal: true, end: death) } else { close(resolution: nil, fatal: false, end: now) }
        }
        return episodes
    }
}
