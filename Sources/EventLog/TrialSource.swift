import Clinical

/// The chains of several sites of one trial, read together (README, "The whole trial"): what the
/// trial-wide board needs of a store of several sites (PostgreSQL's `PostgresTrial`), so that
/// Bedside names no store implementation.
package protocol TrialSource: AnyObject, Sendable {
    /// The sites read, in name order.
    var sites: [String] { get }
    /// Takes up any site begun since the sites were read (a trial read without a choice of
    /// sites: the board must never go stale); ``sites`` then names it.
    func takeUpNewSites() throws(EventLogError)
    /// Calls `body` with the events of the sites read merged in the trial's one order (record
    /// time, then site, then seq), patients qualified `site/ID`, each with the index of its site
    /// in ``sites``, a page per site at a time: nothing is kept once `body` has it (README, "The
    /// whole trial"). `after` gives a site's last seq already read (none: from its first event),
    /// `through` the last seq to read of each site (nil: to its head; a site it does not name:
    /// none), `only` the sites read (nil: all). A reload reads what the sites whose head moved
    /// appended since they were read, and no other site; a screen reads the trial as the board
    /// folded it.
    func forEachMergedEvent(after read: [String: Int64], through: [String: Int64]?, only: Set<String>?,
                            _ body: (RecordedEvent, Int) throws(EventLogError) -> Void) throws(EventLogError)
    /// The last seq of every site read: the board reads the trial again when any changes.
    func heads() throws(EventLogError) -> [String: Int64]
    /// One site's chain as a store that may write (a sign-in at that site, its session events).
    func siteStore(_ site: String) throws(EventLogError) -> any EventStore
    /// One site's chain read only (the board's verification of every site, on another thread).
    func readingStore(_ site: String) throws(EventLogError) -> any EventStore
}

extension TrialSource {
    /// Every event of the sites merged in the trial's one order, each with the index of its site
    /// in ``sites`` (read after the call: new sites are taken up first). Holds the whole trial:
    /// for a pass that needs every event at once (the rule-status follow-up of a site's save).
    package func mergedEvents() throws(EventLogError) -> [(event: RecordedEvent, site: Int)] {
        try takeUpNewSites()
        var merged: [(event: RecordedEvent, site: Int)] = []
        try forEachMergedEvent(after: [:], through: nil, only: nil) { event, site in merged.append((event, site)) }
        return merged
    }
}

extension RecordedEvent {
    /// This event with its patient qualified by `site` (`ward-a/BED-03`), as every event read
    /// through a trial carries it: a patient id is its site's (README, "The whole trial").
    package func qualified(bySite site: String) -> RecordedEvent {
        guard let patient else { return self }
        var qualified = self
        qualified.patient = site + "/" + patient
        return qualified
    }
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
