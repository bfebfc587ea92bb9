import GRDB

extension DatabaseQueue {
    /// `body`'s reads in one deferred transaction, as GRDB's `read` makes them, but without the
    /// `PRAGMA query_only` that `read` sets and clears around them: SQLite compiles every flag
    /// pragma with an instruction that expires all the connection's prepared statements (SQLite's
    /// `pragma.c`, `PragTyp_FLAG`: "add an opcode to expire all compiled SQL statements"), so each
    /// `read` on a writer's connection made every cached statement of the append path — the
    /// event's insert, its signature's, the stored-text check — compile again at its next step:
    /// five recompilations per assessment `record` wrote, a seventh of its instructions
    /// (callgrind). For the store's own SELECTs on the connection it writes with, between its
    /// writes (never inside one: a read inside the write's transaction joins it).
    func readKeepingStatements<T>(_ body: (Database) throws -> T) throws -> T {
        try inDatabase { db in
            guard !db.isInsideTransaction else { return try body(db) }
            try db.cachedStatement(sql: "BEGIN DEFERRED TRANSACTION").execute()
            do {
                let answer = try body(db)
                try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
                return answer
            } catch {
                if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK TRANSACTION") }
                throw error
            }
        }
    }
}
