import Synchronization

extension PostgresEventStore {
    /// What the text of an append's statement (`insertStatement`) depends on: how many rows and
    /// which of them are signed, whether it assumes a head (an entry built ahead) and with which
    /// time limit, whether it carries the standing guard. The values are all parameters, so one
    /// shape is one text, and a writer's appends have a handful of shapes.
    ///
    /// Why the texts are kept: `record` made the same text of some 1,500 characters again for
    /// every assessment, about 3 % of its CPU (`perf`; README, "Tests and benchmarks",
    /// `postgres-append.sh`), and the prepared statement is found by its text anyway.
    struct InsertShape: Hashable, Sendable {
        let signed: [Bool]
        let assumingHead: Bool
        let guarded: Bool
        let aheadTimeLimitMillis: Int64

        /// Shapes kept: more than a recording meets (a bulk import's last chunk is shorter, and
        /// events by aegrade itself are signed by the log key or not at all).
        static let keptShapes = 64
        private static let kept = Mutex<[InsertShape: String]>([:])

        /// ``text``, made once for each of the first ``keptShapes`` shapes.
        var cachedText: String {
            if let text = Self.kept.withLock({ $0[self] }) { return text }
            let made = text
            Self.kept.withLock { kept in
                if kept.count < Self.keptShapes { kept[self] = made }
            }
            return made
        }

        /// The statement's text, its parameters numbered as `insertStatement` orders them: `$1`
        /// the site, each event's 14 columns, the assumed head's seq, hash and time, the guard's
        /// two seqs, then each signed event's seq, public key and signature.
        var text: String {
            var next = 2
            var values: [String] = []
            values.reserveCapacity(signed.count)
            for _ in signed {
                values.append("($1, $\(next)::bigint, " + (next + 1...next + 13).map { "$\($0)" }.joined(separator: ", ") + ")")
                next += 14
            }
            var insertEvents = """
                INSERT INTO event (site, seq, id, kind, patient, clinical_time, record_time, time_zone, author_id, author_role, terminal,
                                   product_version, payload, prev_hash, hash)
                VALUES \(values.joined(separator: ", "))
                """
            var conditions: [String] = []
            if assumingHead {
                // First, so that the lock is taken and the head read before the guard is evaluated.
                let (seq, hash, time) = (next, next + 1, next + 2)
                next += 3
                conditions.append("(SELECT h.head_seq = $\(seq) AND h.head_hash = $\(hash) AND h.record_time::timestamptz - $\(time)::timestamptz "
                                  + "BETWEEN interval '0 seconds' AND interval '\(aheadTimeLimitMillis) milliseconds' FROM head AS h)")
            }
            if guarded {
                conditions.append(PostgresEventStore.accountEventsGuard(after: next, before: next + 1))
                next += 2
            }
            if !conditions.isEmpty {
                insertEvents = """
                    INSERT INTO event (site, seq, id, kind, patient, clinical_time, record_time, time_zone, author_id, author_role, terminal,
                                       product_version, payload, prev_hash, hash)
                    SELECT * FROM (VALUES \(values.joined(separator: ", "))) AS v WHERE \(conditions.joined(separator: " AND ")) RETURNING seq::text
                    """
            }
            // The site's lock and head, read by a statement of the function's own after the lock.
            let headCTE = assumingHead ? "head AS MATERIALIZED (\(PostgresSchema.siteHead)), " : ""
            let answer = assumingHead ? "SELECT e.seq, h.record_time FROM events AS e, head AS h ORDER BY e.seq::bigint" : "SELECT seq FROM events"
            var signatures: [String] = []
            for isSigned in signed where isSigned {
                signatures.append("($1, $\(next)::bigint, $\(next + 1), $\(next + 2))")
                next += 3
            }
            guard !signatures.isEmpty else {
                return assumingHead ? "WITH \(headCTE)events AS (\(insertEvents)) \(answer)" : insertEvents
            }
            guard !conditions.isEmpty else {
                return "WITH events AS (\(insertEvents)) INSERT INTO event_signature (site, seq, public_key, signature) VALUES "
                    + signatures.joined(separator: ", ")
            }
            // The signature rows only with their events; the events' seqs are the answer.
            return "WITH \(headCTE)events AS (\(insertEvents)), signatures AS (INSERT INTO event_signature (site, seq, public_key, signature) "
                + "SELECT * FROM (VALUES \(signatures.joined(separator: ", "))) AS s WHERE EXISTS (SELECT 1 FROM events)) \(answer)"
        }
    }
}
