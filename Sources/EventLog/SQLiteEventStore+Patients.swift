import GRDB

extension SQLiteEventStore {
    /// Every patient id the log holds, as stored, in the patient index's order.
    ///
    /// Read as one seek of the patient index per id (the next id after the last one found), in
    /// short read transactions (`ReadSlice`): a `SELECT DISTINCT` would walk every entry of the
    /// index in one read (about 170 ms at 1,000,000 events), holding every writer's commit that
    /// long (README, "Durability and concurrency"). The log is append-only, so ids read in
    /// separate transactions are the ids one read would give, and those appended meanwhile.
    package func patientIDs() throws(EventLogError) -> [String] {
        var ids: [String] = []
        var finished = false
        do {
            while !finished {
                try queue.read { db in
                    var clock = ReadSlice(rowLimit: settings.sliceRowLimit)
                    // Prepared once per slice, not once per id: preparing the statement cost more
                    // than the seek itself.
                    let after = try db.cachedStatement(sql: "SELECT patient FROM event WHERE patient > ? ORDER BY patient LIMIT 1")
                    while true {
                        let next: String? = if let last = ids.last {
                            try String.fetchOne(after, arguments: [last])
                        } else {
                            try String.fetchOne(db, sql: "SELECT patient FROM event WHERE patient IS NOT NULL ORDER BY patient LIMIT 1")
                        }
                        guard let next else { finished = true; return }
                        ids.append(next)
                        if clock.isOver() { return }
                    }
                }
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
        return ids
    }
}
