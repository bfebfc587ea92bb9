import Clinical
import EventLog

/// What the trial-wide board reads of a trial (README, "The whole trial"): every site's events
/// merged in the trial's one order, streamed, each site's head to notice growth, and one site's
/// chain as a store for the sign-in there or for the reads a screen makes on demand.
extension PostgresTrial: TrialSource {
    package func takeUpNewSites() throws(EventLogError) {
        if chosen.isEmpty { sites = try Self.heldSites(session, url: url) }
    }

    /// The sites' events merged as ``PostgresTrialEvents`` merges them, a page per site at a
    /// time, each passed on and dropped.
    package func forEachMergedEvent(after read: [String: Int64], through: [String: Int64]?, only: Set<String>?,
                                    _ body: (RecordedEvent, Int) throws(EventLogError) -> Void) throws(EventLogError) {
        let stream = PostgresTrialEvents(self, until: .end, after: read, through: through, only: only)
        var iterator = stream.makeIterator()
        while let next = iterator.nextWithSite() { try body(next.event, next.site) }
        if let failure = stream.failure { throw failure }
    }

    /// The last seq of each site the trial reads — and, read without a choice of sites, of every
    /// site the database holds now — by site: one index probe per site.
    package func heads() throws(EventLogError) -> [String: Int64] {
        let rows = try session.rows("""
            WITH RECURSIVE s AS (SELECT min(site) AS site FROM event
                UNION ALL SELECT (SELECT min(site) FROM event WHERE site > s.site) FROM s WHERE s.site IS NOT NULL)
            SELECT site, (SELECT max(seq) FROM event e WHERE e.site = s.site)::text FROM s WHERE site IS NOT NULL
            """)
        var heads: [String: Int64] = [:]
        for row in rows {
            guard row.count == 2, let site = row[0], chosen.isEmpty || chosen.contains(site) else { continue }
            heads[site] = row[1].flatMap { Int64($0) } ?? 0
        }
        return heads
    }

    /// One site's chain as a store that may write (a sign-in there writes its `login` event),
    /// signing aegrade's own events with the site's log key from ``logKeyDirectory`` when given.
    package func siteStore(_ site: String) throws(EventLogError) -> any EventStore {
        let siteURL = url.with(site: site)
        return try PostgresEventStore(url: siteURL, password: password, mode: .readWrite(create: false),
                                      logKeyPath: logKeyDirectory.map { PostgresEventStore.logKeyPath(for: siteURL, directory: $0) })
    }

    /// One site's chain read only (the board's verification of every site).
    package func readingStore(_ site: String) throws(EventLogError) -> any EventStore { try store(of: site) }
}
