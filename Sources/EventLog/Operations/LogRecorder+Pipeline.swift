import Clinical
import Foundation
import Grading

/// `aegrade record`'s pipeline (README, "Tests and benchmarks", `record-throughput.py`): a second thread
/// reads, checks, grades and encodes the next assessments while the writer's transaction for the
/// previous one waits on the disk. What depends on the log — the author's standing, the seq and
/// previous hash, the record time, the event hashes and their signatures — is the writer's, in
/// input order, one transaction per assessment (or per chunk of `--batch N`), as without it; one
/// assessment a transaction (on SQLite or PostgreSQL, ``AppendsAhead``), the events are built ahead
/// on that second thread too and the writer checks in its transaction that the head is the one they
/// assumed (``recordChained(on:count:input:each:)``).
extension LogRecorder {
    /// One assessment made ready for the log by ``prepare(_:)``: everything that does not depend
    /// on the log — decoded, within its limits, its clinical time not ahead of the clock, graded,
    /// its observation's payload and its grades' results written as their canonical texts — or the
    /// line of its rejection.
    package enum Prepared: Sendable {
        case accepted(observation: EventDraft, resultsText: [UInt8], warnings: [String], patient: String, time: String)
        case rejected(line: String)
    }

    /// `json` prepared for ``write(_:)``. Reads nothing from the log, so it may run on another
    /// thread while an earlier assessment is being written.
    package func prepare(_ json: JSONValue) -> Prepared {
        switch checked(json) {
        case .failure(let rejection):
            return .rejected(line: rejectedLine(json, rejection))
        case .success(let (assessment, warnings)):
            // Written here as its canonical text, which the store hashes and keeps as it is
            // (``EventPayloadValue``): the sorted tree is never made.
            let payload = EventPayload.observation(Self.withPatientID(assessment.patient.id, in: json))
            let observation = EventDraft(kind: .observation, patient: assessment.patient.id, clinicalTime: Self.timeAsEntered(json, assessment),
                                         payloadValue: EventPayloadValue(canonicalText: payload.canonicalText))
            return .accepted(observation: observation, resultsText: CriteriaResult.canonicalText(of: criteria.evaluate(assessment)),
                             warnings: warnings, patient: assessment.patient.id, time: assessment.time.utcText)
        }
    }

    /// Writes one prepared assessment: the author's standing checked on the log as it is now,
    /// then its observation and grades appended in one transaction (nothing for a rejected one).
    package func write(_ prepared: Prepared) throws(RecordError) -> Outcome {
        try permit(.enterAssessment)
        switch prepared {
        case .rejected(let line):
            return .rejected(line: line)
        case let .accepted(observation, results, warnings, patient, time):
            let events = try appendGraded(observation, resultsText: results, warnings: warnings)
            return .recorded(patient: patient, time: time, seqs: events.map(\.seq))
        }
    }

    /// Writes several prepared assessments in one transaction (bulk import): every accepted
    /// one's observation and grades, or nothing when the write fails.
    package func write(batch: [Prepared]) throws(RecordError) -> [Outcome] {
        try permit(.enterAssessment)
        var outcomes: [Outcome?] = []
        var pairs: [(EventDraft, [UInt8], [String])] = []
        var positions: [Int] = []
        for prepared in batch {
            switch prepared {
            case let .accepted(observation, results, warnings, _, _):
                positions.append(outcomes.count)
                outcomes.append(nil)
                pairs.append((observation, results, warnings))
            case .rejected(let line):
                outcomes.append(.rejected(line: line))
            }
        }
        let recorded = try stored { () throws(EventLogError) in
            try store.appendPairs(pairs.map { pair in
                (pair.0, { observation in Self.gradesDraft(of: observation, resultsText: pair.1, warnings: pair.2) })
            }, author: author)
        }
        for (index, position) in positions.enumerated() {
            let observation = recorded[2 * index]
            outcomes[position] = .recorded(patient: observation.patient ?? "", time: observation.clinicalInstant?.utcText ?? "",
                                           seqs: [observation.seq, recorded[2 * index + 1].seq])
        }
        return outcomes.compactMap { $0 }
    }

    /// Records assessments `0 ..< count` (`input` reads each) in input order, one transaction
    /// per assessment, or per `batch` of them, as ``record(_:)`` and ``record(batch:)`` do:
    /// a second thread prepares the next ones (at most `max(2, batch)` ahead) while the
    /// writer — the calling thread — appends. `each` is given the outcomes of every transaction
    /// once it has committed, in input order.
    ///
    /// One assessment a transaction on a store that appends ahead (SQLite, PostgreSQL:
    /// ``AppendsAhead``), that thread also builds each
    /// assessment's events ahead, on the head the previous transaction leaves, while that
    /// transaction commits (``recordChained(on:count:input:each:)``); the counts of what became
    /// of them are returned (none otherwise).
    ///
    /// The first refusal or failed write ends the recording: its error is thrown, nothing after
    /// it is written or given to `each`, and the other threads have ended before this returns.
    @discardableResult
    package func record(count: Int, batch: Int = 1, input: @escaping @Sendable (Int) -> JSONValue,
                        each: ([Outcome]) -> Void) throws(RecordError) -> AheadCounts {
        guard count > 0 else { return AheadCounts() }
        let size = max(1, batch)
        if size == 1, let ahead = store as? any AppendsAhead {
            return try recordChained(on: ahead, count: count, input: input, each: each)
        }
        let handOff = HandOff<Prepared>(capacity: max(2, size))
        let preparer = Thread { [self] in
            defer { handOff.finish() }
            for index in 0..<count {
                if handOff.isStopped { return }
                guard handOff.put(prepare(input(index))) else { return }
            }
        }
        // Deeply nested input is parsed and decoded here: the stack the main thread would have.
        preparer.stackSize = 1 << 24
        preparer.start()
        defer { handOff.stopAndJoin() }
        var taken = 0
        while taken < count {
            var chunk: [Prepared] = []
            while chunk.count < size, taken < count, let prepared = handOff.take() {
                chunk.append(prepared)
                taken += 1
            }
            guard !chunk.isEmpty else { break }
            each(size == 1 ? [try write(chunk[0])] : try write(batch: chunk))
        }
        return AheadCounts()
    }
}
