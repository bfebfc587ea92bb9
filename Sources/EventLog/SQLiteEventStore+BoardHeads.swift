import Clinical
import GRDB
import Foundation
import Synchronization

extension SQLiteEventStore {
    /// The current state of every patient as the triage board shows it, read in time proportional
    /// to the patients rather than the events: for the board's first frame on a large log, before
    /// the whole log is folded.
    ///
    /// The same `Replay` fold (and so the one rule of ``GradeHistory``) runs over each patient's
    /// events that decide what the board shows: every observation and correction (observations by
    /// their columns alone, from the `eventKind` index), infusions, deaths, overrides, the
    /// patient's first event, and the grades events of the patient's latest three entries by
    /// clinical time — more, four times as many each round, while the latest two definite grades
    /// of a criteria in `definiteOf` are not among them (a run of not-assessable entries), until
    /// they are or every grades event of the patient is read. A look-back folds that patient again,
    /// not the others. What is not read (an older entry a correction or override reaches) the
    /// fold reads back through its lookup. Worst grades, corrections lists and observation payloads
    /// are left to the whole fold, which follows in the background.
    ///
    /// Reads run in short transactions, a few patients each: the log is append-only, so ranges
    /// read apart are consistent, and a long reader would hold back every writer's commit in
    /// rollback-journal mode (README, "Durability and concurrency").
    package func boardHeads(definiteOf criteria: [String] = []) throws(EventLogError) -> (replay: Replay, grades: [Int64: RecordedEvent]) {
        do {
            let patients = try boardPatients()
            var known: [String: BoardPatient] = [:]
            for batch in stride(from: 0, to: patients.count, by: Self.patientsPerRead) {
                let slice = patients[batch..<min(patients.count, batch + Self.patientsPerRead)]
                try queue.read { db in
                    for (id, first) in slice { known[id] = try Self.boardPatient(id, first: first, db: db) }
                }
            }
            var replay = Replay(lookup: try replayLookup())
            var grades: [Int64: RecordedEvent] = [:]
            var read: [String: Int] = [:]
            var pending = patients.map(\.id)
            while !pending.isEmpty {
                // The grades of an entry are appended right after it, in one transaction.
                var wanted: [Int64] = []
                for id in pending {
                    guard let entries = known[id]?.latestFirst else { continue }
                    let from = read[id] ?? 0
                    let to = min(entries.count, max(3, from * 4))
                    wanted += entries[from..<to].map { $0 + 1 }
                    read[id] = to
                }
                try readGrades(wanted, into: &grades)
                var next: [String] = []
                for id in pending {
                    guard let patient = known[id] else { continue }
                    replay.forget(patient: id)
                    for event in patient.events(with: grades) { _ = replay.fold(event) }
                    guard (read[id] ?? 0) < patient.latestFirst.count, let state = replay.patients[id] else { continue }
                    if criteria.contains(where: { state.lastDefinite[$0] == nil || state.definiteBefore[$0] == nil }) { next.append(id) }
                }
                pending = next
            }
            replay.passed(to: try lastSeq())
            return (replay, grades)
        } catch let error as EventLogError {
            throw error
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// How many patients one read transaction reads (a few milliseconds each at 1,000,000 events).
    static let patientsPerRead = 16

    /// What the first frame reads of one patient, without grades.
    struct BoardPatient {
        /// Observations (columns only), corrections, infusions, deaths, overrides and the first event.
        var base: [RecordedEvent]
        /// The patient's entries (observations and corrections), latest clinical time first (a
        /// later entry first on a tie).
        var latestFirst: [Int64]

        /// The base with the grades read so far, in seq order.
        func events(with grades: [Int64: RecordedEvent]) -> [RecordedEvent] {
            (base + latestFirst.compactMap { grades[$0 + 1] }).sorted { $0.seq < $1.seq }
        }
    }

    /// Every patient and their first seq, one index seek each, in short transactions.
    private func boardPatients() throws -> [(id: String, first: Int64)] {
        var patients: [(id: String, first: Int64)] = []
        var after: String?
        while true {
            let batch = try queue.read { db -> [(id: String, first: Int64)] in
                var batch: [(id: String, first: Int64)] = []
                while batch.count < 256 {
                    let sql = "SELECT patient, seq FROM event WHERE patient \(after == nil ? "IS NOT NULL" : "> ?") ORDER BY patient, seq LIMIT 1"
                    guard let row = try Row.fetchOne(db, sql: sql, arguments: StatementArguments(after.map { [$0] } ?? [])),
                          let seq = row.integer(1), let id = try row.text(0, seq: seq, name: "patient") else { break }
                    batch.append((id, seq))
                    after = id
                }
                return batch
            }
            patients += batch
            if batch.count < 256 { return patients }
        }
    }

    /// One patient's base events and entries, read from the indexes.
    private static func boardPatient(_ id: String, first: Int64, db: Database) throws -> BoardPatient {
        var base: [RecordedEvent] = []
        var entries: [(seq: Int64, time: ClinicalTime?)] = []
        let light = try Row.fetchCursor(db, sql: """
            SELECT seq, kind, clinicalTime FROM event WHERE kind IN ('observation', 'infusion', 'death') AND patient = ?
            """, arguments: [id])
        while let row = try light.next() {
            guard let seq = row.integer(0), let kind = EventKind(rawValue: try row.text(1, seq: seq, name: "kind") ?? "") else { continue }
            let clinicalTime = try row.text(2, seq: seq, name: "clinicalTime")
            base.append(lightEvent(seq: seq, kind: kind, patient: id, clinicalTime: clinicalTime))
            if kind == .observation { entries.append((seq, clinicalTime.flatMap(ClinicalTime.init(iso8601:)))) }
        }
        // Corrections and overrides are rare: whole.
        for event in try Row.fetchAll(db, sql: "SELECT \(columns) FROM event WHERE kind IN ('correction', 'override') AND patient = ?",
                                      arguments: [id]).map(event(from:)) {
            base.append(event)
            if event.kind == .correction { entries.append((event.seq, event.clinicalInstant)) }
        }
        // Every patient appears on the board, also one with no observation yet (enrolled, or whose
        // product could not be made): their first event stands for them.
        if !base.contains(where: { $0.seq == first }),
           let row = try Row.fetchOne(db, sql: "SELECT \(columns) FROM event WHERE seq = ?", arguments: [first]) {
            base.append(try event(from: row))
        }
        let latestFirst = entries.sorted { a, b in
            switch (a.time, b.time) {
            case let (x?, y?) where x != y: return x > y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.seq > b.seq
            }
        }.map(\.seq)
        return BoardPatient(base: base, latestFirst: latestFirst)
    }

    /// Reads the grades events among `seqs` (each the seq after an entry), parsed on every core,
    /// a few thousand to a read transaction.
    private func readGrades(_ seqs: [Int64], into grades: inout [Int64: RecordedEvent]) throws {
        var rows: [Row] = []
        for chunk in stride(from: 0, to: seqs.count, by: 2000).map({ Array(seqs[$0..<min(seqs.count, $0 + 2000)]) }) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            rows += try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM event WHERE seq IN (\(marks))", arguments: StatementArguments(chunk))
            }
        }
        for event in Self.parseConcurrently(rows.map(StoredRow.init)) {
            guard event.kind == .grades, let observation = event.observationSeq, observation + 1 == event.seq else { continue }
            grades[event.seq] = event
        }
    }

    /// The last event of `kind`, if any (the latest `ruleStatus`: the banner of the first frame).
    /// The greatest seq among the kind's entries of the `eventKind` index (which holds the seq),
    /// whatever their patients.
    package func lastEvent(of kind: EventKind) throws(EventLogError) -> RecordedEvent? {
        do {
            return try queue.read { db in
                try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM event WHERE seq = (SELECT max(seq) FROM event WHERE kind = ?)",
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

    /// An event by its columns alone (its payload left out): an observation, infusion or death
    /// as the first frame needs it.
    private static func lightEvent(seq: Int64, kind: EventKind, patient: String, clinicalTime: String?) -> RecordedEvent {
        RecordedEvent(seq: seq, id: "", kind: kind, patient: patient, clinicalTime: clinicalTime, recordTime: "", timeZone: "",
                      author: .system, terminal: "", productVersion: "", payload: .object([]), prevHash: "", hash: "")
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
