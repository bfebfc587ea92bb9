import Clinical
import Grading

/// Corrections and overrides: a new event naming the one it supersedes, with a reason (README,
/// "Corrections and overrides").
extension LogRecorder {
    /// Appends a corrected assessment superseding observation `seq`, and the grades of the
    /// corrected assessment, in one transaction. An assessment the checks reject is the failure
    /// of the result (the form shows it on its field); a request the log does not allow is thrown.
    package func correct(seq: Int64, with json: JSONValue, reason: String) throws(RecordError) -> Result<[RecordedEvent], InputError> {
        try permit(.correctAssessment)
        try requireReason(reason)
        guard let target = try stored({ () throws(EventLogError) in try store.event(seq: seq) }) else {
            throw .refused(.noSuchEvent(seq: seq, action: "correct"))
        }
        guard target.kind == .observation || target.kind == .correction else {
            throw .refused(.notAnObservation(seq: seq, kind: target.kind))
        }
        if author.role.correctsOnlyOwnEntries, target.author.id != author.id {
            throw .refused(.notOwnEntry(seq: seq, author: target.author.id))
        }
        let assessment: Assessment
        let warnings: [String]
        switch checked(json) {
        case .success(let accepted): (assessment, warnings) = accepted
        case .failure(let rejection): return .failure(rejection.error)
        }
        // An id stored by an older version as typed ("BED-03 ") is the id the correction names
        // once normalised; the correction keeps the stored id, so the patient's history stays one.
        guard let storedID = target.patient,
              storedID == assessment.patient.id || (try? PatientIdentifier(storedID, at: "patient.id"))?.text == assessment.patient.id else {
            throw .refused(.otherPatient(seq: seq, stored: target.patient, given: assessment.patient.id))
        }
        let draft = EventDraft(kind: .correction, patient: storedID, clinicalTime: Self.timeAsEntered(json, assessment),
                               payload: EventPayload.correction(supersedes: target.id, supersedesSeq: target.seq, reason: reason,
                                                                assessment: Self.withPatientID(storedID, in: json)))
        // Signed in the same transaction (README, "Electronic signatures"): the correction, the
        // grades of the corrected assessment, and the corrector's signature of the correction.
        return .success(try appendGraded(draft, assessment: assessment, warnings: warnings, signedAs: correctionMeaning))
    }

    /// The overrides standing on the grades of observation `seq` (the latest per criteria and
    /// term), which a correction of it lapses: an override names one grades event, and the
    /// corrected assessment's grades are new ones (README, "Corrections and overrides").
    package static func overridesLapsing(correcting seq: Int64, lookup: Replay.Lookup) -> [RecordedEvent] {
        guard let grades = lookup.gradesOfObservation(seq) else { return [] }
        var latest: [String: RecordedEvent] = [:]
        var order: [String] = []
        for override in lookup.overridesOfGrades(grades.seq, .max) {
            guard let logged = override.loggedGrades.first else { continue }
            let key = logged.criteria + "/" + (logged.term ?? "")
            if latest[key] == nil { order.append(key) }
            latest[key] = override
        }
        return order.compactMap { latest[$0] }
    }

    /// What is said of an override that lapses with a correction (`aegrade log correct`): which
    /// grade it set, by whom, and the grades event to override again if it still stands.
    package static func lapseNotice(_ override: RecordedEvent, newGradesSeq: Int64) -> String {
        let logged = override.loggedGrades.first
        return "the override of \(logged?.criteria ?? "?")\(logged?.term.map { " term \($0)" } ?? "") to "
            + "\(logged?.grade.map(String.init) ?? "?") (event \(override.seq), by \(PrintableText.escaped(override.author.id))) lapses with "
            + "this correction; if it still stands, override grades event \(newGradesSeq) again"
    }

    /// Appends a clinician's grade replacing the computed grade of `criteria` (and `term`) in the
    /// grades event `seq`.
    package func override(seq: Int64, criteria criteriaID: String, term: String?, grade: Int, reason: String) throws(RecordError) -> RecordedEvent {
        try permit(.overrideGrade)
        try requireReason(reason)
        guard (0...5).contains(grade) else { throw .refused(.gradeOutOfRange(grade)) }
        guard let target = try stored({ () throws(EventLogError) in try store.event(seq: seq) }) else {
            throw .refused(.noSuchEvent(seq: seq, action: "override"))
        }
        guard target.kind == .grades else { throw .refused(.notAGradesEvent(seq: seq, kind: target.kind)) }
        guard let computed = target.loggedGrades.first(where: { $0.criteria == criteriaID && $0.term == term }) else {
            let offered = target.loggedGrades.map { logged in logged.term.map { "\(logged.criteria) --term \($0)" } ?? logged.criteria }
            throw .refused(.noSuchGrade(seq: seq, criteria: criteriaID, term: term, offered: offered))
        }
        let draft = EventDraft(kind: .override, patient: target.patient, clinicalTime: target.clinicalTime,
                               payload: EventPayload.override(supersedes: target.id, supersedesSeq: target.seq, criteria: criteriaID,
                                                              term: term, computedGrade: computed.grade, grade: grade, reason: reason))
        // Signed `overrode` in the same transaction (README, "Electronic signatures").
        return try stored { () throws(EventLogError) in
            try store.appendFollowed(draft, author: author) { override in [sameTransactionSignature(of: override, meaning: .overrode)].compactMap { $0 } }[0]
        }
    }
}
