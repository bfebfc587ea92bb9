import Foundation
import GRDB
import GRDBSQLite

extension SQLiteEventStore {
    /// Events at the end of the log whose chain a writer checks before its first write.
    static let openCheckEvents: Int64 = 64

    /// What a writer checks before its first write, so that a damaged log is never appended to
    /// (README, "Durability and concurrency"), in a few short reads whatever the log's size.
    ///
    /// SQLite's `quick_check` would read the whole file in one read transaction (1.3 s at
    /// 1,000,000 events), and in rollback-journal mode every other terminal's save waits behind
    /// it. An append reads and writes only the file's header, the schema and the end of the log,
    /// so those are what is checked here:
    /// - the header (`checkHeader`): its list of free pages lies inside the file, and its format
    ///   fields are those SQLite and this product write (SQLite itself refuses a file shorter
    ///   than the header says);
    /// - the schema: every table, index and trigger exactly as `createSchema` makes them (a
    ///   dropped trigger would let the next write change an event in place);
    /// - the chain of the last `openCheckEvents` events: gap-free seqs, each hash recomputed from
    ///   the stored bytes, each `prevHash` the previous event's hash — the event the next append
    ///   links to is sound.
    ///
    /// Damage deep in old pages (an event changed in the middle of the log, a garbled old page,
    /// an index entry that no longer matches its row) is left to `aegrade log verify`, which reads
    /// everything: an append neither reads those pages nor makes them worse.
    ///
    /// A new file (no tables yet) passes: it is about to get its schema.
    ///
    /// A damaged header, or damage SQLite finds while these are read, is thrown: the log is not
    /// opened for writing, as before. A schema or a chain tail changed behind aegrade's back is
    /// returned instead, for the store to refuse every append with it (`writeRefusal`): the
    /// commands that append refuse the log as they open it, and the board still opens it, read
    /// only, under its banner naming the first bad event.
    func checkBeforeWriting() throws(EventLogError) -> EventLogError? {
        do {
            let isLog = try queue.read { db -> Bool in
                let pageCount = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                guard pageCount > 0 else { return false }
                let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                // Another application's file, or another schema version, is refused by name when
                // the schema is read (`prepareSchema`).
                guard application == Self.applicationID, Self.knownSchemaVersions.contains(version) else { return false }
                try checkHeader(db, pageCount: pageCount)
                return true
            }
            guard isLog else { return nil }
            if let problem = try Self.schemaProblem(on: queue, path: path) {
                return .corrupt(path: path, detail: "the schema is not the one aegrade creates: \(problem)")
            }
            return try chainTailProblem()
        } catch let error as EventLogError {
            throw error
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// The chain of the last `openCheckEvents` events, and the link of the first of them to the
    /// event before it (or, from seq 1, the genesis event).
    private func chainTailProblem() throws(EventLogError) -> EventLogError? {
        let last = try lastSeq()
        guard last > 0 else { return nil }
        let lower = max(1, last - Self.openCheckEvents)
        let segment = try ChainSegment(range: SeqRange(lower: lower, upper: nil), connection: queue, path: path, checkpoint: nil)
        let answer: LogVerification
        if lower == 1 {
            answer = try ChainSegment.join([.success(segment)], checkpoint: nil)
        } else if let failure = segment.failure {
            answer = LogVerification(checked: 0, head: nil, failure: (failure.seq, failure.problem))
        } else if segment.firstSeq != lower {
            answer = LogVerification(checked: 0, head: nil, failure: (lower, .gap(expected: lower, found: segment.firstSeq ?? 0)))
        } else {
            return nil
        }
        return answer.isIntact ? nil : .corrupt(path: path, detail: String(answer.report.dropFirst("FAIL ".count)))
    }

    /// The 100-byte header of the file (sqlite.org/fileformat.html, "The Database Header"), read
    /// inside the read transaction open on `db`.
    ///
    /// It is read through SQLite's own file handle (`SQLITE_FCNTL_FILE_POINTER` and its `xRead`,
    /// from the C API, which GRDB does not wrap): opening and closing a second descriptor of the
    /// file would drop every POSIX lock this process holds on it, SQLite's read lock too.
    private func checkHeader(_ db: Database, pageCount: Int) throws {
        var pointer: UnsafeMutableRawPointer?
        guard sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_FILE_POINTER, &pointer) == SQLITE_OK,
              let handle = pointer?.assumingMemoryBound(to: sqlite3_file.self),
              let read = handle.pointee.pMethods?.pointee.xRead
        else { throw EventLogError.io(path: path, detail: "the log's header cannot be read") }
        var header = [UInt8](repeating: 0, count: 100)
        let code = header.withUnsafeMutableBytes { read(handle, $0.baseAddress, 100, 0) }
        guard code == SQLITE_OK else { throw EventLogError.corrupt(path: path, detail: "the file header cannot be read (SQLite code \(code))") }
        func field(_ offset: Int, _ size: Int = 4) -> Int { header[offset..<offset + size].reduce(0) { $0 << 8 | Int($1) } }
        func damaged(_ what: String) -> EventLogError { .corrupt(path: path, detail: "the file header \(what)") }

        let pageSize = field(16, 2) == 1 ? 65536 : field(16, 2)
        guard header[0..<16].elementsEqual("SQLite format 3\u{0}".utf8) else { throw damaged("is not SQLite's") }
        guard pageSize >= 512, pageSize & (pageSize - 1) == 0,
              pageSize == (try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
        else { throw damaged("gives a page size of \(pageSize) bytes") }
        // 1 and 1: the rollback journal (2 would be WAL, which aegrade never uses).
        guard header[18] == 1, header[19] == 1 else { throw damaged("gives file format versions \(header[18]) and \(header[19])") }
        // Bytes reserved at the end of each page: none in a log this product creates; another
        // value moves where SQLite reads every cell.
        guard header[20] == 0 else { throw damaged("reserves \(header[20]) bytes per page") }
        guard header[21] == 64, header[22] == 32, header[23] == 32 else { throw damaged("gives payload fractions SQLite never writes") }
        // A file shorter than the pages its header gives SQLite itself refuses as it starts the
        // first read ("database disk image is malformed").
        let freelistTrunk = field(32), freelistPages = field(36)
        guard freelistTrunk <= pageCount, freelistPages < pageCount, (freelistTrunk == 0) == (freelistPages == 0) else {
            throw damaged("gives a list of free pages outside the file (first page \(freelistTrunk), \(freelistPages) pages)")
        }
        guard (1...4).contains(field(44)) else { throw damaged("gives schema format \(field(44))") }
        guard field(56) == 1 else { throw damaged("gives text encoding \(field(56)), not UTF-8") }
    }
}
