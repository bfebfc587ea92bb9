import Clinical
import EventLog
import Foundation
import Safety
import Localization

/// One line of the triage board.
package struct BoardRow: Equatable, Sendable {
    package var patient: String
    /// The study day now (day 0: the infusion's calendar date), if infused.
    package var day: Int?
    package var crs: Int?
    package var crsAtLeast: Int?
    package var crsGraded: Bool
    /// The last definite CRS grade, shown beside a current grade that is not (`?(4)`).
    package var crsLastDefinite: Int?
    package var crsOverridden: Bool
    package var icans: Int?
    package var icansAtLeast: Int?
    package var icansGraded: Bool
    package var icansLastDefinite: Int?
    package var icansOverridden: Bool
    package var hlh: HLHFlag
    /// Change of the worse of CRS and ICANS between the latest definite grades and the ones
    /// before them: +1 worse, -1 better, 0 same; nil before two definite assessments.
    package var trend: Int?
    /// Seconds since the last assessment.
    package var sinceLastAssessment: Double?
    package var overdue: Bool
    package var died: Bool

    /// Whether a clinician overrode a grade shown.
    package var overridden: Bool { crsOverridden || icansOverridden }

    /// The worse of CRS and ICANS, for sorting: a grade not assessable now counts by what is
    /// proven and by the last definite grade, whichever is worse.
    var worst: Int {
        max(crs ?? max(crsAtLeast ?? 0, crsLastDefinite ?? 0), icans ?? max(icansAtLeast ?? 0, icansLastDefinite ?? 0), died ? 5 : 0)
    }
}

/// The triage board: every patient's current worst grade, trend, time since the last assessment
/// and whether one is overdue; the cursor; a filter typed after `/`; the time the rows were
/// evaluated at.
package struct TriageBoardState: Sendable {
    package var rows: [BoardRow] = []
    package var selected = 0
    package var filter = ""
    package var filtering = false
    /// The first row shown.
    package var scroll = 0
    /// The "now" the time-dependent columns (day, LAST, OVERDUE) were computed at.
    package private(set) var evaluatedAt: ClinicalTime?

    package static let crsCriteria = "astct-2019-crs"
    package static let icansCriteria = "astct-2019-icans"

    /// The rows as the log stands, sorted by worst grade, then overdue, then id. On the whole
    /// trial (`trialIndex`) a patient's grades event is found by the patient's site and its seq,
    /// on one log at the position its seq names.
    package static func rows(replay: Replay, events: [RecordedEvent], trialIndex: TrialEventIndex? = nil, status: TrialStatus?,
                             trial: TrialProtocol?, now: ClinicalTime) -> [BoardRow] {
        rows(replay: replay, gradesEvent: { seq, patient in
                 if let trialIndex { return trialIndex.event(seq: seq, patient: patient) }
                 return events.indices.contains(Int(seq) - 1) ? events[Int(seq) - 1] : nil
             },
             trial: trial, now: now)
    }

    /// The rows, reading each patient's current grades event (its seq, the patient) through `gradesEvent`.
    package static func rows(replay: Replay, gradesEvent: (Int64, String) -> RecordedEvent?, trial: TrialProtocol?, now: ClinicalTime) -> [BoardRow] {
        replay.patients.values.map { patient in
            let crs = patient.grades[crsCriteria]
            let icans = patient.grades[icansCriteria]
            let latest = patient.latestGradesSeq.flatMap { gradesEvent($0, patient.id) }
            let results = latest.flatMap { event -> [JSONValue]? in
                if case .array(let results)? = event.payload[.results] { return results }
                return nil
            } ?? []
            func atLeast(_ id: String) -> Int? {
                guard let result = results.first(where: { $0[.criteria] == .string(id) }), case .number(let n)? = result[.atLeast] else { return nil }
                return Int(exactly: n)
            }
            let lastTime = patient.latestObservation?.clinicalInstant
            let since = lastTime.map { now.secondsSinceEpoch - $0.secondsSinceEpoch }
            // Overdue applies to infused patients under monitoring, not to those never treated.
            let overdue = patient.infusion != nil
                && (trial.map { trial in (since ?? .infinity) > Double(trial.assessmentIntervalHours) * 3600 } ?? false)
            // The study day as the timeline, the rules and the report count it (README: day 0 is
            // the infusion's calendar date at its UTC offset).
            let day = patient.infusion?.clinicalInstant.map { StudyCalendar(infusion: $0).day(of: now) }
            return BoardRow(patient: patient.id, day: day,
                            crs: crs?.grade, crsAtLeast: atLeast(crsCriteria), crsGraded: crs != nil,
                            crsLastDefinite: crs?.grade == nil ? patient.lastDefinite[crsCriteria]?.grade : nil,
                            crsOverridden: crs?.overridden == true,
                            icans: icans?.grade, icansAtLeast: atLeast(icansCriteria), icansGraded: icans != nil,
                            icansLastDefinite: icans?.grade == nil ? patient.lastDefinite[icansCriteria]?.grade : nil,
                            icansOverridden: icans?.overridden == true,
                            hlh: hlhFlag(results), trend: trend(patient), sinceLastAssessment: since,
                            overdue: overdue && patient.death == nil, died: patient.death != nil)
        }
        .sorted { a, b in
            if a.worst != b.worst { return a.worst > b.worst }
            if a.overdue != b.overdue { return a.overdue }
            return a.patient < b.patient
        }
    }

    /// The worse of the latest definite CRS and ICANS grades against the worse of the ones before
    /// them, so that a not-assessable entry keeps the trend it follows.
    static func trend(_ patient: Replay.Patient) -> Int? {
        let ids = [crsCriteria, icansCriteria]
        guard let now = ids.compactMap({ patient.lastDefinite[$0]?.grade }).max(),
              let before = ids.compactMap({ patient.definiteBefore[$0]?.grade }).max() else { return nil }
        return now > before ? 1 : (now < before ? -1 : 0)
    }

    /// HLH-2004 met, CARTOX carHLH met, or HScore at or above its cut-off; `-` when none was
    /// recorded, `?` when what was recorded cannot decide.
    static func hlhFlag(_ results: [JSONValue]) -> HLHFlag {
        var assessed = false, unknown = false
        for result in results {
            switch result[.criteria] {
            case .string("hlh-2004")?, .string("cartox-2018-hlh")?:
                assessed = true
                if result["met"] == .bool(true) { return .met }
                if result["met"] != .bool(false) { unknown = true }
            case .string("hscore")?:
                assessed = true
                if result["meetsCutoff"] == .bool(true) { return .met }
                if result["meetsCutoff"] != .bool(false) { unknown = true }
            default: break
            }
        }
        return !assessed ? .notRecorded : unknown ? .notAssessable : .notMet
    }

    /// The rows the filter lets through.
    package var visibleRows: [BoardRow] {
        filter.isEmpty ? rows : rows.filter { $0.patient.localizedCaseInsensitiveContains(filter) }
    }

    package var selectedPatient: String? {
        let visible = visibleRows
        return visible.indices.contains(selected) ? visible[selected].patient : nil
    }

    /// Takes rows evaluated at `now`, keeping the same patient selected when they change order.
    package mutating func update(_ newRows: [BoardRow], evaluatedAt now: ClinicalTime? = nil) {
        let current = selectedPatient
        rows = newRows
        if let now { evaluatedAt = now }
        if let current, let index = visibleRows.firstIndex(where: { $0.patient == current }) { selected = index }
        selected = min(selected, max(0, visibleRows.count - 1))
    }

    package mutating func move(_ delta: Int) {
        selected = max(0, min(visibleRows.count - 1, selected + delta))
    }

    /// `/005 · 1 of 13 · Esc clears` while a filter is typed or kept; nil without one.
    package var filterStatus: String? {
        guard filtering || !filter.isEmpty else { return nil }
        let shown = visibleRows.count
        return "/\(filter)\(filtering ? "▏" : "") · " + localized("{shown} of {count}", ["shown": String(shown), "count": String(rows.count)])
            + (filtering ? localized(" · Enter keeps · Esc clears") : localized(" · Esc clears"))
    }
}
