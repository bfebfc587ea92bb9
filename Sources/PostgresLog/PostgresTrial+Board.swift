import Clinical
import EventLog

/// What the trial-wide board reads of a trial (README, "The whole trial"): every site's events
/// merged in the trial's one order, each site's head to notice growth, and one site's chain as a
/// store for the sign-in there.
extension PostgresTrial: TrialSource {
    /// Every event of the sites read, merged as ``PostgresTrialEvents`` merges them, patients
    /// qualified, each with the index of its site in ``sites``. A trial read without a choice of
    /// sites first takes up any site begun since it opened (the board must never go stale).
    package func mergedEvents() throws(EventLogError) -> [(event: RecordedEvent, site: Int)] {
        if chosen.isEmpty { sites = try Self.heldSites(session, url: url) }
        let stream = PostgresTrialEvents(self, until: .end)
        var iterator = stream.makeIterator()
        var merged: [(event: RecordedEvent, site: Int)] = []
        while let next = iterator.nextWithSite() { merged.append(next) }
        if let failure = stream.failure { throw failure }
        return merged
    }

    /// The events the sites in `moved` appended after the seqs of `read`, merged: no other
    /// site's chain is read.
    package func mergedEvents(after read: [String: Int64], of moved: Set<String>) throws(EventLogError) -> [(event: RecordedEvent, site: Int)] {
        let stream = PostgresTrialEvents(self, until: .end, after: read, only: moved)
        var iterator = stream.makeIterator()
        var merged: [(event: RecordedEvent, site: Int)] = []
        while let next = iterator.nextWithSite() { merged.append(next) }
        if let failure = stream.failure { throw failure }
        return merged
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
