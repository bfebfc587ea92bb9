import Clinical
import GRDB
import Foundation
import Synchronization

extension SQLiteEventStore {
    /// The current state of every patient as the triage board shows it, read in time proportional
    /// to the patients rather than the events: for the board's first frame on a large log, before
    /// the whole log is folded.
    ///
    /// The same `Replay` fold runs over a subsequence of the log that yields the same current
    /// observation, current grades, infusion and death: every observation, correction, infusion
    /// and death (their times from the `eventKind` index, payloads left out except a correction's
    /// `supersedesSeq`), each patient's first event, every override, and the grades events of
    /// each patient's latest three observations by clinical time — more, four times as many each
    /// round, for a patient whose latest two definite grades of a criteria in `definiteOf` are not
    /// among them yet (a run of not-assessable entries), until they are or every grades event of
    /// the patient is read. Worst grades, corrections lists and observation payloads are left to
    /// the whole fold, which follows in the background.
    package func boardHeads(definiteOf criteria: [String] = []) throws(EventLogError) -> (replay: Replay, grades: [Int64: RecordedEvent]) {
        do {
            let (base, observations) = try queue.read { db -> ([RecordedEvent], [String: [Int64]]) in
                var picked: [RecordedEvent] = []
                let supersedes = try Dictionary(Row.fetchAll(db, sql: """
                    SELECT seq, json_extract(payload, '$.supersedesSeq') AS target FROM event WHERE kind = 'correction'
                    """).map { row -> (Int64, Int64) in (row.integer("seq") ?? 0, row.integer("target") ?? 0) }, uniquingKeysWith: { first, _ in first })
                let light = try Row.fetchCursor(db, sql: """
                    SELECT seq, kind, patient, clinicalTime FROM event
                    WHERE kind IN ('observation', 'correction', 'infusion', 'death') AND patient IS NOT NULL
                    """)
                var entries: [String: [(seq: Int64, time: ClinicalTime?)]] = [:]
                while let row = try light.next() {
                    guard let seq = row.integer(0) else { continue }
                    guard let kind = EventKind(rawValue: try row.text(1, seq: seq, name: "kind") ?? "") else { continue }
                    guard let patient = try row.text(2, seq: seq, name: "patient") else { continue }
                    let clinicalTime = try row.text(3, seq: seq, name: "clinicalTime")
                    var payload: JSONValue = .object([])
                    if kind == .correction { payload = .object([("supersedesSeq", .number(Double(supersedes[seq] ?? 0)))]) }
                    picked.append(Self.lightEvent(seq: seq, kind: kind, patient: patient, clinicalTime: clinicalTime, payload: payload))
                    if kind == .observation || kind == .correction {
                        entries[patient, default: []].append((seq, clinicalTime.flatMap(ClinicalTime.init(iso8601:))))
                    }
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
                // Overrides are rare: all of them, in one query.
                picked += try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM event WHERE kind = 'override'").map(Self.event(from:))
                // Each patient's entries, latest clinical time first (a later entry first on a tie).
                let latestFirst = entries.mapValues { list in
                    list.sorted { a, b in
                        switch (a.time, b.time) {
                        case let (x?, y?) where x != y: return x > y
                        case (_?, nil): return true
                        case (nil, _?): return false
                        default: return a.seq > b.seq
                        }
                    }.map(\.seq)
                }
                return (picked, latestFirst)
            }
            let lookup = try replayLookup()
            var grades: [Int64: RecordedEvent] = [:]
            var read: [String: Int] = [:]
            var pending = Set(observations.keys)
            while true {
                // The grades of an observation are appended right after it, in one transaction.
                var wanted: [Int64] = []
                for patient in pending {
                    guard let list = observations[patient] else { continue }
                    let from = read[patient] ?? 0
                    let to = min(list.count, max(3, from * 4))
                    wanted += list[from..<to].map { $0 + 1 }
                    read[patient] = to
                }
                try readGrades(wanted, into: &grades)
                var replay = Replay(lookup: lookup)
                for event in (base + grades.values).sorted(by: { $0.seq < $1.seq }) { _ = replay.fold(event) }
                pending = Set(observations.keys.filter { patient in
                    guard (read[patient] ?? 0) < (observations[patient]?.count ?? 0), let state = replay.patients[patient] else { return false }
                    return criteria.contains { state.lastDefinite[$0] == nil || state.definiteBefore[$0] == nil }
                })
                if pending.isEmpty { return (replay, grades) }
            }
        } catch let error as EventLogError {
            throw error
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// Reads the grades events among `seqs` (each the seq after an observation), parsed on every core.
    private func readGrades(_ seqs: [Int64], into grades: inout [Int64: RecordedEvent]) throws {
        let rows = try queue.read { db -> [Row] in
            var rows: [Row] = []
            for chunk in stride(from: 0, to: seqs.count, by: 5000).map({ Array(seqs[$0..<min(seqs.count, $0 + 5000)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                rows += try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM event WHERE seq IN (\(marks))", arguments: StatementArguments(chunk))
            }
            return rows
        }
        for event in Self.parseConcurrently(rows.map(StoredRow.init)) {
            guard event.kind == .grades, case .number(let observation)? = event.payload["observationSeq"],
                  Int64(exactly: observation).map({ $0 + 1 }) == event.seq else { continue }
            grades[event.seq] = event
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
        let slots = Mutex<[RecordedEvent?]>(Array(repeating: nil, count: rows.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < rows.count {
                let event = rows[index].event
                slots.withLock { $0[index] = event }
                index += workers
            }
        }
        return slots.withLock { $0.compactMap { $0 } }
    }

    private static func lightEvent(seq: Int64, kind: EventKind, patient: String, clinicalTime: String?, payload: JSONValue) -> RecordedEvent {
        RecordedEvent(seq: seq, id: "", kind: kind, patient: patient, clinicalTime: clinicalTime, recordTime: "", timeZone: "",
                      author: .system, terminal: "", productVersion: "", payload: payload, prevHash: "", hash: "")
    }
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
