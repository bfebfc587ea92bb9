import EventLog
import NIOCore
import PostgresNIO

/// An append's statements as named prepared statements of the connection (README, "Tests and
/// benchmarks", `postgres-append.sh`): every append sends the same few texts — BEGIN, the site's
/// head, the rows' INSERT of a given shape, COMMIT — and as unnamed statements the server parsed,
/// analysed and rewrote each of them again every time, about a sixth of its CPU an append
/// (`perf` of the backends). Prepared once per connection, each is then only bound and executed.
///
/// After its first five executions the server settles on a generic plan, made once and kept
/// (PostgreSQL documentation, PREPARE, "plan_cache_mode": `auto`), unless its cost is above the
/// custom plans'; it is made again when the table's statistics change (an ANALYZE, autovacuum's
/// among them). The rows' INSERT is written so that its generic plan is the one a plan made with
/// the values would be: the standing guard is one probe of `event_account`, a partial index of
/// the site's account events whose predicate is the guard's list of kinds
/// (`PostgresEventStore.insertStatement`). With no such index, a single `kind IN (…)` with the
/// seq range let a generic plan read the range by the primary key — every event since the
/// account's kept directory — and one probe of `event_kind` (site, kind, seq) per kind did too,
/// in both plans, on statistics taken when the table was small. Planning every execution
/// instead (`force_custom_plan`) cost about a third of the server's time an append, the foreign
/// keys' checks and `aegrade_site_head`'s statements planned again too (`postgres-append.sh
/// STATEMENTS=1`: 150–190 µs planning the INSERT against 2–3 µs).
///
/// Every parameter is bound as text, as the unnamed statements bind them (`PostgresBindings` of
/// `String`): the prepared text casts each `$n` to text (`typedAsText`), so the server infers the
/// same types and the values mean what they meant.
///
/// Used on the connection's event loop only (`PostgresSession.transactionOnLoop`), whose thread
/// is the one that reads and changes it.
final class PreparedStatements: @unchecked Sendable {
    /// The statements prepared on this connection, by their text as the store made it.
    private var prepared: [String: PreparedQuery] = [:]

    /// Statements kept prepared per connection: an append's few texts, and the INSERTs of the
    /// shapes of rows a writer appends (one text per number of events, signed or not, guarded or
    /// not); a text beyond them is sent unnamed, as before.
    static let limit = 32

    /// Sends `statements` on `connection`, one after another (each once the one before it is
    /// answered, as PostgresNIO sends them anyway: never pipelined), a prepared one when it can
    /// be, and gathers every answer: a failure does not stop the ones after it (the server takes
    /// them in the transaction's failed state, and a COMMIT there ends it).
    func send(_ statements: [PostgresSession.Statement], on connection: PostgresConnection)
        -> EventLoopFuture<[Result<[PostgresSession.CellRow], any Error>]> {
        let answers = Answers()
        var chain = connection.eventLoop.makeSucceededVoidFuture()
        for statement in statements {
            chain = chain.flatMap { [self] in
                send(statement, on: connection).map { answers.list.append(.success($0)) }
                    .recover { answers.list.append(.failure($0)) }
            }
        }
        return chain.map { answers.list }
    }

    /// The answers gathered so far, appended to by the futures' callbacks on the event loop.
    private final class Answers: @unchecked Sendable {
        var list: [Result<[PostgresSession.CellRow], any Error>] = []
    }

    /// One statement's rows, its cells as the server sent them.
    private func send(_ statement: PostgresSession.Statement, on connection: PostgresConnection) -> EventLoopFuture<[PostgresSession.CellRow]> {
        // A statement handed to a closed channel is dropped unanswered (`PostgresSession.answer`
        // says why): the ones after a lost connection fail here instead.
        guard !connection.isClosed else { return connection.eventLoop.makeFailedFuture(ChannelError.alreadyClosed) }
        if let query = prepared[statement.sql] { return execute(query, statement.binds) }
        guard prepared.count < Self.limit, let text = Self.typedAsText(statement.sql) else {
            return connection.query(PostgresSession.query(of: statement), logger: PostgresSession.silentLogger).map { Self.cells(of: $0) }
        }
        // A statement the server refuses to prepare (a syntax error, say) fails as it would
        // have failed unnamed, and is not kept.
        return connection.prepare(query: text).flatMap { [self] query in
            prepared[statement.sql] = query
            return execute(query, statement.binds)
        }
    }

    private func execute(_ query: PreparedQuery, _ binds: [String?]) -> EventLoopFuture<[PostgresSession.CellRow]> {
        query.execute(binds.map { $0.map(PostgresData.init(string:)) ?? PostgresData.null }).map { rows in
            rows.map { row in
                var cells: PostgresSession.CellRow = []
                cells.reserveCapacity(row.count)
                for cell in row { cells.append(cell.bytes) }
                return cells
            }
        }
    }

    private static func cells(of result: PostgresQueryResult) -> [PostgresSession.CellRow] {
        result.rows.map { row in
            var cells: PostgresSession.CellRow = []
            cells.reserveCapacity(row.count)
            for cell in row { cells.append(cell.bytes) }
            return cells
        }
    }

    /// `sql` with every parameter `$n` cast to text (`$n::text`, before any cast of its own:
    /// `$2::bigint` becomes `$2::text::bigint`), so that preparing it gives each parameter the
    /// type text, as binding text to an unnamed statement does; nil, and the statement is then
    /// sent unnamed, for a text this simple scan cannot vouch for: a backslash (an `E''` string's
    /// escapes), a comment, or a `$` that is no parameter (a dollar-quoted string).
    static func typedAsText(_ sql: String) -> String? {
        let bytes = Array(sql.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var index = 0
        var quote: UInt8? = nil
        while index < bytes.count {
            let byte = bytes[index]
            out.append(byte)
            index += 1
            if byte == UInt8(ascii: "\\") { return nil }
            if let open = quote {
                // A doubled quote inside a string or identifier closes it and opens it again.
                if byte == open { quote = nil }
                continue
            }
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""): quote = byte
            case UInt8(ascii: "-") where index < bytes.count && bytes[index] == UInt8(ascii: "-"): return nil
            case UInt8(ascii: "/") where index < bytes.count && bytes[index] == UInt8(ascii: "*"): return nil
            case UInt8(ascii: "$"):
                guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                    out.append(bytes[index])
                    index += 1
                }
                out.append(contentsOf: "::text".utf8)
            default: break
            }
        }
        return quote == nil ? String(decoding: out, as: UTF8.self) : nil
    }
}
