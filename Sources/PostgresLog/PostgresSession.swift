import Clinical
import EventLog
import Foundation
import Logging
import PostgresNIO

/// One connection to the server, used synchronously: the store's protocol is synchronous, so each
/// statement is sent through PostgresNIO and its answer waited for on the calling thread (never on
/// one of NIO's event-loop threads, which do the network work; an append's transaction is run on
/// the connection's loop from BEGIN to COMMIT, `transactionOnLoop`, and waited for once). One
/// exchange at a time: a lock serialises the store's callers on its connection.
final class PostgresSession: @unchecked Sendable {
    let url: PostgresURL
    /// (Internal for `PostgresSession+Streaming.swift`.)
    let connection: PostgresConnection
    let lock = NSLock()
    /// The connection's end, as the channel reports it, and the statement waiting meanwhile.
    private let closeWatch = CloseWatch()
    /// The longest a statement's answer is waited for: the server's lock wait and a margin. Past
    /// it the connection is taken as lost (a server restarted or a network cut whose end never
    /// reached this side) and closed, and the statement fails as `.io`: no writer hangs.
    private let answerLimit: DispatchTimeInterval
    /// An append's statements, prepared on the connection (`transactionOnLoop`).
    let prepared = PreparedStatements()

    /// A row of text cells (every column the store reads is text or bigint cast to text), nil for NULL.
    typealias Row = [String?]

    /// Connects as `url`'s user with `password`, then sets what every session of the log relies on:
    /// UTC, durable commits, and the lock wait.
    init(url: PostgresURL, password: String?, lockTimeoutMilliseconds: Int, readOnly: Bool) throws(EventLogError) {
        self.url = url
        answerLimit = .milliseconds(max(0, lockTimeoutMilliseconds) + 30_000)
        var configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user, password: password,
                                                             database: url.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        do {
            connection = try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration,
                                                        id: 1, logger: Self.silentLogger).wait()
        } catch {
            throw Self.mapped(error, url: url)
        }
        connection.closeFuture.whenComplete { [closeWatch] _ in closeWatch.closed() }
        // Handed to the connection together (`rows(of:)`), in this order: the check reads what the
        // SETs before it left.
        let settings = Self.settings(lockTimeoutMilliseconds: lockTimeoutMilliseconds, readOnly: readOnly) + [Self.durabilityCheck]
        let answers = try rows(of: settings.map { Statement($0) })
        guard answers.last?.first?.first == "on" else { throw Self.notDurable(url) }
    }

    /// What every session sets, on either client's connection (`PipelinedConnection` too), before
    /// its first statement.
    ///
    /// synchronous_commit = on: a commit returns only once its WAL is flushed to this server's
    /// disk (PostgreSQL documentation, "WAL Configuration"), the durability an acknowledged
    /// append promises. It is set for the session, whatever the server's default, and checked
    /// (``durabilityCheck``).
    ///
    /// A writing session reads a few rows of one site at a time, each through an index (the
    /// head, the standing guard, the foreign keys' checks, the account events). Its appends run
    /// on generic plans kept for the session (`PreparedStatements`), and on a table of a page or
    /// two — a new trial's — the server rightly plans a sequential scan, then keeps that plan
    /// while the table grows, until autovacuum's next ANALYZE: every append would read the
    /// whole table of every site (`postgres-append.sh STATEMENTS=1`, first round: the INSERT
    /// 400 µs against 140 µs). Sequential scans off, such a plan reads the index from the
    /// start. A read-only session (verify, replay, export, the trial's board) may scan.
    /// And no JIT: a scan such a session must still make (a table without an index, as
    /// `aegrade_schema`'s one row) is then costed past `jit_above_cost`, and the server
    /// compiled it, 60–80 ms for a one-row read (EXPLAIN ANALYZE), at every `record`'s start.
    static func settings(lockTimeoutMilliseconds: Int, readOnly: Bool) -> [String] {
        ["SET TIME ZONE 'UTC'", "SET synchronous_commit = on", "SET lock_timeout = \(max(0, lockTimeoutMilliseconds))"]
            + (readOnly ? ["SET default_transaction_read_only = on"] : ["SET enable_seqscan = off", "SET jit = off"])
    }

    /// The statement whose one cell must be `on` once the settings are made.
    static let durabilityCheck = "SHOW synchronous_commit"

    /// The session could not be made durable; nothing is written through it.
    static func notDurable(_ url: PostgresURL) -> EventLogError {
        .io(path: url.description, detail: "synchronous_commit = on could not be set")
    }

    deinit {
        // Closing a connection the server already cut may never answer: waited for a bounded time.
        let closing: EventLoopFuture<Void> = connection.close()
        _ = try? Self.bounded(closing, limit: .seconds(5))
    }

    /// The answer of `future`, waited for at most `limit`; nil when it did not come in time.
    private static func bounded<T>(_ future: EventLoopFuture<T>, limit: DispatchTimeInterval) throws -> T? {
        let box = AnswerBox<T>()
        let done = DispatchSemaphore(value: 0)
        future.whenComplete { result in
            box.set(result)
            done.signal()
        }
        guard done.wait(timeout: .now() + limit) == .success, let result = box.get() else { return nil }
        return try result.get()
    }

    /// The answer of the statement `send` sends, or `.io` when the connection is lost first or no
    /// answer came within `answerLimit` (the connection is then closed: its open transaction,
    /// never committed, is the server's to roll back).
    ///
    /// Why the connection's end is watched, not only the answer: PostgresNIO hands a statement to
    /// its channel without a promise for the write (`PostgresConnection.queryStream` writes with
    /// `promise: nil`), so a statement sent once the channel has closed — the server restarted or
    /// cut the connection between two statements of a transaction — is dropped without its answer
    /// ever failing, and a writer would wait for it for the whole `answerLimit` (a minute and a
    /// half). A statement is therefore not sent on a closed connection, and a wait is ended by the
    /// connection's close; an answer the library still fails on closing (a statement in flight)
    /// is waited for a moment more.
    func answer<T>(_ send: () -> EventLoopFuture<T>) throws -> T {
        let done = DispatchSemaphore(value: 0)
        guard closeWatch.begin(done) else { throw lost() }
        defer { closeWatch.end() }
        let box = AnswerBox<T>()
        send().whenComplete { result in
            box.set(result)
            done.signal()
        }
        _ = done.wait(timeout: .now() + answerLimit)
        if box.get() == nil, closeWatch.isClosed { _ = done.wait(timeout: .now() + .seconds(2)) }
        guard let result = box.get() else {
            if closeWatch.isClosed { throw lost() }
            let closing: EventLoopFuture<Void> = connection.close()
            closing.whenComplete { _ in }
            throw Self.noAnswer(url)
        }
        return try result.get()
    }

    /// The connection ended before the statement's answer.
    private func lost() -> EventLogError { Self.lost(url) }

    /// A connection to `url` ended before a statement's answer (either client's).
    static func lost(_ url: PostgresURL) -> EventLogError {
        .io(path: url.description, detail: "the connection to the server was lost (a server restart or a network cut); "
            + "what this transaction had not committed is not written")
    }

    /// No answer came from `url` within the answer limit (either client's); the connection is closed.
    static func noAnswer(_ url: PostgresURL) -> EventLogError {
        .io(path: url.description, detail: "the server did not answer in time; the connection is taken as lost")
    }

    /// Whether the connection has ended (the server or the network closed it, or this side did).
    var isClosed: Bool { closeWatch.isClosed }

    /// Runs one statement with `$1`… bound to `binds` (text, or NULL for nil), and returns its rows.
    @discardableResult
    func rows(_ sql: String, _ binds: [String?] = []) throws(EventLogError) -> [Row] {
        try rows(of: [Statement(sql, binds)])[0]
    }

    /// A statement and its parameters, `$1`… bound to `binds` (text, or NULL for nil).
    struct Statement {
        var sql: String
        var binds: [String?]

        init(_ sql: String, _ binds: [String?] = []) {
            self.sql = sql
            self.binds = binds
        }
    }

    /// Runs `statements` one after another and returns the rows of each; the first to fail
    /// fails the call (the ones after it still ran, as the server took them: inside a transaction
    /// they run in its failed state, and change nothing).
    ///
    /// Why several at once: each statement handed over from this thread is a wake-up of NIO's
    /// event-loop thread and, for its answer, of this one, and on a machine whose cores are busy
    /// every wake-up waits for a turn (README, "Tests and benchmarks", `postgres-append.sh`).
    /// Handed over together, they are queued on the connection, which sends each as soon as the
    /// one before it is answered, on the event loop, and this thread waits once. (PostgresNIO sends
    /// one statement per exchange with the server; it does not pipeline them on the wire.)
    func rows(of statements: [Statement]) throws(EventLogError) -> [[Row]] {
        try cellRows(of: statements).map { rows in rows.map { cells in cells.map { $0?.text } } }
    }

    /// ``rows(of:)`` with each row's cells as the server sent them (`CellRow`, text format), for
    /// the rows read as events (`PostgresEventStore.StoredEvent`).
    ///
    /// Through `PostgresConnection.query(_:logger:)` with the binds as text: the legacy interface
    /// (`query(_:_:)` with `PostgresData`) converted every bind and gathered every row in a locked
    /// box of its own, and a cell decoded as `String?` went through PostgresNIO's generic decoder
    /// — work on every append's path for nothing the log needs (README, "Tests and benchmarks").
    func cellRows(of statements: [Statement]) throws(EventLogError) -> [[CellRow]] {
        try refuseOnLoop()
        lock.lock()
        defer { lock.unlock() }
        let queries = Self.queries(of: statements)
        do {
            let results = try answer { () -> EventLoopFuture<[Result<PostgresQueryResult, any Error>]> in
                // One hand-off to the event loop for the whole exchange: there the statements are
                // written and their answers gathered without a further hop between threads (each
                // call made from this thread would be a task of its own for the event loop).
                connection.eventLoop.flatSubmit { [connection] in Self.send(queries, on: connection) }
            }
            return try Self.cells(of: results)
        } catch {
            throw Self.mapped(error, url: url)
        }
    }

    /// `statements` as PostgresNIO's queries, their binds as text.
    private static func queries(of statements: [Statement]) -> [PostgresQuery] {
        statements.map(query(of:))
    }

    /// One statement as PostgresNIO's query, its binds as text.
    static func query(of statement: Statement) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: statement.binds.count)
        for bind in statement.binds {
            if let bind { bindings.append(bind) } else { bindings.appendNull() }
        }
        return PostgresQuery(unsafeSQL: statement.sql, binds: bindings)
    }

    /// Hands `queries` to `connection` together, on its event loop, and gathers their answers.
    private static func send(_ queries: [PostgresQuery], on connection: PostgresConnection)
        -> EventLoopFuture<[Result<PostgresQueryResult, any Error>]> {
        let sent = queries.map { query in connection.query(query, logger: silentLogger) }
        return EventLoopFuture.whenAllComplete(sent, on: connection.eventLoop)
    }

    /// The rows of each answer, their cells as the server sent them; the first failure thrown.
    private static func cells(of results: [Result<PostgresQueryResult, any Error>]) throws -> [[CellRow]] {
        try results.map { result in
            try result.get().rows.map { row in
                var cells: CellRow = []
                cells.reserveCapacity(row.count)
                for cell in row { cells.append(cell.bytes) }
                return cells
            }
        }
    }

    /// A logger that makes nothing: PostgresNIO sets the connection's id as metadata on every
    /// statement's logger, which the default handler turned into a dictionary and a text each
    /// time, for messages the log never prints.
    static let silentLogger = Logger(label: "aegrade.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Whether the calling thread is the connection's event loop's.
    var isOnEventLoop: Bool { connection.eventLoop.inEventLoop }

    /// Fails, instead of waiting for ever, a statement run on the connection's own event loop: the
    /// body of ``transactionOnLoop(first:_:)`` runs there, and a statement of its own would wait
    /// for an answer only that loop could deliver.
    private func refuseOnLoop() throws(EventLogError) {
        if isOnEventLoop {
            throw .io(path: url.description, detail: "a statement was run from inside a transaction on the connection's event loop; nothing was written")
        }
    }

    /// Runs one statement whose rows are not wanted (an INSERT, a lock whose value is `void`).
    func run(_ sql: String, _ binds: [String?] = []) throws(EventLogError) {
        _ = try cellRows(of: [Statement(sql, binds)])
    }

    /// Runs one statement without parameters (the schema, a transaction's BEGIN and COMMIT).
    func execute(_ sql: String) throws(EventLogError) {
        try refuseOnLoop()
        lock.lock()
        defer { lock.unlock() }
        do {
            _ = try answer { connection.simpleQuery(sql) }
        } catch {
            throw Self.mapped(error, url: url)
        }
    }

    /// Runs a transaction in two exchanges with this thread: BEGIN handed over with `first`, and
    /// the statements `body` makes from `first`'s rows with COMMIT (`rows(of:)`). Committed when
    /// every statement succeeded; rolled back when one failed or `body` threw (the log is then as
    /// it was). `body` may run further statements of its own in between (`rows`, `run`).
    ///
    /// A statement after a failed one runs in the transaction's failed state and changes nothing,
    /// and a COMMIT there only ends it (PostgreSQL answers `ROLLBACK`): so a failed INSERT handed
    /// over with COMMIT commits nothing, and its error is what this throws.
    func transaction<T>(first: Statement, _ body: ([Row]) throws(EventLogError) -> (last: [Statement], answer: T)) throws(EventLogError) -> T {
        try transaction(first: [first]) { (answers) throws(EventLogError) in try body(answers[0].map { cells in cells.map { $0?.text } }) }
    }

    /// ``transaction(first:_:)`` with several statements handed over with BEGIN, `body` given the
    /// rows of each, their cells as the server sent them.
    func transaction<T>(first: [Statement], _ body: ([[CellRow]]) throws(EventLogError) -> (last: [Statement], answer: T)) throws(EventLogError) -> T {
        do {
            let answers = try cellRows(of: [Statement("BEGIN ISOLATION LEVEL READ COMMITTED")] + first)
            let (last, answer) = try body(Array(answers.dropFirst()))
            _ = try cellRows(of: last + [Statement("COMMIT")])
            return answer
        } catch {
            // After COMMIT failed or answered ROLLBACK there is no transaction left to end: the
            // server then only warns.
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// ``transaction(first:_:)`` run on the connection's event loop from BEGIN to COMMIT: `body`
    /// runs there, between the two exchanges, and this thread waits once, for the outcome.
    ///
    /// Why: each exchange handed over from this thread was two wake-ups across threads — NIO's
    /// event-loop thread for the statements, this one for their answers — with their futex and
    /// epoll calls and context switches, much of an append's own CPU when the machine's cores are
    /// busy (README, "Tests and benchmarks", `postgres-append.sh`). Here an append is one: the
    /// first exchange's answers are read, `body` makes the rows, and they are sent with COMMIT by
    /// the event loop itself. `body` must run no statement of its own (it would wait for the loop
    /// it runs on): such a statement fails at once (`refuseOnLoop`); a body that needs one uses
    /// ``transaction(first:_:)``. Rolled back, as there, when a statement fails or `body` throws.
    /// Its statements are sent as prepared statements of the connection (``PreparedStatements``):
    /// an append's texts repeat, and the server then neither parses nor analyses them again.
    ///
    /// Returns the body's answer and the rows of each of its last statements.
    func transactionOnLoop<T>(first: [Statement], _ body: ([[CellRow]]) throws(EventLogError) -> (last: [Statement], answer: T))
        throws(EventLogError) -> (answer: T, last: [[CellRow]]) {
        do {
            return try withoutActuallyEscaping(body) { (body) throws(EventLogError) -> (answer: T, last: [[CellRow]]) in
                let made = LoopBody(body)
                // Whatever ends the wait (an answer, the connection's loss, the time limit), the
                // body is not run afterwards: `close` waits for a run under way and forbids the next.
                defer { made.close() }
                try refuseOnLoop()
                lock.lock()
                defer { lock.unlock() }
                let begin = [Statement("BEGIN ISOLATION LEVEL READ COMMITTED")] + first
                let lastRows: [[CellRow]]
                do {
                    lastRows = try answer { () -> EventLoopFuture<[[CellRow]]> in
                        connection.eventLoop.flatSubmit { [connection, prepared] in
                            prepared.send(begin, on: connection).flatMap { results -> EventLoopFuture<[[CellRow]]> in
                                let last: [Statement]
                                do {
                                    let answers = try results.map { try $0.get() }
                                    // Nil once the waiting thread has gone (it closed the
                                    // connection): nothing is committed.
                                    guard let statements = try made.run(Array(answers.dropFirst())) else {
                                        return connection.eventLoop.makeFailedFuture(ChannelError.alreadyClosed)
                                    }
                                    last = statements + [Statement("COMMIT")]
                                } catch {
                                    return connection.eventLoop.makeFailedFuture(error)
                                }
                                return prepared.send(last, on: connection).flatMapThrowing { results in Array(try results.map { try $0.get() }.dropLast()) }
                            }
                        }
                    }
                } catch {
                    throw Self.mapped(error, url: url)
                }
                guard let answer = made.answer else {
                    throw .io(path: url.description, detail: "the transaction ended without its answer; nothing was written")
                }
                return (answer, lastRows)
            }
        } catch {
            // As in `transaction(first:_:)`: after COMMIT failed or answered ROLLBACK the server
            // only warns.
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws (the
    /// log is then as it was).
    func transaction<T>(_ body: () throws(EventLogError) -> T) throws(EventLogError) -> T {
        try execute("BEGIN ISOLATION LEVEL READ COMMITTED")
        do {
            let answer = try body()
            try execute("COMMIT")
            return answer
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Maps a failure to what it means for the user (PostgreSQL documentation, Appendix A, "Error
    /// Codes").
    static func mapped(_ error: any Error, url: PostgresURL) -> EventLogError {
        if let error = error as? EventLogError { return error }
        let path = url.description
        // The future-based calls report a server's error as PostgresError, the others as PSQLError.
        let state: String?, serverMessage: String?
        var needsPassword = false
        if let legacy = error as? PostgresError {
            guard case .server(let response) = legacy else { return .io(path: path, detail: "cannot reach the server (\(legacy))") }
            state = response.fields[.sqlState]
            serverMessage = response.fields[.message]
        } else if let psql = error as? PSQLError {
            state = psql.serverInfo?[.sqlState]
            serverMessage = psql.serverInfo?[.message]
            needsPassword = psql.code == .authMechanismRequiresPassword
        } else {
            return .io(path: path, detail: PrintableText.escaped("\(error)"))
        }
        if state == nil, !needsPassword { return .io(path: path, detail: PrintableText.escaped("cannot reach the server (\(error))")) }
        return mapped(state: state, serverMessage: serverMessage, needsPassword: needsPassword, url: url)
    }

    /// What a server's error means for the user, by its SQLSTATE (PostgreSQL documentation,
    /// Appendix A, "Error Codes"), whichever client reported it.
    static func mapped(state: String?, serverMessage: String?, needsPassword: Bool = false, url: PostgresURL) -> EventLogError {
        let path = url.description
        let message = serverMessage.map { PrintableText.escaped($0) }
        switch state {
        // read_only_sql_transaction, insufficient_privilege: this session or role may not write.
        case "25006"?, "42501"?: return .readOnly(path: path)
        // disk_full, insufficient_resources, out_of_memory.
        case "53100"?, "53000"?, "53200"?: return .diskFull(path: path)
        // lock_not_available (lock_timeout), deadlock_detected, serialization_failure.
        case "55P03"?, "40P01"?, "40001"?: return .locked(path: path)
        // character_not_in_repertoire (a NUL), untranslatable_character.
        case "22021"?, "22P05"?:
            return .refused("\(path): a text of the event cannot be kept by PostgreSQL as its hash covers it (\(message ?? "invalid text")); nothing was written")
        // raise_exception from the log's triggers (append-only).
        case "P0001"?: return .refused("\(path): \(message ?? "refused by the server"); nothing was written")
        // undefined_table: the database has no log yet.
        case "42P01"?: return .missing(path: path)
        case "28P01"?, "28000"?: return .io(path: path, detail: "the server refused the password or role (\(message ?? "authentication failed"))")
        case .some(let state): return .io(path: path, detail: "\(message ?? "server error") (SQLSTATE \(state))")
        case nil:
            if needsPassword {
                return .io(path: path, detail: "the server asks for a password: set PGPASSWORD or add it to ~/.pgpass (or PGPASSFILE)")
            }
            return .io(path: path, detail: "cannot reach the server (\(message ?? "no answer"))")
        }
    }
}

/// The answer of a future, handed from NIO's thread to the waiting one.
private final class AnswerBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?
    init() {}
    func set(_ answer: Result<T, any Error>) {
        lock.lock()
        defer { lock.unlock() }
        result = answer
    }

    func get() -> Result<T, any Error>? {
        lock.lock()
        defer { lock.unlock() }
        return result
    }
}

/// Whether a session's connection has ended, and the semaphore of the statement waiting for its
/// answer, signalled when it ends (one callback on the channel's close for the session's life,
/// not one per statement).
private final class CloseWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var ended = false
    private var waiting: DispatchSemaphore?

    var isClosed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return ended
    }

    /// Registers `semaphore` as the waiting statement's; false when the connection has ended.
    func begin(_ semaphore: DispatchSemaphore) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !ended else { return false }
        waiting = semaphore
        return true
    }

    func end() {
        lock.lock()
        defer { lock.unlock() }
        waiting = nil
    }

    func closed() {
        lock.lock()
        defer { lock.unlock() }
        ended = true
        waiting?.signal()
    }
}

/// A transaction's body handed to the event loop (``PostgresSession/transactionOnLoop(first:_:)``):
/// run there at most once, and never once the waiting thread has closed it — the closure is only
/// valid while that thread waits (`withoutActuallyEscaping`).
private final class LoopBody<T>: @unchecked Sendable {
    typealias Body = ([[PostgresSession.CellRow]]) throws(EventLogError) -> (last: [PostgresSession.Statement], answer: T)
    private let lock = NSLock()
    private var body: Body?
    private var made: T?

    init(_ body: @escaping Body) {
        self.body = body
    }

    /// Runs the body on `answers` and keeps its answer; the statements to send with COMMIT, or
    /// nil when the waiting thread has gone.
    func run(_ answers: [[PostgresSession.CellRow]]) throws(EventLogError) -> [PostgresSession.Statement]? {
        lock.lock()
        defer { lock.unlock() }
        guard let body else { return nil }
        self.body = nil
        let (last, answer) = try body(answers)
        made = answer
        return last
    }

    /// The body's answer, once it ran.
    var answer: T? {
        lock.lock()
        defer { lock.unlock() }
        return made
    }

    func close() {
        lock.lock()
        defer { lock.unlock() }
        body = nil
    }
}
