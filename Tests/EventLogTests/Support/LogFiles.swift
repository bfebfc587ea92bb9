import Clinical
import EventLog
import Foundation
import GRDB
import TestSupport

/// Assessments as a clinician enters them (the input of `aegrade grade` and `aegrade record`).
enum Bedside {
    /// A CRS assessment with every ASTCT input stated. ASTCT grades it 1 (fever), 2 (with
    /// hypotension), 3 (with hypotension on one vasopressor).
    static func crs(patient: String, time: String = "2026-11-22T08:00:00+08:00", celsius: Double = 38.6,
                    hypotension: Bool = false, norepinephrine: Bool = false) -> String {
        let vasopressors = norepinephrine ? #"[{"drug":"norepinephrine","dose":5,"unit":"mcg/min"}]"# : "[]"
        return #"{"patient":{"id":"\#(patient)","ageYears":54},"time":"\#(time)","vitals":{"temperature":{"value":\#(celsius),"unit":"C"},"hypotension":\#(hypotension)},"support":{"vasopressors":\#(vasopressors),"oxygen":{"device":"roomAir"}}}"#
    }

    static func crsJSON(patient: String, time: String = "2026-11-22T08:00:00+08:00", celsius: Double = 38.6,
                        hypotension: Bool = false, norepinephrine: Bool = false) throws -> JSONValue {
        try JSONParser.parse(crs(patient: patient, time: time, celsius: celsius, hypotension: hypotension, norepinephrine: norepinephrine))
    }
}

/// A log file read directly with SQLite (not through the store), as a tool of the test would.
enum LogFile {
    struct Row: Equatable {
        var seq: Int64
        var kind: String
        var patient: String?
        var payload: String
        var hash: String
    }

    /// A read-only connection that never waits long.
    static func reader(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Every stored row, by sequence number.
    static func rows(_ path: String) throws -> [Row] {
        try reader(path).read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT seq, kind, patient, payload, hash FROM event ORDER BY seq").map {
                Row(seq: $0[0], kind: $0[1], patient: $0[2], payload: $0[3], hash: $0[4])
            }
        }
    }

    static func count(_ path: String) throws -> Int {
        try reader(path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM event") ?? -1 }
    }

    /// `PRAGMA integrity_check`.
    static func integrityCheck(_ path: String) throws -> [String] {
        try reader(path).read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// Writes a log of `count` notes through the store, for `patientPrefix` 0–6 in turn: enough
    /// events for the table and its indexes to span many pages.
    static func writeNotes(_ path: String, count: Int = 2_000, patientPrefix: String) throws {
        let store = try SQLiteEventStore(path: path, mode: .readWrite(create: true))
        _ = try store.append((0..<count).map { index in
            EventDraft(kind: .note, patient: "\(patientPrefix)\(index % 7)", clinicalTime: nil, payload: .object([("text", .string("note \(index)"))]))
        }, author: Author(id: "li.m", role: .nurse))
    }

    /// The page size and the leaf pages of a table or index (`name`), in file order, found with
    /// the shell's `dbstat`.
    static func leafPages(_ path: String, of name: String) throws -> (pageSize: Int, leaves: [Int]) {
        let pageSize = try reader(path).read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0 }
        let leaves = try sqlite(path, "SELECT pageno FROM dbstat WHERE name = '\(name)' AND pagetype = 'leaf' ORDER BY pageno;")
            .lines.compactMap { Int($0) }
        return (pageSize, leaves)
    }

    /// Runs SQL with the `sqlite3` command-line shell.
    @discardableResult
    static func sqlite(_ path: String, _ sql: String) throws -> ProcessOutput {
        try Run.tool("sqlite3", ["-bail", path], stdin: sql)
    }

    /// `seq hash` acknowledgement lines (`aegrade log stress-append`); a last line without its
    /// newline was cut by the kill and was never an acknowledgement.
    static func acks(in text: String) -> [(seq: Int64, hash: String)] {
        var complete = text
        if let last = complete.lastIndex(of: "\n") { complete = String(complete[...last]) } else { complete = "" }
        return complete.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let seq = Int64(parts[0]), parts[1].count == 64 else { return nil }
            return (seq, String(parts[1]))
        }
    }
}

/// JSON output of the binary, read back.
extension JSONValue {
    /// The value at a path of object keys and array indices (`["patients", 0, "grades"]`).
    subscript(path path: [Any]) -> JSONValue? {
        var value: JSONValue? = self
        for step in path {
            switch (value, step) {
            case (.object?, let key as String): value = value?[key]
            case (.array(let elements)?, let index as Int): value = elements.indices.contains(index) ? elements[index] : nil
            default: return nil
            }
        }
        return value
    }

    var number: Double? { if case .number(let n) = self { return n } else { return nil } }
    var string: String? { if case .string(let s) = self { return s } else { return nil } }
    var elements: [JSONValue] { if case .array(let a) = self { return a } else { return [] } }
}
