import Clinical
import EventLog
import Foundation
import Safety

/// One line of the triage board.
package struct BoardRow: Equatable, Sendable {
    package var patient: String
    /// Days since the infusion (day 0), if infused.
    package var day: Int?
    package var crs: Int?
    package var crsAtLeast: Int?
    package var crsGraded: Bool
    package var icans: Int?
    package var icansAtLeast: Int?
    package var icansGraded: Bool
    /// HLH-2004 or CARTOX carHLH met, or HScore at or above its cut-off; nil when unknown.
    package var hlh: Bool?
    /// Change of the worse of CRS and ICANS since the previous assessment: +1 worse, -1 better, 0 same.
    package var trend: Int?
    /// Seconds since the last assessment.
    package var sinceLastAssessment: Double?
    package var overdue: Bool
    package var died: Bool
    package var overridden: Bool

    /// The worse of CRS and ICANS, for sorting (unknown grades count by what is proven).
    var worst: Int { max(crs ?? crsAtLeast ?? 0, icans ?? icansAtLeast ?? 0, died ? 5 : 0) }
}

/// The triage board: every patient's current worst grade, trend, time since the last assessment
/// and whether one is overdue; the cursor; a filter typed after `/`.
package struct TriageBoardState: Sendable {
    package var rows: [BoardRow] = []
    package var selected = 0
    package var filter = ""
    package var filtering = false
    /// The first row shown.
    package var scroll = 0

    package static let crsCriteria = "astct-2019-crs"
    package static let icansCriteria = "astct-2019-icans"

    /// The rows as the log stands, sorted by worst grade, then overdue, then id.
    package static func rows(replay: Replay, events: [RecordedEvent], status: TrialStatus?, trial: TrialProtocol?, now: ClinicalTime) -> [BoardRow] {
        rows(replay: replay, gradesEvent: { seq in events.indices.contains(Int(seq) - 1) ? events[Int(seq) - 1] : nil },
             trial: trial, now: now)
    }

    /// The rows, reading each patient's current grades event through `gradesEvent`.
    package static func rows(replay: Replay, gradesEvent: (Int64) -> RecordedEvent?, trial: TrialProtocol?, now: ClinicalTime) -> [BoardRow] {
        replay.patients.values.map { patient in
            let crs = patient.grades[crsCriteria]
            let icans = patient.grades[icansCriteria]
            let latest = patient.latestGradesSeq.flatMap(gradesEvent)
            let results = latest.flatMap { event -> [JSONValue]? in
                if case .array(let results)? = event.payload["results"] { return results }
                return nil
            } ?? []
            func atLeast(_ id: String) -> Int? {
                guard let result = results.first(where: { $0["criteria"] == .string(id) }), case .number(let n)? = result["atLeast"] else { return nil }
                return Int(exactly: n)
            }
            let worstNow = [crs?.grade, icans?.grade].compactMap { $0 }.max()
            let worstBefore = [patient.previousGrades[crsCriteria]?.grade, patient.previousGrades[icansCriteria]?.grade].compactMap { $0 }.max()
            let trend = worstNow.flatMap { now in worstBefore.map { now > $0 ? 1 : (now < $0 ? -1 : 0) } }
            let lastTime = patient.latestObservation?.clinicalInstant
            let since = lastTime.map { now.secondsSinceEpoch - $0.secondsSinceEpoch }
            // Overdue applies to infused patients under monitoring, not to those never treated.
            let overdue = patient.infusion != nil
                && (trial.map { trial in (since ?? .infinity) > Double(trial.assessmentIntervalHours) * 3600 } ?? false)
            let day = patient.infusion?.clinicalInstant.map { Int(((now.secondsSinceEpoch - $0.secondsSinceEpoch) / 86_400).rounded(.down)) }
            return BoardRow(patient: patient.id, day: day, crs: crs?.grade, crsAtLeast: atLeast(crsCriteria), crsGraded: crs != nil,
                            icans: icans?.grade, icansAtLeast: atLeast(icansCriteria), icansGraded: icans != nil,
                            hlh: hlhFlag(results), trend: trend, sinceLastAssessment: since,
                            overdue: overdue && patient.death == nil, died: patient.death != nil,
                            overridden: crs?.overridden == true || icans?.overridden == true)
        }
        .sorted { a, b in
            if a.worst != b.worst { return a.worst > b.worst }
            if a.overdue != b.overdue { return a.overdue }
            return a.patient < b.patient
        }
    }

    /// HLH-2004 met, CARTOX carHLH met, or HScore at or above its cut-off.
    static func hlhFlag(_ results: [JSONValue]) -> Bool? {
        var unknown = false
        for result in results {
            switch result["criteria"] {
            case .string("hlh-2004")?, .string("cartox-2018-hlh")?:
                if result["met"] == .bool(true) { return true }
                if result["met"] == .null { unknown = true }
            case .string("hscore")?:
                if result["meetsCutoff"] == .bool(true) { return true }
                if result["meetsCutoff"] == .null { unknown = true }
            default: break
            }
        }
        return unknown ? nil : false
    }

    /// The rows the filter lets through.
    package var visibleRows: [BoardRow] {
        filter.isEmpty ? rows : rows.filter { $0.patient.localizedCaseInsensitiveContains(filter) }
    }

    package var selectedPatient: String? {
        let visible = visibleRows
        return visible.indices.contains(selected) ? visible[selected].patient : nil
    }

    /// Keeps the same patient selected when the rows change order.
    package mutating func update(_ newRows: [BoardRow]) {
        let current = selectedPatient
        rows = newRows
        if let current, let index = visibleRows.firstIndex(where: { $0.patient == current }) { selected = index }
        selected = min(selected, max(0, visibleRows.count - 1))
    }

    package mutating func move(_ delta: Int) {
        selected = max(0, min(visibleRows.count - 1, selected + delta))
    }
}
