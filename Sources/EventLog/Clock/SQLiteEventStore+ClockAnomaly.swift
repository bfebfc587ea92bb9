import Clinical
import GRDB

extension SQLiteEventStore {
    /// How far the record time may fall behind the previous event's before it is a clock
    /// anomaly: two seconds, more than two writers' clock reads inside one lock ever differ.
    static let clockAnomalyTolerance: Int64 = 2_000

    /// The `clockAnomaly` event to write before the next event when the system clock stepped
    /// backwards (C-TIME-4): its record time earlier than the previous event's by more than
    /// ``clockAnomalyTolerance``. It names both record times, the boot ids, and the monotonic time
    /// between the two writes (`CLOCK_MONOTONIC`, which setting the clock never moves) when both
    /// were written in one boot by a version that kept it. Nothing is refused or reordered: the
    /// clinical event follows it with the clock's time as it is.
    func clockAnomalyDraft(_ db: Database, previous: String, recordMillis: Int64, recordTime: String,
                           clock: ClockStatus) throws -> EventDraft? {
        guard let previousTime = ClinicalTime(iso8601: previous) else { return nil }
        let previousMillis = Int64((previousTime.secondsSinceEpoch * 1000).rounded())
        guard previousMillis - recordMillis > Self.clockAnomalyTolerance else { return nil }
        let last = try Self.lastWriteRow(db)
        var members: [(PayloadKey, JSONValue)] = [(.previousRecordTime, .string(previous)), (.recordTime, .string(recordTime))]
        if let bootId = clock.bootId { members.append((.bootId, .string(bootId))) }
        if let previousBoot = last?.bootId { members.append((.previousBootId, .string(previousBoot))) }
        if let before = last?.monotonicNanoseconds, let boot = clock.bootId, last?.bootId == boot {
            // Milliseconds, as a number of seconds: the canonical form writes it in its shortest form.
            members.append((.monotonicSeconds, .number(Double((clock.monotonicNanoseconds - before) / 1_000_000) / 1000)))
        }
        return EventDraft(kind: .clockAnomaly, patient: nil, clinicalTime: nil, payload: .object(members.map { ($0.0.rawValue, $0.1) }))
    }
}
