import EventLog
import Foundation
import PostgresNIO

/// Reading many rows cheaply: the cells as the server sent them (text format, a `ByteBuffer` each,
/// a slice of the row's own buffer, nil for NULL), for the passes over a whole chain (`verify`,
/// replay, export), where decoding every cell into a `String` through PostgresNIO's generic
/// decoder, and the legacy interface's locked box per row, were most of aegrade's own work
/// (README, "Tests and benchmarks", `Benchmarks/postgres-verify-replay.sh`).
extension PostgresSession {
    /// The rows of one statement, each an array of its cells in column order.
    typealias CellRow = [ByteBuffer?]

    /// Runs one statement with `$1`… bound to `binds` (text, or NULL for nil), and returns its rows
    /// as cells.
    func cellRows(_ sql: String, _ binds: [String?] = []) throws(EventLogError) -> [CellRow] {
        lock.lock()
        defer { lock.unlock() }
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            if let bind { bindings.append(bind) } else { bindings.appendNull() }
        }
        let query = PostgresQuery(unsafeSQL: sql, binds: bindings)
        do {
            let result = try answer { connection.query(query, logger: Self.quietLogger) }
            var rows: [CellRow] = []
            rows.reserveCapacity(result.rows.count)
            for row in result.rows {
                var cells: CellRow = []
                cells.reserveCapacity(row.count)
                for cell in row { cells.append(cell.bytes) }
                rows.append(cells)
            }
            return rows
        } catch {
            throw Self.mapped(error, url: url)
        }
    }

    /// A logger that logs nothing below critical, as the connection's.
    static let quietLogger: Logger = {
        var logger = Logger(label: "aegrade.postgres")
        logger.logLevel = .critical
        return logger
    }()
}

extension ByteBuffer {
    /// The cell's text (the server sends text-format cells as UTF-8; PostgreSQL keeps no other
    /// encoding in an aegrade database, created `UTF8`).
    var text: String { String(buffer: self) }

    /// The cell as a non-negative decimal integer (`seq::text`), nil when it is not one.
    var decimalInt64: Int64? {
        withUnsafeReadableBytes { bytes -> Int64? in
            guard !bytes.isEmpty, bytes.count <= 18 else { return bytes.isEmpty ? nil : Int64(String(decoding: bytes, as: UTF8.self)) }
            var value: Int64 = 0
            for byte in bytes {
                guard byte >= 0x30, byte <= 0x39 else { return Int64(String(decoding: bytes, as: UTF8.self)) }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }
    }

    /// Whether the cell's bytes are `other`'s.
    func equals(_ other: [UInt8]) -> Bool {
        withUnsafeReadableBytes { $0.elementsEqual(other) }
    }

    /// Hands the cell's bytes to `body`.
    func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        withUnsafeReadableBytes { raw in body(raw.bindMemory(to: UInt8.self)) }
    }
}
