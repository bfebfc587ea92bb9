import Clinical

/// The chains of several sites of one trial, read together (README, "The whole trial"): what the
/// trial-wide board needs of a store of several sites (PostgreSQL's `PostgresTrial`), so that
/// Bedside names no store implementation.
package protocol TrialSource: AnyObject, Sendable {
    /// The sites read, in name order.
    var sites: [String] { get }
    /// Every event of the sites merged in the trial's one order (record time, then site, then
    /// seq), patients qualified `site/ID`, each with the index of its site in ``sites`` (read
    /// after the call: a trial read whole takes up sites begun since).
    func mergedEvents() throws(EventLogError) -> [(event: RecordedEvent, site: Int)]
    /// The events of the sites in `moved` with seq after `read[site]` (all of a site's events
    /// when `read` has none), merged in the trial's order among themselves, each with the index of
    /// its site in ``sites``: a reload reads what the sites whose head moved appended since they
    /// were read, and no other site. Takes up no new site (``mergedEvents()`` does).
    func mergedEvents(after read: [String: Int64], of moved: Set<String>) throws(EventLogError) -> [(event: RecordedEvent, site: Int)]
    /// The last seq of every site read: the board reads the trial again when any changes.
    func heads() throws(EventLogError) -> [String: Int64]
    /// One site's chain as a store that may write (a sign-in at that site, its session events).
    func siteStore(_ site: String) throws(EventLogError) -> any EventStore
    /// One site's chain read only (the board's verification of every site, on another thread).
    func readingStore(_ site: String) throws(EventLogError) -> any EventStore
}

/// Where an event stands in a trial's one order across sites (README, "The whole trial"): by
/// record time — an event without one first, as it heads its site — then by site name (by
/// byte), then by seq. The merge of the sites' chains takes next the site head that comes first
/// by this key; the board checks with it whether a site's new events follow what it merged.
package struct TrialOrderKey: Comparable, Sendable {
    let recorded: ClinicalTime?
    let site: String
    let seq: Int64

    package init(_ event: RecordedEvent, site: String) {
        recorded = event.recordInstant
        self.site = site
        seq = event.seq
    }

    package static func < (a: TrialOrderKey, b: TrialOrderKey) -> Bool {
        switch (a.recorded, b.recorded) {
        case let (x?, y?) where x != y: return x < y
        case (nil, _?): return true
        case (_?, nil): return false
        default: break
        }
        if a.site != b.site { return a.site.utf8.lexicographicallyPrecedes(b.site.utf8) }
        return a.seq < b.seq
    }
}
