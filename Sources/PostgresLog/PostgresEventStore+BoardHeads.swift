import Clinical
import EventLog

/// The board's first frame on PostgreSQL (README, "The triage board"): the site's chain folded by
/// the replay's pass — grades events skimmed for their grades, observations' payloads checked,
/// not built (``replay(until:)``) — and then the one grades event each row names, read by seq.
/// A pass that decoded every event whole and kept every grades event by seq cost the decoding of
/// every payload and memory that grew with the chain, where the board shows one grades event
/// per patient (issue 19, goal 5).
extension PostgresEventStore {
    /// The site's chain folded, and the latest grades event of each patient by seq (what each
    /// row names, ``Replay.Patients``' `latestGradesSeq`): as many events as patients.
    package func boardHeads(definiteOf criteria: [String]) throws(EventLogError) -> (replay: Replay, grades: [Int64: RecordedEvent]) {
        let replay = try replay(until: .end)
        var grades: [Int64: RecordedEvent] = [:]
        let patients = replay.patients
        for id in patients.ids {
            guard let seq = patients[id]?.latestGradesSeq, let event = try event(seq: seq), event.kind == .grades else { continue }
            grades[seq] = event
        }
        return (replay, grades)
    }
}
