import CLibPQ
import Clinical
import EventLog
import Foundation

/// A second connection of a writing store, through libpq, PostgreSQL's own client library, for
/// the transactions whose statements are known before the first is sent: `record`'s entries built
/// ahead (`PostgresEventStore.writeAsBuilt`). Its statements are pipelined (PostgreSQL
/// documentation, libpq, "Pipeline Mode"): BEGIN, the rows' statement and COMMIT go to the server
/// in one write, and the writer's thread blocks on the socket itself. A flush request after the
/// statement, when the writer has a use for them then, has the server send its rows before the
/// COMMIT waits on the disk.
///
/// Why beside PostgresNIO's connection: PostgresNIO sends one statement per exchange, each through
/// its event-loop thread — a write, a read and two wake-ups between threads a statement, which were
/// half of `record`'s CPU, the loopback sends alone a quarter (README, "Tests and benchmarks",
/// `postgres-append.sh`). Everything else the store does stays on PostgresNIO.
///
/// The same settings as every writing session (`PostgresSession.settings`): UTC, durable commits
/// (checked), the lock wait, no sequential scan, no JIT. Statements are prepared once (by their text) and bound as text.
/// An answer is waited for at most the lock wait and 30 s, as `PostgresSession.answer`; past it, or
/// when the connection is lost, the call fails as `.io` and the connection is closed for good:
/// its open transaction, never committed, is the server's to roll back.
final class PipelinedConnection: @unchecked Sendable {
    // @unchecked: every use of `connection` and `prepared` holds `lock`.
    private let lock = NSLock()
    private var connection: OpaquePointer?
    private var prepared: [String: String] = [:]
    /// Syncs sent whose results are still to be read.
    private var pendingSyncs = 0
    private let url: PostgresURL
    private let answerLimitMilliseconds: Int

    init(url: PostgresURL, password: String?, lockTimeoutMilliseconds: Int) throws(EventLogError) {
        self.url = url
        answerLimitMilliseconds = max(0, lockTimeoutMilliseconds) + 30_000
        var parameters: [(String, String)] = [("host", url.host), ("port", String(url.port)), ("user", url.user),
                                              ("dbname", url.database), ("sslmode", "disable"), ("connect_timeout", "10"),
                                              ("client_encoding", "UTF8")]
        if let password { parameters.append(("password", password)) }
        connection = Self.connect(parameters)
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "no connection"
            if let connection { PQfinish(connection) }
            self.connection = nil
            throw .io(path: url.description, detail: PrintableText.escaped("cannot reach the server (\(message.trimmingCharacters(in: .whitespacesAndNewlines)))"))
        }
        for setting in PostgresSession.settings(lockTimeoutMilliseconds: lockTimeoutMilliseconds, readOnly: false) {
            _ = try run(setting)
        }
        guard try run(PostgresSession.durabilityCheck).first?.first == "on" else { throw PostgresSession.notDurable(url) }
        guard PQenterPipelineMode(connection) == 1 else {
            throw .io(path: url.description, detail: "the connection could not enter pipeline mode")
        }
    }

    /// Statements prepared on this connection so far (for tests).
    var preparedCount: Int { lock.withLock { prepared.count } }

    /// What `body` sends and receives on this connection, written to `path` as libpq traces it
    /// (`PQtrace`: one protocol message a line, its direction, length and name), for tests.
    func tracingMessages<T>(into path: String, _ body: () throws -> T) throws -> T {
        guard let file = fopen(path, "w") else { throw EventLogError.io(path: path, detail: "cannot be written") }
        lock.withLock {
            guard let connection else { return }
            PQtrace(connection, file)
            PQsetTraceFlags(connection, PQTRACE_SUPPRESS_TIMESTAMPS)
        }
        defer {
            lock.withLock { if let connection { PQuntrace(connection) } }
            fclose(file)
        }
        return try body()
    }

    /// The server process serving this connection (for tests), 0 once closed.
    var backendPID: Int32 { lock.withLock { connection.map { PQbackendPID($0) } ?? 0 } }

    deinit {
        if let connection { PQfinish(connection) }
    }

    private static func connect(_ parameters: [(String, String)]) -> OpaquePointer? {
        var keys = parameters.map { strdup($0.0) }
        var values = parameters.map { strdup($0.1) }
        keys.append(nil)
        values.append(nil)
        defer {
            keys.forEach { free($0) }
            values.forEach { free($0) }
        }
        return keys.withUnsafeBufferPointer { keys in
            values.withUnsafeBufferPointer { values in
                keys.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: keys.count) { keyPointers in
                    values.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: values.count) { valuePointers in
                        PQconnectdbParams(keyPointers, valuePointers, 0)
                    }
                }
            }
        }
    }

    /// One statement outside pipeline mode (the session's settings), its rows.
    private func run(_ sql: String) throws(EventLogError) -> [[String?]] {
        guard let connection else { throw lostConnection() }
        guard let result = PQexec(connection, sql) else { throw lostConnection() }
        defer { PQclear(result) }
        return try rows(of: result)
    }

    /// Runs BEGIN, `statement` and COMMIT, sent in one write, and returns what `body` makes of
    /// `statement`'s rows, which it is given as they arrive: with `answerBeforeCommit`, before
    /// the COMMIT's answer (a flush request after the statement has the server send them before
    /// the COMMIT waits on the disk; the COMMIT is sent already: the body cannot keep it from
    /// committing), otherwise with it, in the server's one send at the sync. Nothing is committed
    /// when a statement fails (the transaction is rolled back, and the error thrown), and the
    /// answer is returned only once the COMMIT is.
    ///
    /// Why one write, not BEGIN and the statement then COMMIT: each write is a send here and a
    /// wake-up and a read of the server's process, per transaction (`perf` of `record` at 16
    /// writers on two cores: the socket's sends were an eighth of its CPU; README, "Tests and
    /// benchmarks", `postgres-append.sh`).
    func transaction<T>(_ statement: PostgresSession.Statement, answerBeforeCommit: Bool = true,
                        _ body: ([[String?]]) -> T) throws(EventLogError) -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let connection else { throw lostConnection() }
        // Prepared once by its text (typed as PostgresNIO's binds are, `PreparedStatements`), up
        // to as many texts as there; beyond them, or a text the scan cannot vouch for, unnamed.
        let known = prepared[statement.sql]
        let text = known == nil && prepared.count < PreparedStatements.limit ? PreparedStatements.typedAsText(statement.sql) : nil
        let name = known ?? (text == nil ? nil : "aegrade_\(prepared.count + 1)")
        do throws(EventLogError) {
            guard PQsendQueryParams(connection, "BEGIN ISOLATION LEVEL READ COMMITTED", 0, nil, nil, nil, nil, 0) == 1 else { throw sendFailed() }
            if let text, let name {
                guard PQsendPrepare(connection, name, text, Int32(statement.binds.count), nil) == 1 else { throw sendFailed() }
            }
            try Self.withCStrings(statement.binds) { (values) throws(EventLogError) in
                let sent = if let name {
                    PQsendQueryPrepared(connection, name, Int32(statement.binds.count), values, nil, nil, 0)
                } else {
                    PQsendQueryParams(connection, statement.sql, Int32(statement.binds.count), nil, values, nil, nil, 0)
                }
                guard sent == 1 else { throw sendFailed() }
            }
            // Asked, the server sends what it holds after the statement, not only at the sync: the
            // rows come before the COMMIT's wait on the disk.
            if answerBeforeCommit {
                guard PQsendFlushRequest(connection) == 1 else { throw sendFailed() }
            }
            guard PQsendQueryParams(connection, "COMMIT", 0, nil, nil, nil, nil, 0) == 1 else { throw sendFailed() }
            try sync()
            _ = try nextResult(expecting: PGRES_COMMAND_OK)
            if let text, let name {
                _ = try nextResult(expecting: PGRES_COMMAND_OK)
                prepared[statement.sql] = name
            }
            let answer = body(try nextResult(expecting: PGRES_TUPLES_OK))
            // A COMMIT in a failed transaction answers ROLLBACK, and commits nothing.
            _ = try nextResult(expecting: PGRES_COMMAND_OK, tag: "COMMIT")
            try awaitSync()
            guard PQtransactionStatus(connection) == PQTRANS_IDLE else { throw .io(path: url.description, detail: "the transaction was not committed; nothing was written") }
            return answer
        } catch {
            rollBack()
            throw error
        }
    }

    /// Ends a transaction left open (a statement failed): the server skips what
    /// follows a failure until the pipeline's sync, and the transaction block stays, failed.
    private func rollBack() {
        guard let connection, PQstatus(connection) == CONNECTION_OK else { return }
        // Whatever is left of the pipeline is read first.
        while pendingSyncs > 0 {
            guard (try? awaitSync()) != nil else { return }
        }
        guard PQtransactionStatus(connection) != PQTRANS_IDLE else { return }
        guard PQsendQueryParams(connection, "ROLLBACK", 0, nil, nil, nil, nil, 0) == 1, (try? sync()) != nil else { return }
        _ = try? awaitSync()
    }

    /// Ends the pipeline's batch with a sync and sends what libpq holds.
    private func sync() throws(EventLogError) {
        guard let connection, PQpipelineSync(connection) == 1 else { throw sendFailed() }
        pendingSyncs += 1
        try flush()
    }

    /// The next command's result, which must have `status` (and, given, the command tag `tag`);
    /// its rows as text cells.
    private func nextResult(expecting status: ExecStatusType, tag: String? = nil) throws(EventLogError) -> [[String?]] {
        guard let connection else { throw lostConnection() }
        try waitUntilReadable()
        guard let result = PQgetResult(connection) else { throw lostConnection() }
        defer { PQclear(result) }
        let rows = try rows(of: result)
        guard PQresultStatus(result) == status else {
            throw EventLogError.io(path: url.description, detail: "the server answered a statement unexpectedly; nothing was written")
        }
        if let tag, String(cString: PQcmdStatus(result)) != tag {
            throw EventLogError.io(path: url.description, detail: "the transaction was not committed; nothing was written")
        }
        // The command's end (libpq gives NULL after each command's results in a pipeline).
        try waitUntilReadable()
        if let extra = PQgetResult(connection) {
            PQclear(extra)
            throw EventLogError.io(path: url.description, detail: "the server answered a statement with more than one result; nothing was written")
        }
        return rows
    }

    /// Reads up to the pipeline's sync point, past the results of commands skipped after a failure.
    private func awaitSync() throws(EventLogError) {
        guard let connection else { throw lostConnection() }
        while true {
            try waitUntilReadable()
            guard let result = PQgetResult(connection) else { continue }
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC {
                pendingSyncs -= 1
                return
            }
        }
    }

    /// The rows of `result`, or the server's error it carries, mapped as PostgresNIO's are.
    private func rows(of result: OpaquePointer) throws(EventLogError) -> [[String?]] {
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK:
            let count = PQntuples(result), fields = PQnfields(result)
            return (0..<count).map { row in
                (0..<fields).map { field in
                    PQgetisnull(result, row, field) == 1 ? nil : String(cString: PQgetvalue(result, row, field))
                }
            }
        case PGRES_COMMAND_OK, PGRES_PIPELINE_SYNC:
            return []
        case PGRES_PIPELINE_ABORTED:
            throw .io(path: url.description, detail: "a statement before this one failed; nothing was written")
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let message = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            if state == nil, let connection, PQstatus(connection) != CONNECTION_OK { throw lostConnection() }
            throw PostgresSession.mapped(state: state, serverMessage: message, url: url)
        }
    }

    /// Sends what libpq holds, waiting for the socket as it must.
    private func flush() throws(EventLogError) {
        guard let connection else { throw lostConnection() }
        while true {
            let flushed = PQflush(connection)
            if flushed == 0 { return }
            guard flushed == 1 else { throw lostConnection() }
            try poll(events: Int16(POLLOUT | POLLIN))
            guard PQconsumeInput(connection) == 1 else { throw lostConnection() }
        }
    }

    /// Waits until a result can be taken without blocking (`PQisBusy`), reading what arrives.
    private func waitUntilReadable() throws(EventLogError) {
        guard let connection else { throw lostConnection() }
        while PQisBusy(connection) == 1 {
            try poll(events: Int16(POLLIN))
            guard PQconsumeInput(connection) == 1 else { throw lostConnection() }
        }
    }

    /// Waits for the socket, at most the answer limit; past it the connection is closed.
    private func poll(events: Int16) throws(EventLogError) {
        guard let connection else { throw lostConnection() }
        var descriptor = pollfd(fd: PQsocket(connection), events: events, revents: 0)
        let deadline = DispatchTime.now() + .milliseconds(answerLimitMilliseconds)
        while true {
            let left = Int(deadline.uptimeNanoseconds / 1_000_000) - Int(DispatchTime.now().uptimeNanoseconds / 1_000_000)
            guard left > 0 else {
                close()
                throw PostgresSession.noAnswer(url)
            }
            let ready = CLibPQ.poll(&descriptor, 1, Int32(min(left, Int(Int32.max))))
            if ready > 0 { return }
            if ready < 0, errno != EINTR { throw lostConnection() }
        }
    }

    private func close() {
        if let connection { PQfinish(connection) }
        connection = nil
    }

    private func sendFailed() -> EventLogError {
        guard let connection, PQstatus(connection) == CONNECTION_OK else { return lostConnection() }
        return .io(path: url.description, detail: PrintableText.escaped("a statement could not be sent (\(String(cString: PQerrorMessage(connection))))"))
    }

    private func lostConnection() -> EventLogError { PostgresSession.lost(url) }

    /// `strings` as C strings (NULL for nil) for the duration of `body`.
    ///
    /// All of them copied into one buffer, each ended by a NUL: `strdup` of each made it a C
    /// string first (`utf8CString`) and then a copy, two allocations for each of an append's
    /// forty-odd parameters (callgrind of `record`). The texts hold no NUL
    /// (`refuseTextsWithNUL`), so each ends where its NUL is.
    static func withCStrings<T>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) throws(EventLogError) -> T) throws(EventLogError) -> T {
        var total = 0
        for string in strings { if let string { total += string.utf8.count + 1 } }
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, total), alignment: 1)
        defer { storage.deallocate() }
        var pointers: [UnsafePointer<CChar>?] = []
        pointers.reserveCapacity(max(1, strings.count))
        var offset = 0
        for string in strings {
            guard var string else {
                pointers.append(nil)
                continue
            }
            let start = storage.baseAddress! + offset
            let count = string.withUTF8 { utf8 in
                if !utf8.isEmpty { start.copyMemory(from: utf8.baseAddress!, byteCount: utf8.count) }
                return utf8.count
            }
            start.storeBytes(of: 0, toByteOffset: count, as: UInt8.self)
            pointers.append(UnsafePointer(start.assumingMemoryBound(to: CChar.self)))
            offset += count + 1
        }
        if pointers.isEmpty { pointers.append(nil) }
        return try pointers.withUnsafeBufferPointer { (buffer) throws(EventLogError) -> T in try body(buffer.baseAddress!) }
    }
}
