import Clinical
import Localization
import Safety
import Terminal

/// Draws a patient's timeline: two fixed lines naming the patient, then a document of the days
/// (grade strips, temperature sparkline), the episodes and the events, scrolled by the state.
enum PatientTimelineView {
    /// The sparkline's eight levels: below 36.5 °C, then one per half degree; fever (38.0) is ▅.
    static let sparks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Draws the timeline and returns the layout its keys scroll in.
    @discardableResult
    static func render(_ state: PatientTimelineState, into buffer: inout ScreenBuffer, area: Area, colors: Bool) -> DocumentLayout {
        let timeline = state.timeline
        let header = header(timeline, colors: colors)
        for (offset, line) in header.enumerated() {
            DocumentView.draw(line, y: area.top + offset, width: area.width, into: &buffer)
        }
        let (lines, sections) = document(timeline, width: area.width, colors: colors)
        let top = area.top + header.count
        DocumentView.draw(lines, scroll: state.scroll, top: top, bottom: area.bottom, width: area.width, into: &buffer)
        return DocumentLayout(lineCount: lines.count, page: max(1, area.bottom - top), sections: sections)
    }

    /// The sparkline character of a temperature in °C.
    static func spark(_ celsius: Double) -> Character {
        sparks[max(0, min(7, Int(((celsius - 36.0) / 0.5).rounded(.down))))]
    }

    /// `D+3`, `D-1`, or `—` without an infusion.
    static func dayLabel(_ day: Int?) -> String {
        guard let day else { return "—" }
        return day < 0 ? "D\(day)" : "D+\(day)"
    }

    static func header(_ timeline: PatientTimeline, colors: Bool) -> [DocumentLine] {
        var first = DocumentLine()
        first.add(" \(timeline.patient)", style: .bold)
        var facts: [String] = []
        if let cohort = timeline.cohort { facts.append(localized("cohort {cohort}", ["cohort": cohort])) }
        if let infusion = timeline.infusion {
            facts.append(localized("infused {time}", ["time": "\(ClockText.dateTime(infusion)) \(ClockText.offset(infusion.offsetSeconds))"]))
        } else {
            facts.append(localized("not infused"))
        }
        if let day = timeline.studyDayNow { facts.append(localized("today {day}", ["day": dayLabel(day)])) }
        if let death = timeline.death {
            facts.append(localized("† died {time}", ["time": ClockText.dateTime(death)]))
        }
        first.add(" · " + facts.joined(separator: " · "))

        var second = DocumentLine(" " + localized("worst") + " ")
        for (name, grade) in [("CRS", timeline.worst(\.crs)), ("ICANS", timeline.worst(\.icans))] {
            second.add("\(name) ")
            second.add(grade.map { GradeGlyph.text(grade: $0) } ?? "-", style: grade.map { GradeGlyph.style(grade: $0, colors: colors) } ?? .plain)
            second.add("  ")
        }
        second.add(localized("· {assessments} · {corrections} ✎ corrected · {overrides} ⚑ overridden",
                             ["assessments": timeline.assessments.count == 1 ? localized("1 assessment") : localized("{n} assessments", ["n": String(timeline.assessments.count)]),
                              "corrections": String(timeline.corrections), "overrides": String(timeline.overrides)]))
        guard let seq = timeline.asOfSeq else { return [first, second] }
        let third = DocumentLine(" " + localized("as of event #{seq} (replay): what was known then; later events are not shown", ["seq": String(seq)]),
                                 style: Style(bold: true, reverse: true))
        return [first, second, third]
    }

    /// The document below the header, and where its sections (days, episodes, events) start.
    static func document(_ timeline: PatientTimeline, width: Int, colors: Bool) -> (lines: [DocumentLine], sections: [Int]) {
        var lines: [DocumentLine] = []
        var sections: [Int] = []

        // Days: one strip character per standing assessment, in time order, in each column.
        sections.append(lines.count)
        let perDay = max(1, timeline.days.map(\.assessments.count).max() ?? 1)
        let strip = max(5, min(perDay, (width - 13 - 6 - 14 - 6) / 3))
        let crsX = 13, icansX = crsX + strip + 2, tempX = icansX + strip + 2, maxX = tempX + strip + 2, notesX = maxX + 6
        var head = DocumentLine()
        head.add(localized("DAY"), style: .bold, at: 1)
        head.add(localized("DATE"), style: .bold, at: 6)
        head.add("CRS", style: .bold, at: crsX)
        head.add("ICANS", style: .bold, at: icansX)
        head.add(localized("TEMP"), style: .bold, at: tempX)
        head.add(localized("MAX"), style: .bold, at: maxX)
        head.add(localized("NOTES"), style: .bold, at: notesX)
        lines.append(head)
        if timeline.days.isEmpty { lines.append(DocumentLine("  " + localized("Nothing is recorded for this patient yet."))) }
        for day in timeline.days {
            var line = DocumentLine()
            line.add(dayLabel(day.number), style: day.number == 0 ? .bold : .plain, at: 1)
            line.add(day.date, style: .dim, at: 6)
            let shown = day.assessments.count > strip ? Array(day.assessments.suffix(strip - 1)) : day.assessments
            let clipped = day.assessments.count > strip
            for (x, keyPath) in [(crsX, \PatientTimeline.Assessment.crs), (icansX, \PatientTimeline.Assessment.icans)] {
                if clipped { line.add("…", style: .dim, at: x) } else { line.add("", at: x) }
                for assessment in shown {
                    let grade = assessment[keyPath: keyPath]
                    var style = grade.graded ? GradeGlyph.style(grade: grade.value, colors: colors) : .dim
                    if grade.overridden { style.underline = true }
                    line.add(grade.graded ? EventText.grade(grade.value) : "-", style: style)
                }
            }
            line.add(clipped ? "…" : "", style: .dim, at: tempX)
            for assessment in shown {
                let glyph = assessment.temperatureC.map { String(Self.spark($0)) } ?? " "
                line.add(glyph, style: (assessment.temperatureC ?? 0) >= 38 ? Style(foreground: colors ? .red : nil, bold: true) : .plain)
            }
            if let max = day.assessments.compactMap(\.temperatureC).max() {
                line.add(EventText.oneDecimal(max), style: max >= 38 ? .bold : .plain, at: maxX)
            }
            line.add(day.tags.joined(separator: " "), at: notesX)
            lines.append(line)
        }
        lines.append(DocumentLine("  " + localized("one character per assessment: its grade (? not assessable, underlined: overridden)"), style: .dim))
        lines.append(DocumentLine("  " + localized("temperature ▁ <36.5 °C … ▅ ≥38.0 (fever) … █ ≥39.5; MAX: the day's highest"), style: .dim))

        if !timeline.episodes.isEmpty {
            lines.append(DocumentLine())
            sections.append(lines.count)
            lines.append(DocumentLine(localized("EPISODES"), style: .bold))
            for episode in timeline.episodes { lines.append(self.episode(episode, colors: colors)) }
        }

        lines.append(DocumentLine())
        sections.append(lines.count)
        var eventsHead = DocumentLine(localized("EVENTS"), style: .bold)
        eventsHead.add("  " + localized("by clinical time; who recorded each, and when (this terminal's time), on the right"), style: .dim)
        lines.append(eventsHead)
        if timeline.entries.isEmpty { lines.append(DocumentLine("  " + localized("No events."))) }
        for entry in timeline.entries { lines += self.entry(entry, width: width, colors: colors) }
        return (lines, sections)
    }

    static func episode(_ episode: Episode, colors: Bool) -> DocumentLine {
        var line = DocumentLine()
        line.add(EventText.criteriaName(episode.key.criteria, term: episode.key.term), style: .bold, at: 1)
        line.add("\(dayLabel(episode.onsetDay)) \(ClockText.short(episode.onset))", at: 8)
        line.add("  " + localized("peak") + " ")
        line.add(GradeGlyph.text(grade: episode.peakGrade), style: GradeGlyph.style(grade: episode.peakGrade, colors: colors))
        line.add(" \(ClockText.short(episode.peakTime))  ")
        if let resolution = episode.resolution, let days = episode.durationDays {
            line.add(localized("resolved {time} ({days} d)", ["time": ClockText.short(resolution), "days": EventText.oneDecimal(days)]))
        } else if episode.fatal {
            line.add(localized("† fatal"), style: .bold)
        } else {
            line.add(localized("ongoing"), style: .bold)
        }
        if !episode.drugs.isEmpty { line.add("  · " + episode.drugs.map(ClinicalWords.drug).joined(separator: localized(", "))) }
        return line
    }

    /// One event: day and time, what it records, who recorded it and when; what does not fit
    /// continues on the lines below rather than lose its end (a finding, a reason).
    static func entry(_ entry: PatientTimeline.Entry, width: Int, colors: Bool) -> [DocumentLine] {
        var line = DocumentLine()
        line.add(dayLabel(entry.day), style: .dim, at: 1)
        line.add(entry.time.map(ClockText.hourMinute) ?? "--:--", at: 6)
        let right = "\(entry.author.id) · \(entry.recorded)"
        let rightX = max(12, width - right.displayWidth - 1)
        let style: Style
        switch entry.mark {
        case .superseded: style = Style(dim: true)
        case .correction, .override: style = Style(foreground: colors ? .magenta : nil, bold: true)
        case .death: style = GradeGlyph.style(grade: 5, colors: colors)
        case .treatment: style = Style(foreground: colors ? .cyan : nil)
        case .trial: style = .bold
        case .plain: style = .plain
        }
        // Nothing is cut: what does not fit continues on the lines below.
        let pieces = DocumentView.wrap(entry.text, columns: rightX - 13)
        line.add(pieces[0], style: style, at: 12, limit: rightX - 13)
        line.add(right, style: .dim, at: rightX)
        var lines = [line]
        for piece in pieces.dropFirst() {
            var more = DocumentLine()
            more.add(piece, style: style, at: 14, limit: width - 15)
            lines.append(more)
        }
        // Its signatures under it: name, role, meaning and time (21 CFR 11.50(b)).
        for signing in entry.signing {
            for piece in DocumentView.wrap(signing.text, columns: width - 15) {
                var more = DocumentLine()
                more.add(piece, style: signing.missing ? Style(bold: true) : .plain, at: 14, limit: width - 15)
                lines.append(more)
            }
        }
        return lines
    }
}
