import Clinical
import GRDB

extension SQLiteEventStore {
    /// How far the record time may fall behind the previous event's before it is a clock
    /// anomaly: two seconds, more than two writers' clock reads inside one lock ever differ.
    static let clockAnomalyTolerance: Int64 = 2_000

    /// The `clockAnomaly` event to write before the next event when the system clock was set
    /// (C-TIME-4), nil when it was not:
    /// - **backwards**: the record time earlier than the previous event's by more than
    ///   ``clockAnomalyTolerance``;
    /// - **forwards**: the record time later than the previous event's by more than the monotonic
    ///   time between the two writes (`CLOCK_MONOTONIC`, which setting the clock never moves) plus
    ///   ``clockAnomalyTolerance`` and 0.1 % of that monotonic time. NTP slews a clock by at most
    ///   500 ppm (RFC 5905 §11.3, the maximum frequency tolerance), so a synchronised clock never
    ///   drifts from the monotonic one that fast; a step does. It can be told only when both
    ///   writes kept the monotonic time in one boot (the previous event's `eventWrite` row).
    /// The event names both record times, the boot ids, and the monotonic time between the two
    /// writes when known. Nothing is refused or reordered: the clinical event follows it with the
    /// clock's time as it is.
    func clockAnomalyDraft(_ db: Database, previousSeq: Int64, previous: String, recordMillis: Int64, recordTime: String,
                           clock: ClockStatus) throws -> EventDraft? {
        guard let previousTime = ClinicalTime(iso8601: previous) else { return nil }
        let previousMillis = Int64((previousTime.secondsSinceEpoch * 1000).rounded())
        let wallMillis = recordMillis - previousMillis
        let backwards = -wallMillis > Self.clockAnomalyTolerance
        guard backwards || wallMillis > Self.clockAnomalyTolerance else { return nil }
        let last = try Self.lastWriteRow(db).flatMap { $0.seq == previousSeq ? $0 : nil }
        var monotonicMillis: Int64?
        if let before = last?.monotonicNanoseconds, let boot = clock.bootId, last?.bootId == boot {
            monotonicMillis = (clock.monotonicNanoseconds - before) / 1_000_000
        }
        if !backwards {
            guard let monotonicMillis, wallMillis - monotonicMillis > Self.clockAnomalyTolerance + monotonicMillis / 1000 else { return nil }
        }
        var members: [(PayloadKey, JSONValue)] = [(.direction, .string(backwards ? "backward" : "forward")),
                                                  (.previousRecordTime, .string(previous)), (.recordTime, .string(recordTime))]
        if let bootId = clock.bootId { members.append((.bootId, .string(bootId))) }
        if let previousBoot = last?.bootId { members.append((.previousBootId, .string(previousBoot))) }
        if let monotonicMillis {
            // Milliseconds, as a number of seconds: the canonical form writes it in its shortest form.
            members.append((.monotonicSeconds, .number(Double(monotonicMillis) / 1000)))
        }
        return EventDraft(kind: .clockAnomaly, patient: nil, clinicalTime: nil, payload: .object(members.map { ($0.0.rawValue, $0.1) }))
    }
}
