import Clinical
import Localization
import Safety

/// One patient's log laid out in time: the standing assessments with their grades (corrections
/// and overrides applied), the days since infusion, and every event with its author and record
/// time. Built from events in memory, up to a sequence number for a replay; no I/O.
struct PatientTimeline {
    /// An assessment that stands (not superseded by a correction), with the grades it has now.
    struct Assessment: Equatable {
        let seq: Int64
        let time: ClinicalTime
        var crs: Grade
        var icans: Grade
        let temperatureC: Double?
    }

    /// One grade of an assessment: nil `value` with `graded` is not assessable.
    struct Grade: Equatable {
        var value: Int?
        var graded: Bool
        var overridden: Bool
        static let none = Grade(value: nil, graded: false, overridden: false)
    }

    /// How an entry is marked in the list.
    enum Mark: Equatable {
        case plain, superseded, correction, override, death, treatment, trial
    }

    /// One line of the event list.
    struct Entry: Equatable {
        let seq: Int64
        let kind: EventKind
        let time: ClinicalTime?
        let day: Int?
        let mark: Mark
        let text: String
        let author: Author
        /// The record time, short, at this terminal's offset.
        let recorded: String
        /// The signatures standing on what the entry shows, and what awaits one (``Signing``).
        var signing: [Signing] = []
    }

    /// One line under an entry about its signatures (21 CFR 11.50(b): the name, time and meaning
    /// shown with the signed record): a signature, or what is missing.
    struct Signing: Equatable {
        let text: String
        /// Not signed (yet): a grade ≥ 3 awaiting a physician, a correction's new content.
        let missing: Bool
    }

    /// One calendar day of the patient's course.
    struct Day: Equatable {
        /// Study day (0 = infusion date); nil without an infusion.
        let number: Int?
        /// `05-14`.
        let date: String
        var assessments: [Assessment] = []
        var tags: [String] = []
    }

    let patient: String
    let infusion: ClinicalTime?
    let cohort: String?
    let death: ClinicalTime?
    /// The replay position this timeline stops at; nil for the live log.
    let asOfSeq: Int64?
    /// The study day now (live log, infused patients).
    let studyDayNow: Int?
    private(set) var assessments: [Assessment] = []
    private(set) var entries: [Entry] = []
    private(set) var days: [Day] = []
    private(set) var corrections = 0
    private(set) var overrides = 0
    /// CRS and ICANS episodes as the protocol builds them, when a protocol is loaded.
    let episodes: [Episode]

    /// The most days listed one by one; a longer course lists only the days with something on them.
    static let maxContinuousDays = 120

    init(patient: String, events: [RecordedEvent], upTo limit: Int64? = nil, subject: SubjectSummary? = nil, now: ClinicalTime) {
        self.patient = patient
        self.asOfSeq = limit
        self.episodes = subject?.episodes ?? []
        let mine = events.filter { $0.patient == patient && $0.seq <= (limit ?? .max) }

        var byID: [String: RecordedEvent] = [:]
        var supersededBy: [Int64: RecordedEvent] = [:]
        var infusion: RecordedEvent?, death: RecordedEvent?, cohort: String?
        // The grades as they stand: the one rule of corrections and overrides (``GradeHistory``),
        // folded in seq order. Payloads name their targets by seq; one naming it by id alone is
        // resolved. What a superseded assessment's grades were when superseded is kept for its line.
        var history = GradeHistory<GradeKey>()
        var lastStood: [Int64: GradeHistory<GradeKey>.Standing] = [:]
        func seen(_ change: GradeHistory<GradeKey>.Change) {
            switch change {
            case .stands(let standing), .overridden(let standing, _, _): lastStood[standing.assessment ?? standing.gradesSeq] = standing
            case .withdrawn: break
            }
        }
        for event in mine {
            byID[event.id] = event
            switch event.kind {
            case .observation:
                history.observation(event.seq)
            case .correction:
                let target = event.supersedesSeq ?? event.supersedes.flatMap { byID[$0]?.seq }
                if let target, supersededBy[target] == nil { supersededBy[target] = event }
                history.correction(event.seq, supersedes: target, seen)
            case .grades:
                let assessment = event.observationSeq ?? event.gradedObservation.flatMap { byID[$0]?.seq }
                history.grades(event.seq, of: assessment, results: event.loggedGrades.map { (GradeKey(criteria: $0.criteria, term: $0.term), $0.grade) }, seen)
            case .override:
                guard let logged = event.loggedGrades.first,
                      let target = event.supersedesSeq ?? event.supersedes.flatMap({ byID[$0]?.seq }) else { break }
                history.override(event.seq, of: target, key: GradeKey(criteria: logged.criteria, term: logged.term), grade: logged.grade, seen)
            case .infusion: if infusion == nil { infusion = event }; cohort = event.cohort ?? cohort
            case .enrollment: cohort = cohort ?? event.cohort
            case .death: if death == nil { death = event }
            default: break
            }
        }
        func grades(of assessment: RecordedEvent) -> (crs: Grade, icans: Grade, text: String) {
            guard let standing = history.standing(of: assessment.seq) ?? lastStood[assessment.seq] else { return (.none, .none, localized("not graded")) }
            let results = standing.results
            let logged = results.map { LoggedGrade(criteria: $0.key.criteria, term: $0.key.term, grade: $0.grade) }
            func pick(_ criteria: String) -> Grade {
                guard let found = results.first(where: { $0.key == GradeKey(criteria: criteria, term: nil) }) else { return .none }
                return Grade(value: found.grade, graded: true, overridden: found.overridden)
            }
            let main = logged.filter { ($0.criteria == TriageBoardState.crsCriteria || $0.criteria == TriageBoardState.icansCriteria) && $0.term == nil }
            let anyOverridden = results.contains(where: \.overridden)
            return (pick(TriageBoardState.crsCriteria), pick(TriageBoardState.icansCriteria),
                    main.isEmpty ? EventText.grades(logged) : EventText.grades(main) + (anyOverridden ? " ⚑" : ""))
        }

        self.infusion = infusion?.clinicalInstant
        self.cohort = cohort
        self.death = death?.clinicalInstant
        let calendar = self.infusion.map(StudyCalendar.init(infusion:))
        self.studyDayNow = limit == nil && self.death == nil ? calendar?.day(of: now) : nil
        let offset = self.infusion?.offsetSeconds ?? mine.compactMap(\.clinicalInstant).first?.offsetSeconds ?? now.offsetSeconds
        func dayKey(_ time: ClinicalTime) -> Int {
            calendar?.day(of: time) ?? Int(((time.secondsSinceEpoch + Double(offset)) / 86_400).rounded(.down))
        }

        // Signatures are trial-level events: every one up to the limit is folded.
        let ledger = SignatureLedger(events.lazy.filter { $0.seq <= (limit ?? .max) })
        let eventAt = Dictionary(mine.map { ($0.seq, $0) }, uniquingKeysWith: { first, _ in first })
        func gradesEvent(of assessment: Int64) -> RecordedEvent? {
            (history.standing(of: assessment) ?? lastStood[assessment]).flatMap { eventAt[$0.gradesSeq] }
        }
        func signing(_ event: RecordedEvent, superseded: Bool) -> [Signing] {
            Self.signing(event, grades: event.kind == .observation || event.kind == .correction ? gradesEvent(of: event.seq) : nil,
                         superseded: superseded, ledger: ledger,
                         old: event.kind == .correction ? event.supersedesSeq.map { ($0, gradesEvent(of: $0)?.seq) } : nil)
        }

        for event in mine {
            let time = event.clinicalInstant
            var mark = Mark.plain
            var text: String
            switch event.kind {
            case .observation, .correction:
                let graded = grades(of: event)
                let findings = EventText.assessment(event.payload[.assessment])
                if event.kind == .correction {
                    corrections += 1
                    mark = .correction
                    text = localized("✎ corrected by {user}: {reason} → {grades} · {findings}", ["user": event.author.id, "reason": event.payloadString(.reason) ?? localized("no reason"), "grades": graded.text, "findings": findings])
                } else {
                    text = localized("assessment {grades} · {findings}", ["grades": graded.text, "findings": findings])
                }
                if let correction = supersededBy[event.seq] {
                    mark = .superseded
                    text = localized("✎ superseded by #{seq}: {grades} · {findings}", ["seq": String(correction.seq), "grades": graded.text, "findings": findings])
                } else if let time {
                    assessments.append(Assessment(seq: event.seq, time: time, crs: graded.crs, icans: graded.icans,
                                                  temperatureC: EventText.temperatureC(event.payload[.assessment])))
                }
            case .grades:
                // Listed with the assessment it grades; a grades event of another kind is listed alone.
                if let observation = event.gradedObservation, byID[observation] != nil { continue }
                text = localized("grades {what}", ["what": EventText.payload(event)])
            case .override:
                overrides += 1
                mark = .override
                let logged = event.loggedGrades.first
                let computed = EventText.number(event.payload[.computedGrade]).map(String.init) ?? "?"
                text = localized("⚑ override {criteria} {computed}→{grade} by {user}: {reason}",
                                 ["criteria": logged.map { EventText.criteriaName($0.criteria, term: $0.term) } ?? "?", "computed": computed,
                                  "grade": EventText.grade(logged?.grade), "user": event.author.id, "reason": event.payloadString(.reason) ?? localized("no reason")])
            case .death:
                mark = .death
                text = localized("† death: {what}", ["what": EventText.payload(event)])
            case .treatment:
                mark = .treatment
                text = localized("treatment {what}", ["what": EventText.payload(event)])
            default:
                mark = .trial
                text = "\(EventText.kind(event.kind)) \(EventText.payload(event))"
            }
            entries.append(Entry(seq: event.seq, kind: event.kind, time: time, day: time.flatMap { calendar?.day(of: $0) }, mark: mark, text: text,
                                 author: event.author, recorded: ClockText.recorded(event),
                                 signing: signing(event, superseded: mark == .superseded)))
        }
        assessments.sort { ($0.time, $0.seq) < ($1.time, $1.seq) }
        entries.sort { a, b in
            switch (a.time, b.time) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.seq < b.seq
            }
        }

        // Days: every day from the first to the last (today while the patient is followed).
        var keys = Set(assessments.map { dayKey($0.time) })
        for entry in entries { if let time = entry.time { keys.insert(dayKey(time)) } }
        if let today = studyDayNow { keys.insert(today) }
        guard let first = keys.min(), let last = keys.max() else { return }
        let span = last - first < Self.maxContinuousDays ? Array(first...last) : keys.sorted()
        func label(_ key: Int) -> String {
            if let calendar { return ClockText.monthDay(calendar.start(ofDay: key)) }
            return ClockText.monthDay(ClinicalTime(secondsSinceEpoch: Double(key * 86_400 - offset), offsetSeconds: offset))
        }
        var index: [Int: Int] = [:]
        for key in span {
            index[key] = days.count
            days.append(Day(number: calendar == nil ? nil : key, date: label(key)))
        }
        for assessment in assessments { if let i = index[dayKey(assessment.time)] { days[i].assessments.append(assessment) } }
        for entry in entries {
            guard let time = entry.time, let i = index[dayKey(time)], let tag = Self.tag(entry) else { continue }
            if !days[i].tags.contains(tag) { days[i].tags.append(tag) }
        }
    }

    /// The signature lines of an entry: the signatures of `event` and of the grades it shows;
    /// "awaits signature" for a standing grade ≥ 3 no physician has confirmed; for a correction
    /// (`old`: the version it supersedes and that version's grades), what of the old version's
    /// signatures the new content does not carry — they stay on the old version (PIC/S PI 041-1,
    /// data integrity guidance; README, "Electronic signatures").
    static func signing(_ event: RecordedEvent, grades: RecordedEvent?, superseded: Bool, ledger: SignatureLedger,
                        old: (seq: Int64, grades: Int64?)?) -> [Signing] {
        let own = ledger.signatures(of: event.seq) + (grades.map { ledger.signatures(of: $0.seq) } ?? [])
        var lines = own.map { Signing(text: "✍ " + $0.localizedManifestation, missing: false) }
        if !superseded, let grades, ledger.awaitsConfirmation(grades) {
            lines.append(Signing(text: localized("awaits signature: grade ≥ {grade} to be confirmed by a physician", ["grade": String(SignatureMeaning.gradeNeedingConfirmation)]),
                                 missing: true))
        }
        if let old {
            let before = ledger.signatures(of: old.seq) + (old.grades.map { ledger.signatures(of: $0) } ?? [])
            let carried = Set(own.map(\.meaning))
            let lost = before.map(\.meaning).filter { !carried.contains($0) }
            var words: [String] = []
            for meaning in lost where !words.contains(localized(meaning.words)) { words.append(localized(meaning.words)) }
            if own.isEmpty {
                lines.append(Signing(text: localized("unsigned: this corrected content is not signed")
                                         + (before.isEmpty ? "" : localized("; the signatures of #{seq} stay on that version", ["seq": String(old.seq)])),
                                     missing: true))
            } else if !words.isEmpty {
                lines.append(Signing(text: localized("unsigned as {meanings}: those signatures stay on #{seq}, the version corrected",
                                               ["meanings": words.joined(separator: localized(", ")), "seq": String(old.seq)]),
                                     missing: true))
            }
        }
        return lines
    }

    /// The word a day's notes column shows for an entry.
    private static func tag(_ entry: Entry) -> String? {
        switch entry.kind {
        case .correction: return "✎"
        case .override: return "⚑"
        case .death: return localized("† died")
        case .treatment: return entry.text.split(separator: " ").dropFirst().first.map(String.init)
        case .infusion: return localized("infusion")
        case .enrollment: return localized("enrolled")
        case .manufacturingFailure: return localized("mfg failure")
        case .rclDetected: return "RCL!"
        case .note: return localized("note")
        default: return nil
        }
    }

    /// The worst standing grade of CRS or ICANS.
    func worst(_ keyPath: KeyPath<Assessment, Grade>) -> Int? { assessments.compactMap { $0[keyPath: keyPath].value }.max() }
}
