import Clinical
import EventLog

/// The trial's merged events found by what identifies an event across sites: its site and seq
/// (README, "The whole trial": a seq numbers one site's events, so two sites share every seq).
/// Where one site's log finds an event at the position its seq names, the trial finds it here.
///
/// A fold of the merged events (``Replay``) looks back by seq alone — a correction or an override
/// names its target by the seq of its own site — so the index answers for the site of the event
/// being folded, which the folding code sets first (``folding``). Folds run one at a time on one
/// thread per index.
///
/// A reload appends the events the sites added (``append(_:site:)``) when they follow, in the
/// trial's order, every event merged since their site's last one (``follows(_:site:)``): the
/// merge of the longer chains then gives the events merged so far and the new ones after them.
package final class TrialEventIndex: @unchecked Sendable {
    package private(set) var events: [RecordedEvent]
    /// The index in ``siteNames`` of each event's site, parallel to ``events``.
    package private(set) var sites: [Int]
    package let siteNames: [String]
    private var positions: [Key: Int]
    /// Per site, the latest event in the trial's order (``TrialOrderKey``) among those merged
    /// since that site's last event: a new event of the site must come after it.
    private var latestSince: [TrialOrderKey?]
    /// The site of the event being folded: the one every lookup by seq alone reads.
    var folding = 0

    private struct Key: Hashable {
        let site: Int
        let seq: Int64
    }

    package init(events: [RecordedEvent], sites: [Int], siteNames: [String]) {
        self.events = events
        self.sites = sites
        self.siteNames = siteNames
        var positions: [Key: Int] = [:]
        positions.reserveCapacity(events.count)
        for (index, event) in events.enumerated() where index < sites.count { positions[Key(site: sites[index], seq: event.seq)] = index }
        self.positions = positions
        latestSince = Array(repeating: nil, count: siteNames.count)
        for (index, event) in events.enumerated() where index < sites.count { noteMerged(event, site: sites[index]) }
    }

    /// Adds `event` of site `site` after the events held (the merge's next event).
    package func append(_ event: RecordedEvent, site: Int) {
        positions[Key(site: site, seq: event.seq)] = events.count
        events.append(event)
        sites.append(site)
        noteMerged(event, site: site)
    }

    /// Whether the merge of the sites' longer chains still begins with the events held when
    /// `event` is the first new event of site `site`: it must come, in the trial's order, after
    /// every event merged since the site's last one — else the merge, comparing it with those
    /// events' heads, would have taken it before one of them (an offline site's pushed event,
    /// recorded earlier), and the trial must be merged again. Only a site's first new event is
    /// asked: the site's later ones follow it in its chain.
    package func follows(_ event: RecordedEvent, site: Int) -> Bool {
        guard site < siteNames.count else { return false }
        guard let latest = latestSince[site] else { return true }
        return latest < TrialOrderKey(event, site: siteNames[site])
    }

    /// Keeps ``latestSince`` up to `event` merged at `site`: O(sites) per event, no event kept.
    private func noteMerged(_ event: RecordedEvent, site: Int) {
        guard site < siteNames.count else { return }
        let key = TrialOrderKey(event, site: siteNames[site])
        for other in latestSince.indices where other != site {
            if let latest = latestSince[other], !(latest < key) { continue }
            latestSince[other] = key
        }
        latestSince[site] = nil
    }

    /// Folds the events from `start` on into `replay`, each with the lookups of its own site.
    package func fold(into replay: inout Replay, from start: Int) {
        for index in max(0, start)..<events.count {
            folding = sites[index]
            _ = replay.fold(events[index])
        }
    }

    /// The position in ``events`` of the event `seq` of site `site`.
    package func position(site: Int, seq: Int64) -> Int? { positions[Key(site: site, seq: seq)] }

    /// The event `seq` of site `site`.
    package func event(site: Int, seq: Int64) -> RecordedEvent? { position(site: site, seq: seq).map { events[$0] } }

    /// The site of a qualified patient id (`ward-a/BED-03`: the text before the first `/`).
    package func site(ofPatient patient: String) -> Int? {
        guard let slash = patient.firstIndex(of: "/") else { return nil }
        return siteNames.firstIndex(of: String(patient[..<slash]))
    }

    /// The event `seq` of the site of `patient`.
    package func event(seq: Int64, patient: String) -> RecordedEvent? { site(ofPatient: patient).flatMap { event(site: $0, seq: seq) } }

    /// The events of one site, in its chain's order (what a patient's timeline reads: its
    /// signatures and corrections name events of the site by their seq).
    package func events(ofSite site: Int) -> [RecordedEvent] { events.indices.filter { sites[$0] == site }.map { events[$0] } }

    /// The events of the site of `patient`, up to and including `position` in the merged order when given.
    package func events(ofSiteOf patient: String, through position: Int? = nil) -> [RecordedEvent] {
        guard let site = site(ofPatient: patient) else { return [] }
        let end = min(events.count, (position ?? events.count - 1) + 1)
        return (0..<end).filter { sites[$0] == site }.map { events[$0] }
    }

    /// A replay's lookup reading the events of the site of the event being folded.
    package var lookup: Replay.Lookup {
        Replay.Lookup(
            event: { [self] seq in event(site: folding, seq: seq) },
            gradesOfObservation: { [self] observation in
                // The grades of an observation follow it in the same transaction, at its site.
                guard let start = position(site: folding, seq: observation) else { return nil }
                let site = folding
                return events.indices[start...].lazy.filter { self.sites[$0] == site }.map { self.events[$0] }
                    .first { $0.kind == .grades && $0.observationSeq == observation }
            },
            overridesOfGrades: { [self] gradesSeq, before in
                let site = folding
                return events.indices.filter { sites[$0] == site }.map { events[$0] }
                    .filter { $0.kind == .override && $0.seq < before && $0.supersedesSeq == gradesSeq }
            })
    }

    /// The merged events folded into one replay, each with the lookups of its own site.
    package func fold() -> Replay {
        var replay = Replay(lookup: lookup)
        for (index, event) in events.enumerated() {
            folding = sites[index]
            _ = replay.fold(event)
        }
        return replay
    }

    /// An index of no events.
    static let empty = TrialEventIndex(events: [], sites: [], siteNames: [])
}
