import Clinical
import EventLog

/// The trial's merged events found by what identifies an event across sites: its site and seq
/// (README, "The whole trial": a seq numbers one site's events, so two sites share every seq).
/// Where one site's log finds an event at the position its seq names, the trial finds it here.
/// Held by the replay screen while it is open (``BedsideContext/trialEvents()`` reads it from the
/// sites); the board itself keeps no event (``TrialBoardFold``).
///
/// A fold of the merged events (``Replay``) looks back by seq alone — a correction or an override
/// names its target by the seq of its own site — so the index answers for the site of the event
/// being folded, which the folding code sets first (``folding``). Folds run one at a time on one
/// thread per index.
package final class TrialEventIndex: @unchecked Sendable {
    package let events: [RecordedEvent]
    /// The index in ``siteNames`` of each event's site, parallel to ``events``.
    package let sites: [Int]
    package let siteNames: [String]
    private let positions: [Key: Int]
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
}
