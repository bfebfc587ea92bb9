import Clinical
import Foundation
import Grading

/// Every write the product makes to the log goes through here — an assessment, a batch of them, a
/// correction, an override, a clinical event by hand, and the rule-status follow-up after each —
/// the way every front end (`aegrade record` and `aegrade log`, the bedside board, the demo) must:
/// graded, attributed to the account that signed in (``SignedIn``, never a typed user id), one
/// transaction per entry, the author's role checked against the role table (`Role.may`), a
/// reason where the log needs one. What it will not write it refuses with a
/// ``RecordRefusal`` before anything is written; what the log cannot write comes out as an
/// ``EventLogError``; both inside a ``RecordError``.
package struct LogRecorder: Sendable {
    package let store: any EventStore
    package let criteria: CriteriaSet
    /// Who writes: an account the ``Authenticator`` signed in, or aegrade itself (`.system`).
    package let signedIn: SignedIn
    /// The account and role every event written here records.
    package var author: Author { signedIn.author }
    /// The clock clinical times are checked against (`ClinicalTimeGuard`): the system clock, or a
    /// fixed one in tests and the demo.
    package let now: @Sendable () -> ClinicalTime
    /// The scrypt cost of the one-time secrets this recorder issues (cheaper only in tests that
    /// make many accounts; each row names its cost).
    var passwordCost = PasswordHashing.Cost.standard
    /// How `record` spreads its assessments over threads (``RecordPacing``: by the machine's
    /// load; fixed modes in tests).
    var pacing = RecordPacing()
    /// The account directory kept between writes: each write checks the author's standing on it
    /// after one read of the account events appended since. A front end that writes many times
    /// (the board) passes the same one to every recorder it makes.
    package let standing: AccountStanding

    package init(store: any EventStore, criteria: CriteriaSet, signedIn: SignedIn, standing: AccountStanding = AccountStanding(),
                 now: @escaping @Sendable () -> ClinicalTime = { ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970) }) {
        self.store = store
        self.criteria = criteria
        self.signedIn = signedIn
        self.standing = standing
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
    package func record(_ json: JSONValue) throws(RecordError) -> Outcome {
        try write(prepare(json))
    }

    /// Records several assessments in one transaction (bulk import): every accepted assessment's
    /// observation and grades, or nothing when the write fails. Rejected ones are not written.
    package func record(batch: [JSONValue]) throws(RecordError) -> [Outcome] {
        try write(batch: batch.map(prepare))
    }

    /// Appends an observation-like draft and the grades it produces, in one transaction; signed
    /// with `meaning` in that transaction when given (a correction: README, "Electronic signatures").
    func appendGraded(_ draft: EventDraft, assessment: Assessment, warnings: [String],
                      signedAs meaning: SignatureMeaning? = nil) throws(RecordError) -> [RecordedEvent] {
        // The grades event names its observation by id and seq, which the store assigns: both are
        // appended in one transaction, the second made from the first as recorded.
        try appendGraded(draft, resultsText: CriteriaResult.canonicalText(of: criteria.evaluate(assessment)), warnings: warnings,
                         signedAs: meaning)
    }

    /// The same with the grades already evaluated and written (``prepare(_:)`` does both off the
    /// writer): `resultsText` is the canonical text of the results array.
    func appendGraded(_ draft: EventDraft, resultsText: [UInt8], warnings: [String],
                      signedAs meaning: SignatureMeaning? = nil) throws(RecordError) -> [RecordedEvent] {
        try stored { () throws(EventLogError) in
            try store.appendFollowed(draft, author: author) { observation in
                [Self.gradesDraft(of: observation, resultsText: resultsText, warnings: warnings)]
                    + [sameTransactionSignature(of: observation, meaning: meaning)].compactMap { $0 }
            }
        }
    }

    /// The grades event of `observation` as recorded: its results (`resultsText`, the canonical
    /// text of their array: ``CriteriaResult/canonicalText(of:)``), and the plausibility warnings
    /// when there are any; its payload held as its canonical text (``EventPayloadValue``).
    static func gradesDraft(of observation: RecordedEvent, resultsText: [UInt8], warnings: [String]) -> EventDraft {
        let text = EventPayload.gradesCanonicalText(observation: observation.id, observationSeq: observation.seq,
                                                    resultsText: resultsText, warnings: warnings)
        return EventDraft(kind: .grades, patient: observation.patient, clinicalTime: observation.clinicalTime,
                          payloadValue: EventPayloadValue(canonicalText: text))
    }

    /// Why an assessment was not accepted: the input error, and the assessment when it was read
    /// before the error was found (its time ahead of the clock, say).
    struct Rejection: Error {
        let error: InputError
        let assessment: Assessment?
    }

    /// An assessment as every write path accepts it: decoded, within its plausibility limits,
    /// with the reference limits its criteria read, and its clinical time not ahead of the clock.
    func checked(_ json: JSONValue) -> Result<(assessment: Assessment, warnings: [String]), Rejection> {
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
    func rejectedLine(_ json: JSONValue, _ rejection: Rejection) -> String {
        guard let assessment = rejection.assessment else { return BatchGrader(criteria: criteria).gradeOne(json).line }
        return Self.errorLine(json, assessment, rejection.error)
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
}
