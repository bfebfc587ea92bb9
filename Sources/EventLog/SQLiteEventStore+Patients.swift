import GRDB

extension SQLiteEventStore {
    /// Every patient id the log holds, as stored (read from the patient index, not the events).
    package func patientIDs() throws(EventLogError) -> [String] {
        do {
            return try queue.read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT patient FROM event WHERE patient IS NOT NULL")
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }
}
