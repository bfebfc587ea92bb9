import Clinical
import EventLog
import PostgresNIO
import Synchronization

/// A whole trial on PostgreSQL: the chains of every site of one database (or of the sites chosen),
/// read together for the trial-wide commands — `rules status`, `report`, `log replay` — (README,
/// "The whole trial"). Read only: a write names its site's chain (`PostgresEventStore`).
///
/// **Patients are per site.** A patient id is a site's: `BED-03` at ward-a and `BED-03` at ward-b
/// are two subjects. Every event read through a trial carries its patient qualified by its site,
/// `ward-a/BED-03` (``qualified(site:patient:)``): a site name holds no `/`, so the first `/`
/// always separates the site from the id, whatever the id holds.
package final class PostgresTrial: @unchecked Sendable {
    /// The database (its `site` is not used).
    package let url: PostgresURL
    /// The sites read, in name order (by byte, as the server's `C` collation and Swift compare);
    /// a trial read without a choice of sites takes up new sites as the board reads it again.
    package internal(set) var sites: [String]
    /// The sites chosen (`--site`); empty for every site.
    let chosen: [String]
    let password: String?
    let session: PostgresSession
    /// Events per page of a site's chain (small in tests, to read across page ends).
    let pageSize: Int
    /// Where the sites' log keys are (`PostgresEventStore.logKeyDirectory`), for the stores that
    /// write (``siteStore(_:)``); the executable sets it from the environment.
    package var logKeyDirectory: String?
    /// The event rows read of each site's chain so far (pages and single events): what the tests
    /// count to see that a reload reads only the sites that grew. Counted under a lock: the
    /// board may read the trial on another thread (its status at the clock's tick).
    package var rowsRead: [String: Int] { readCounts.withLock { $0 } }
    private let readCounts = Mutex<[String: Int]>([:])

    /// Connects read-only to the database of `url` and finds its sites; `only`, when not empty,
    /// chooses some of them, each of which must hold a chain.
    ///
    /// - Throws: `.missing` when the database has no log or no site; `.refused` naming a chosen
    ///   site the database does not hold (and the sites it does).
    package init(url: PostgresURL, password: String?, only: [String] = [], pageSize: Int = 500) throws(EventLogError) {
        self.url = url
        self.password = password
        self.pageSize = max(1, pageSize)
        session = try PostgresSession(url: url, password: password, lockTimeoutMilliseconds: 60_000, readOnly: true)
        let version = try session.rows("SELECT version::text FROM aegrade_schema").first?.first ?? nil
        guard let version, Int(version) == PostgresSchema.version else {
            throw .unknownSchema(path: Self.describe(url), version: version.flatMap { Int($0) } ?? 0)
        }
        chosen = only
        let held = try Self.heldSites(session, url: url)
        guard !held.isEmpty else { throw .missing(path: Self.describe(url)) }
        if only.isEmpty {
            sites = held
        } else {
            for site in only where !held.contains(site) {
                throw .refused("\(Self.describe(url)): no site \(PrintableText.quoted(site)) in this trial; its sites: \(held.joined(separator: ", "))")
            }
            sites = held.filter { only.contains($0) }
        }
    }

    /// The sites the database holds, in name order: the distinct sites as a loose index scan of
    /// the primary key (site, seq), one index probe per site, not a pass over every event
    /// (PostgreSQL wiki, "Loose indexscan").
    static func heldSites(_ session: PostgresSession, url: PostgresURL) throws(EventLogError) -> [String] {
        try session.rows("""
            WITH RECURSIVE s AS (SELECT min(site) AS site FROM event
                UNION ALL SELECT (SELECT min(site) FROM event WHERE site > s.site) FROM s WHERE s.site IS NOT NULL)
            SELECT site FROM s WHERE site IS NOT NULL
            """).compactMap { $0.first ?? nil }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The trial as messages name it: the database, without a site.
    package var description: String { Self.describe(url) }

    static func describe(_ url: PostgresURL) -> String { "postgres://\(url.user)@\(url.host):\(url.port)/\(url.database)" }

    /// `site/patient`: a patient id as the trial-wide views show it (see the type's comment).
    package static func qualified(site: String, patient: String) -> String { site + "/" + patient }

    /// `event` with its patient qualified by `site`.
    static func qualifying(_ event: RecordedEvent, site: String) -> RecordedEvent {
        guard let patient = event.patient else { return event }
        var qualified = event
        qualified.patient = Self.qualified(site: site, patient: patient)
        return qualified
    }

    /// A page of `site`'s chain from `seq` on, in seq order, decoded.
    func page(of site: String, from seq: Int64) throws(EventLogError) -> [RecordedEvent] {
        let rows = try session.cellRows("SELECT \(PostgresEventStore.columns) FROM event WHERE site = $1 AND seq >= $2::bigint ORDER BY seq LIMIT \(pageSize)",
                                    [site, String(seq)])
        readCounts.withLock { $0[site, default: 0] += rows.count }
        var events: [RecordedEvent] = []
        events.reserveCapacity(rows.count)
        for row in rows { events.append(try decoded(PostgresEventStore.StoredEvent(cells: row), site: site)) }
        return events
    }

    /// The event of `site` with the greatest seq at or before `seq`, if any.
    func lastEvent(of site: String, atOrBefore seq: Int64) throws(EventLogError) -> RecordedEvent? {
        let rows = try session.cellRows("SELECT \(PostgresEventStore.columns) FROM event WHERE site = $1 AND seq <= $2::bigint ORDER BY seq DESC LIMIT 1",
                                    [site, String(seq)])
        guard let row = rows.first else { return nil }
        readCounts.withLock { $0[site, default: 0] += 1 }
        return try decoded(PostgresEventStore.StoredEvent(cells: row), site: site)
    }

    /// The event of a row of `site`, or the damaged log it shows.
    func decoded(_ stored: PostgresEventStore.StoredEvent, site: String) throws(EventLogError) -> RecordedEvent {
        switch stored.event() {
        case .success(let event): return event
        case .failure(let problem):
            throw .corrupt(path: description + "?site=" + site, detail: "event \(stored.seqText.map(PrintableText.escaped) ?? "?"): \(problem)")
        }
    }

    /// One site's chain as a store of its own, read only (its replay, its signatures).
    package func store(of site: String) throws(EventLogError) -> PostgresEventStore {
        try PostgresEventStore(url: url.with(site: site), password: password, mode: .readOnly)
    }
}
