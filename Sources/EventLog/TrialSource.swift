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
    /// The last seq of every site read: the board reads the trial again when any changes.
    func heads() throws(EventLogError) -> [String: Int64]
    /// One site's chain as a store that may write (a sign-in at that site, its session events).
    func siteStore(_ site: String) throws(EventLogError) -> any EventStore
    /// One site's chain read only (the board's verification of every site, on another thread).
    func readingStore(_ site: String) throws(EventLogError) -> any EventStore
}
