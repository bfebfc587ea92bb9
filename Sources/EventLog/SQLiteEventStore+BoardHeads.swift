import Clinical
import GRDB
import Foundation

extension SQLiteEventStore {
    /// The current state of every patient as the triage board shows it, read in time proportional
    /// to the patients rather than the events: for the board's first frame on a large log, before
    /// the whole log is folded.
    ///
    /// The same `Replay` fold runs over a subsequence of the log that yields the same current
    /// observation, current grades, infusion and death: every observation, correction, infusion
    /// and death (their times from the `eventKind` index, payloads left out except a correction's
    /// `supersedesSeq`), each patient's first event, the grades events of each patient's last
    /// three observations, and every override. The grades before the current ones (the trend)
    /// are those of the previous current observation when it is among the last three — it is,
    /// unless two or more late entries follow the current one; the whole fold, which follows in
    /// the background, is exact. Worst grades, corrections lists and observation payloads are
    /// left to the whole fold.
    package func boardHeads() throws(EventLogError) -> (replay: Replay, grades: [Int64: RecordedEvent]) {
        do {
            let events = try queue.read { db -> [RecordedEvent] in
                var picked: [RecordedEvent] = []
                let supersedes = try Dictionary(Row.fetchAll(db, sql: """
                    SELECT seq, json_extract(payload, '$.supersedesSeq') AS target FROM event WHERE kind = 'correction'
                    """).map { row -> (Int64, Int64) in (row.integer("seq") ?? 0, row.integer("target") ?? 0) }, uniquingKeysWith: { first, _ in first })
                let light = try Row.fetchCursor(db, sql: """
                    SELECT seq, kind, patient, clinicalTime FROM event
                    WHERE kind IN ('observation', 'correction', 'infusion', 'death') AND patient IS NOT NULL
                    """)
                var recentObservations: [String: [Int64]] = [:]
                while let row = try light.next() {
                    guard let seq = row.integer(0) else { continue }
                    guard let kind = EventKind(rawValue: try row.text(1, seq: seq, name: "kind") ?? "") else { continue }
                    guard let patient = try row.text(2, seq: seq, name: "patient") else { continue }
                    let clinicalTime = try row.text(3, seq: seq, name: "clinicalTime")
                    var payload: JSONValue = .object([])
                    if kind == .correction { payload = .object([("supersedesSeq", .number(Double(supersedes[seq] ?? 0)))]) }
                    picked.append(Self.lightEvent(seq: seq, kind: kind, patient: patient, clinicalTime: clinicalTime, payload: payload))
                    if kind == .observation || kind == .correction { recentObservations[patient, default: []].append(seq) }
                }
                // Every patient appears on the board, also one with no observation yet (enrolled,
                // or whose product could not be made): their first event stands for them.
                let included = Set(picked.map(\.seq))
                let firsts = try Row.fetchAll(db, sql: """
                    SELECT min(seq) AS seq, patient FROM event WHERE patient IS NOT NULL GROUP BY patient
                    """)
                for row in firsts {
                    guard let seq = row.integer("seq"), !included.contains(seq), let first = try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM event WHERE seq = ?",
                                                                                 arguments: [seq]) else { continue }
                    picked.append(try Self.event(from: first))
                }
                // The grades of an observation are appended right after it, in one transaction:
                // those of each patient's last three observations, in one query, parsed on every core.
                let wanted = recentObservations.values.flatMap { $0.sorted().suffix(3).map { $0 + 1 } }
                var rows: [Row] = []
                for chunk in stride(from: 0, to: wanted.count, by: 5000).map({ Array(wanted[$0..<min(wanted.count, $0 + 5000)]) }) {
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    rows += try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM event WHERE seq IN (\(marks))",
                                             arguments: StatementArguments(chunk))
                }
                picked += Self.parseConcurrently(rows.map(StoredRow.init)).filter { grades in
                    guard grades.kind == .grades, case .number(let observation)? = grades.payload["observationSeq"] else { return false }
                    return Int64(exactly: observation).map { $0 + 1 } == grades.seq
                }
                // Overrides are rare: all of them, in one query.
                picked += try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM event WHERE kind = 'override'").map(Self.event(from:))
                return picked.sorted { $0.seq < $1.seq }
            }
            var replay = Replay(lookup: try replayLookup())
            var grades: [Int64: RecordedEvent] = [:]
            for event in events {
                _ = replay.fold(event)
                if event.kind == .grades { grades[event.seq] = event }
            }
            return (replay, grades)
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// The last `ruleStatus` event, if any (the banner of the first frame).
    package func lastEvent(of kind: EventKind) throws(EventLogError) -> RecordedEvent? {
        do {
            return try queue.read { db in
                try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM event WHERE kind = ? ORDER BY kind DESC, patient DESC, seq DESC LIMIT 1",
                                 arguments: [kind.rawValue]).map(Self.event(from:))
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// Rows decoded as events on every core (JSON payloads are the cost); rows that do not decode
    /// are left out (the whole fold that follows reports them).
    static func parseConcurrently(_ rows: [StoredRow]) -> [RecordedEvent] {
        let workers = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
        let slots = EventSlots(count: rows.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < rows.count {
                slots.set(index, rows[index].event)
                index += workers
            }
        }
        return slots.values.compactMap { $0 }
    }

    private static func lightEvent(seq: Int64, kind: EventKind, patient: String, clinicalTime: String?, payload: JSONValue) -> RecordedEvent {
        RecordedEvent(seq: seq, id: "", kind: kind, patient: patient, clinicalTime: clinicalTime, recordTime: "", timeZone: "",
                      author: .system, terminal: "", productVersion: "", payload: payload, prevHash: "", hash: "")
    }
}

/// Results written by index from several threads, each index by one thread only.
private final class EventSlots: @unchecked Sendable {
    private(set) var values: [RecordedEvent?]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: RecordedEvent?) { lock.lock(); values[index] = value; lock.unlock() }
}

/// An event row as stored, copied out of SQLite so it can be decoded on another thread.
struct StoredRow: Sendable {
    let seq: Int64
    let columns: [String?]

    init(_ row: Row) {
        seq = row.integer(0) ?? 0
        columns = (1..<14).map { try? row.text($0, seq: 0, name: "") }
    }

    /// The decoded event, or nil for a row the product could not have written.
    var event: RecordedEvent? {
        guard let kind = columns[1].flatMap(EventKind.init(rawValue:)), let role = columns[7].flatMap(Role.init(rawValue:)),
              let payloadText = columns[10], let payload = try? JSONParser.parse(payloadText),
              let id = columns[0], let recordTime = columns[4], let timeZone = columns[5], let authorId = columns[6],
              let terminal = columns[8], let productVersion = columns[9], let prevHash = columns[11], let hash = columns[12]
        else { return nil }
        return RecordedEvent(seq: seq, id: id, kind: kind, patient: columns[2], clinicalTime: columns[3], recordTime: recordTime,
                             timeZone: timeZone, author: Author(id: authorId, role: role), terminal: terminal,
                             productVersion: productVersion, payload: payload, prevHash: prevHash, hash: hash)
    }
}
