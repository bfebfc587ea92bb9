import Clinical
import EventLog

/// Every event of a trial's sites up to a limit, merged in one order, read a page per site at a
/// time as they are iterated: memory holds a page of each site, never the trial (README, "The
/// whole trial").
///
/// **The order.** Each site's chain is read in its own seq order, and the merge takes next the
/// site head recorded earliest, by the record time every event carries — on PostgreSQL the
/// server's `clock_timestamp()`, one clock for all sites; ties (the events of one transaction share
/// a record time, and two sites may write in the same millisecond) go to the site first by name,
/// then to the lower seq. So subjects from every site come in the order their events were
/// recorded across sites, and a site's own events never leave their chain's order, even when an
/// offline site's pushed log carries its own clock's record times out of step with the server's.
/// A site's event without a readable record time comes as soon as it heads its site (it sorts
/// first): verify names such a row.
///
/// **The limit** is each site's: `.recordTime(T)` the longest prefix of each chain recorded by T
/// (as a replay of one site reads it); `.seq(N)` each chain up to its seq N, which names an event
/// of one site only — the commands accept it with a single site.
///
/// Patients come qualified by their site (`PostgresTrial.qualified`). Iterating cannot throw: the
/// first read error ends the sequence and is kept in ``failure``, which the caller checks after
/// the pass.
package final class PostgresTrialEvents: Sequence {
    private let trial: PostgresTrial
    private let limit: Replay.Limit
    /// Per site, the last seq already read: its chain is read from the next one.
    private let read: [String: Int64]
    /// Per site, the last seq read (nil: each chain to its head; a site it does not name gives
    /// nothing): a board's screen reads the trial as far as the board folded it.
    private let through: [String: Int64]?
    /// The sites read (nil: every site of the trial); the others give nothing.
    private let only: Set<String>?
    /// The error that ended the iteration early, if any.
    package private(set) var failure: EventLogError?

    /// With `read`, each site's chain after the seq it gives; with `only`, those sites alone
    /// (a board's reload reads what the sites whose head moved appended since it read them); with
    /// `through`, each site's chain up to the seq it gives.
    package init(_ trial: PostgresTrial, until limit: Replay.Limit, after read: [String: Int64] = [:],
                 through: [String: Int64]? = nil, only: Set<String>? = nil) {
        self.trial = trial
        self.limit = limit
        self.read = read
        self.through = through
        self.only = only
    }

    /// One site's place in the merge: its current page and where the next page starts.
    private struct Cursor {
        let site: String
        var page: [RecordedEvent] = []
        var position = 0
        var nextSeq: Int64 = 1
        var finished = false
        /// The last seq of the site to read (nil: to its head).
        var last: Int64?

        var head: RecordedEvent? { position < page.count ? page[position] : nil }
    }

    package struct Iterator: IteratorProtocol {
        fileprivate let owner: PostgresTrialEvents
        private var cursors: [Cursor]
        private var failed = false

        fileprivate init(owner: PostgresTrialEvents) {
            self.owner = owner
            cursors = owner.trial.sites.map { site in
                let next = (owner.read[site] ?? 0) + 1, last = owner.through.map { $0[site] ?? 0 }
                let excluded = owner.only.map { !$0.contains(site) } ?? false
                return Cursor(site: site, nextSeq: next, finished: excluded || last.map { $0 < next } ?? false, last: last)
            }
        }

        package mutating func next() -> RecordedEvent? { nextWithSite()?.event }

        /// The next event and the index of its site in the trial's `sites`: the board keeps it to
        /// tell events of different sites apart where they share a seq.
        package mutating func nextWithSite() -> (event: RecordedEvent, site: Int)? {
            guard !failed else { return nil }
            var best: Int?
            for index in cursors.indices {
                guard let head = headOf(index) else { continue }
                if let current = best, let other = cursors[current].head, !Self.precedes(head, site: cursors[index].site,
                                                                                         other, site: cursors[current].site) { continue }
                best = index
            }
            guard let best, let event = cursors[best].head else { return nil }
            cursors[best].position += 1
            return (PostgresTrial.qualifying(event, site: cursors[best].site), best)
        }

        /// The head of a site, its next page read when the current one is spent; nil at the end
        /// of the site's chain or of its limit, and after a read error (kept in `failure`).
        private mutating func headOf(_ index: Int) -> RecordedEvent? {
            if let head = cursors[index].head { return head }
            guard !cursors[index].finished, !failed else { return nil }
            do throws(EventLogError) {
                let read = try owner.trial.page(of: cursors[index].site, from: cursors[index].nextSeq)
                let last = cursors[index].last
                let admitted = read.prefix { event in owner.limit.admits(event) && last.map { event.seq <= $0 } ?? true }
                cursors[index].finished = admitted.count < read.count || read.count < owner.trial.pageSize
                if let last = read.last { cursors[index].nextSeq = last.seq + 1 }
                cursors[index].page = Array(admitted)
                cursors[index].position = 0
            } catch {
                owner.failure = error
                failed = true
                return nil
            }
            return cursors[index].head
        }

        /// Whether `a` (of site `siteA`) comes before `b` (of `siteB`): earlier record time, then
        /// site by name, then seq.
        static func precedes(_ a: RecordedEvent, site siteA: String, _ b: RecordedEvent, site siteB: String) -> Bool {
            TrialOrderKey(a, site: siteA) < TrialOrderKey(b, site: siteB)
        }
    }

    package func makeIterator() -> Iterator { Iterator(owner: self) }
}
