import Clinical
import EventLog

/// What the trial-wide board keeps of the trial's merged events to fold them and to follow the
/// sites (README, "The whole trial"): per site its last seq folded and where, in the trial's
/// order, its next event must come — never an event. So the board's memory is flat in the
/// number of events, as one log's board's is (issue 19, goal 5): the events are read from the
/// sites as a stream when the board folds them, and when a screen shows them.
///
/// A fold of the merged events (``Replay``) looks back by seq alone — a correction or an
/// override names its target by the seq of its own site — so the lookups read the site of the
/// event being folded, which ``note(_:site:)`` sets first, from that site's chain on the server,
/// patients qualified as the merged events carry them. Folds run one at a time on one thread.
///
/// A reload folds the events the sites added when they follow, in the trial's order, every
/// event merged since their site's last one (``follows(_:site:)``): the merge of the longer
/// chains then gives the events merged so far and the new ones after them.
package final class TrialBoardFold: @unchecked Sendable {
    package let siteNames: [String]
    /// Each site's chain read only: the fold's look-backs and a timeline's reads.
    private let stores: [any EventStore]
    private let lookups: [Replay.Lookup]
    /// Where each site's next event must come in the trial's order.
    private var frontier: TrialMergeFrontier
    /// Each site's last seq folded, by site name (a site none of whose events was folded: none).
    package private(set) var read: [String: Int64] = [:]
    /// How many events were folded: the board's head on the whole trial.
    package private(set) var merged: Int64 = 0
    /// The site of the event being folded: the one every lookup by seq alone reads.
    private var folding = 0

    /// The board of `sites` as they are named now, no event folded; opens each site's chain
    /// for reading.
    package init(sites: any TrialSource) throws(EventLogError) {
        siteNames = sites.sites
        var stores: [any EventStore] = []
        var lookups: [Replay.Lookup] = []
        for name in siteNames {
            let store = try sites.readingStore(name)
            stores.append(store)
            lookups.append(Self.qualifying(try store.replayLookup(), site: name))
        }
        self.stores = stores
        self.lookups = lookups
        frontier = TrialMergeFrontier(sites: siteNames)
    }

    /// Notes `event` of site `site` as the merge's next event, before it is folded: its site is
    /// the one the lookups read while it is folded.
    package func note(_ event: RecordedEvent, site: Int) {
        guard site < siteNames.count else { return }
        folding = site
        merged += 1
        read[siteNames[site]] = event.seq
        frontier.note(event, site: site)
    }

    /// Whether the merge of the sites' longer chains still begins with the events folded when
    /// `event` is the first new event of site `site`: it must come, in the trial's order, after
    /// every event merged since the site's last one — else the merge would have taken it before
    /// one of them (an offline site's pushed event, recorded earlier), and the trial must be
    /// folded again. Only a site's first new event is asked: its later ones follow it in its chain.
    package func follows(_ event: RecordedEvent, site: Int) -> Bool { frontier.follows(event, site: site) }

    /// The site of a qualified patient id (`ward-a/BED-03`: the text before the first `/`) and
    /// the id at that site.
    package func site(ofPatient patient: String) -> (site: Int, id: String)? {
        guard let slash = patient.firstIndex(of: "/"), let site = siteNames.firstIndex(of: String(patient[..<slash])) else { return nil }
        return (site, String(patient[patient.index(after: slash)...]))
    }

    /// The event `seq` of the site of `patient`, read from that site's chain.
    package func event(seq: Int64, patient: String) -> RecordedEvent? {
        site(ofPatient: patient).flatMap { lookups[$0.site].event(seq) }
    }

    /// What a patient's timeline shows, read from the patient's site when it opens: the
    /// patient's events and the site's signatures (which name the site's events by seq), up to
    /// the seq the board folded, patients qualified.
    package func timelineEvents(of patient: String) throws(EventLogError) -> [RecordedEvent] {
        guard let (site, id) = site(ofPatient: patient), let last = read[siteNames[site]], last >= 1 else { return [] }
        let store = stores[site], name = siteNames[site]
        let own = try store.events(ofPatient: id, seqs: 1...last)
        let signatures = try store.events(ofKind: .signature, seqs: 1...last).filter { $0.patient != id }
        return (own + signatures).sorted { $0.seq < $1.seq }.map { $0.qualified(bySite: name) }
    }

    /// A replay's lookup reading the site of the event being folded.
    package var lookup: Replay.Lookup {
        Replay.Lookup(
            event: { [self] seq in current.event(seq) },
            gradesOfObservation: { [self] observation in current.gradesOfObservation(observation) },
            overridesOfGrades: { [self] gradesSeq, before in current.overridesOfGrades(gradesSeq, before) })
    }

    /// The lookups of the site of the event being folded.
    private var current: Replay.Lookup { lookups.indices.contains(folding) ? lookups[folding] : .none }

    /// `lookup`, its events' patients qualified by `site`.
    private static func qualifying(_ lookup: Replay.Lookup, site: String) -> Replay.Lookup {
        Replay.Lookup(
            event: { seq in lookup.event(seq)?.qualified(bySite: site) },
            gradesOfObservation: { observation in lookup.gradesOfObservation(observation)?.qualified(bySite: site) },
            overridesOfGrades: { gradesSeq, before in lookup.overridesOfGrades(gradesSeq, before).map { $0.qualified(bySite: site) } })
    }
}
