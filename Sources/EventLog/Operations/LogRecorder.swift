import Clinical
import Foundation
import Grading

/// Appends clinical entries to the log the way every front end must: graded, attributed, one
/// transaction per entry, reasons where the log needs them.
package struct LogRecorder: Sendable {
    package let store: any EventStore
    package let criteria: CriteriaSet
    package let author: Author
    /// The clock clinical times are checked against (`ClinicalTimeGuard`): the system clock, or a
    /// fixed one in tests and the demo.
    package let now: @Sendable () -> ClinicalTime

    package init(store: any EventStore, criteria: CriteriaSet, author: Author,
                 now: @escaping @Sendable () -> ClinicalTime = { ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970) }) {
        self.store = store
        self.criteria = criteria
        self.author = author
        self.now = now
    }

    /// What became of one assessment given to `record`.
    package enum Outcome: Sendable {
        /// Written: the observation and its grades, on disk, under these sequence numbers.
        case recorded(patient: String, time: String, seqs: [Int64])
        /// Refused before anything was written: the error line as `aegrade grade` prints it.
        case rejected(line: String)
    }

    /// Grades one assessment and appends the observation and its grades in one transaction.
    package func record(_ json: JSONValue) throws(EventLogError) -> Outcome {
        let assessment: Assessment
        let warnings: [String]
        switch checked(json) {
        case .success(let accepted): (assessment, warnings) = accepted
        case .failure(let rejection): return .rejected(line: rejectedLine(json, rejection))
        }
        let observation = EventDraft(kind: .observation, patient: assessment.patient.id, clinicalTime: Self.timeAsEntered(json, assessment),
                                     payload: EventPayload.observation(Self.withPatientID(assessment.patient.id, in: json)))
        let events = try appendGraded(observation, assessment: assessment, warnings: warnings)
        return .recorded(patient: assessment.patient.id, time: assessment.time.utcText, seqs: events.map(\.seq))
    }

    /// Records several assessments in one transaction (bulk import): every accepted assessment's
    /// observation and grades, or nothing when the write fails. Rejected ones are not written.
    package func record(batch: [JSONValue]) throws(EventLogError) -> [Outcome] {
        var outcomes: [Outcome?] = []
        var pairs: [(EventDraft, [JSONValue], [String])] = []
        var positions: [Int] = []
        for json in batch {
            switch checked(json) {
            case .success(let (assessment, warnings)):
                let observation = EventDraft(kind: .observation, patient: assessment.patient.id,
                                             clinicalTime: Self.timeAsEntered(json, assessment),
                                             payload: EventPayload.observation(Self.withPatientID(assessment.patient.id, in: json)))
                positions.append(outcomes.count)
                outcomes.append(nil)
                pairs.append((observation, criteria.evaluate(assessment).map(\.json), warnings))
            case .failure(let rejection):
                outcomes.append(.rejected(line: rejectedLine(json, rejection)))
            }
        }
        let recorded = try store.appendPairs(pairs.map { pair in
            (pair.0, { observation in Self.gradesDraft(of: observation, results: pair.1, warnings: pair.2) })
        }, author: author)
        for (index, position) in positions.enumerated() {
            let observation = recorded[2 * index]
            outcomes[position] = .recorded(patient: observation.patient ?? "", time: observation.clinicalInstant?.utcText ?? "",
                                           seqs: [observation.seq, recorded[2 * index + 1].seq])
        }
        return outcomes.map { $0! }
    }

    /// Appends an observation-like draft and the grades it produces, in one transaction.
    private func appendGraded(_ draft: EventDraft, assessment: Assessment, warnings: [String]) throws(EventLogError) -> [RecordedEvent] {
        // The grades event names its observation by id and seq, which the store assigns: both are
        // appended in one transaction, the second made from the first as recorded.
        let results = criteria.evaluate(assessment).map(\.json)
        return try store.appendLinked(draft, author: author) { observation in
            Self.gradesDraft(of: observation, results: results, warnings: warnings)
        }
    }

    /// The grades event of `observation` as recorded: its results, and the plausibility warnings
    /// when there are any.
    private static func gradesDraft(of observation: RecordedEvent, results: [JSONValue], warnings: [String]) -> EventDraft {
        var payload = EventPayload.grades(observation: observation.id, observationSeq: observation.seq, results: results)
        if case .object(var members) = payload, !warnings.isEmpty {
            members.append(("warnings", .array(warnings.map { .string($0) })))
            payload = .object(members)
        }
        return EventDraft(kind: .grades, patient: observation.patient, clinicalTime: observation.clinicalTime, payload: payload)
    }

    /// Why an assessment was not accepted: the input error, and the assessment when it was read
    /// before the error was found (its time ahead of the clock, say).
    struct Rejection: Error {
        let error: InputError
        let assessment: Assessment?
    }

    /// An assessment as every write path accepts it: decoded, within its plausibility limits,
    /// with the reference limits its criteria read, and its clinical time not ahead of the clock.
    private func checked(_ json: JSONValue) -> Result<(assessment: Assessment, warnings: [String]), Rejection> {
        let assessment: Assessment
        let warnings: [String]
        do {
            assessment = try Assessment(json: json)
            warnings = try Plausibility.check(assessment)
            try criteria.checkReferenceLimits(assessment)
        } catch let error as InputError {
            return .failure(Rejection(error: error, assessment: nil))
        } catch {
            return .failure(Rejection(error: InputError(field: "", message: "\(error)"), assessment: nil))
        }
        do {
            _ = try ClinicalTimeGuard.check(assessment.time, field: "time", now: now())
        } catch {
            return .failure(Rejection(error: error, assessment: assessment))
        }
        return .success((assessment, warnings))
    }

    /// The line `record` prints for a rejected assessment: as `aegrade grade` prints it when the
    /// input itself is wrong, with the patient and time when only its time was refused.
    private func rejectedLine(_ json: JSONValue, _ rejection: Rejection) -> String {
        guard let assessment = rejection.assessment else { return BatchGrader(criteria: criteria).gradeOne(json).line }
        return Self.errorLine(json, assessment, rejection.error)
    }

    /// Appends a corrected assessment superseding observation `seq`, and the grades of the
    /// corrected assessment, in one transaction.
    package func correct(seq: Int64, with json: JSONValue, reason: String) throws(EventLogError) -> Result<[RecordedEvent], InputError> {
        try Self.checkReason(reason)
        guard let target = try store.event(seq: seq) else { throw .refused("there is no event \(seq) to correct") }
        guard target.kind == .observation || target.kind == .correction else {
            throw .refused("event \(seq) is a \(target.kind.rawValue) event: only observations are corrected (grades follow from them; override a grade instead)")
        }
        let assessment: Assessment
        let warnings: [String]
        switch checked(json) {
        case .success(let accepted): (assessment, warnings) = accepted
        case .failure(let rejection): return .failure(rejection.error)
        }
        // An id stored by an older version as typed ("BED-03 ") is the id the correction names
        // once normalised; the correction keeps the stored id, so the patient's history stays one.
        guard let stored = target.patient,
              stored == assessment.patient.id || (try? PatientIdentifier(stored, at: "patient.id"))?.text == assessment.patient.id else {
            throw .refused("event \(seq) concerns patient \(PrintableText.quoted(target.patient ?? "-")), the correction patient \(PrintableText.quoted(assessment.patient.id))")
        }
        let draft = EventDraft(kind: .correction, patient: stored, clinicalTime: Self.timeAsEntered(json, assessment),
                               payload: EventPayload.correction(supersedes: target.id, supersedesSeq: target.seq, reason: reason,
                                                                assessment: Self.withPatientID(stored, in: json)))
        return .success(try appendGraded(draft, assessment: assessment, warnings: warnings))
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

    /// Appends a clinician's grade replacing the computed grade of `criteria` (and `term`) in the
    /// grades event `seq`.
    package func override(seq: Int64, criteria criteriaID: String, term: String?, grade: Int, reason: String) throws(EventLogError) -> RecordedEvent {
        try Self.checkReason(reason)
        guard (0...5).contains(grade) else { throw .refused("a grade is 0 to 5, not \(grade)") }
        guard let target = try store.event(seq: seq) else { throw .refused("there is no event \(seq) to override") }
        guard target.kind == .grades else {
            throw .refused("event \(seq) is a \(target.kind.rawValue) event: override the grades event that follows an observation")
        }
        guard let computed = target.loggedGrades.first(where: { $0.criteria == criteriaID && $0.term == term }) else {
            let offered = target.loggedGrades.map { logged in logged.term.map { "\(logged.criteria) --term \($0)" } ?? logged.criteria }
            throw .refused("event \(seq) has no grade for \(criteriaID)\(term.map { " term \($0)" } ?? ""); it has \(offered.joined(separator: ", "))")
        }
        let draft = EventDraft(kind: .override, patient: target.patient, clinicalTime: target.clinicalTime,
                               payload: EventPayload.override(supersedes: target.id, supersedesSeq: target.seq, criteria: criteriaID,
                                                              term: term, computedGrade: computed.grade, grade: grade, reason: reason))
        return try store.append([draft], author: author)[0]
    }

    /// The clinical event kinds a user appends by hand with `aegrade log event`.
    package static let manualKinds: [EventKind] = [.enrollment, .infusion, .treatment, .death, .rclDetected, .manufacturingFailure, .note]

    /// Appends a clinical event (infusion, treatment, death, ...) with its data and reason.
    package func event(kind: EventKind, patient typedPatient: String, time timeText: String, data: JSONValue, reason: String) throws(EventLogError) -> RecordedEvent {
        try Self.checkReason(reason)
        let patient: String
        do {
            patient = try PatientIdentifier(typedPatient, at: "patient").text
            try TextInput.check(data, at: "data", as: .multiLine)
        } catch {
            throw .refused(error.description)
        }
        guard let time = ClinicalTime(iso8601: timeText) else { throw .refused("\(timeText) is not an ISO 8601 time with an offset") }
        do {
            _ = try ClinicalTimeGuard.check(time, field: "time", now: now())
        } catch {
            throw .refused(error.description)
        }
        guard Self.manualKinds.contains(kind) else {
            throw .refused("\(kind.rawValue) events are written by aegrade itself, not by hand")
        }
        guard case .object(var members) = data else { throw .refused("--data must be a JSON object") }
        guard !members.contains(where: { $0.0 == "reason" }) else { throw .refused("give the reason with --reason, not in --data") }
        if kind == .death {
            guard case .string(let cause)? = data["cause"], DeathCause(rawValue: cause) != nil else {
                throw .refused("a death needs --data '{\"cause\": …}' with one of \(DeathCause.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        members.append(("reason", .string(reason)))
        let draft = EventDraft(kind: kind, patient: patient, clinicalTime: timeText, payload: .object(members))
        return try store.append([draft], author: author)[0]
    }

    /// The line `aegrade grade` prints for a rejected assessment, for a refusal found after decoding.
    static func errorLine(_ json: JSONValue, _ assessment: Assessment, _ error: InputError) -> String {
        JSONValue.object([
            ("patient", .string(assessment.patient.id)),
            ("time", .string(assessment.time.utcText)),
            ("error", .object([("field", .string(error.field.text)), ("message", .string(error.message))])),
        ]).compactText
    }

    /// The clinical time as the user wrote it (with its own offset), as the log keeps it.
    static func timeAsEntered(_ json: JSONValue, _ assessment: Assessment) -> String {
        if case .string(let text)? = json["time"] { return text }
        return assessment.time.utcText
    }

    /// The assessment with its patient id as normalised (``PatientIdentifier``), so that the
    /// stored observation names its patient exactly as the event does.
    static func withPatientID(_ id: String, in json: JSONValue) -> JSONValue {
        guard case .object(var members) = json, let p = members.firstIndex(where: { $0.0 == "patient" }),
              case .object(var patient) = members[p].1, let i = patient.firstIndex(where: { $0.0 == "id" }),
              case .string(let typed) = patient[i].1,
              // Scalar by scalar: Swift's == holds a decomposed id equal to its NFC form.
              !typed.unicodeScalars.elementsEqual(id.unicodeScalars) else { return json }
        patient[i].1 = .string(id)
        members[p].1 = .object(patient)
        return .object(members)
    }

    /// A reason is required, must say something (C-EV-13), and may span lines but hold no other
    /// control character (``TextInput``).
    static func checkReason(_ reason: String) throws(EventLogError) {
        do { try TextInput.check(reason, at: "reason", as: .multiLine) } catch { throw .refused(error.description) }
        guard reason.trimmingCharacters(in: .whitespacesAndNewlines).count >= 3 else {
            throw .refused("a reason is required (at least 3 characters): the log keeps why every change was made")
        }
    }
}
