import Clinical

/// Whether a site's new events extend a merge of the trial already folded (README, "The whole
/// trial"): kept by every fold that reads only what the sites appended since it last read them —
/// the trial-wide board's and a site board's rule fold.
///
/// The merge takes next the site head that comes first in the trial's order (``TrialOrderKey``).
/// So a site's first new event extends the merge folded so far only if it comes after every event
/// merged since that site's last one; else the merge would have taken it before one of them (an
/// offline site's pushed event, recorded earlier) and the trial must be folded again. Only a
/// site's first new event is asked: its later ones follow it in its chain.
package struct TrialMergeFrontier: Sendable {
    /// The sites, in the source's order (the index every merged event names).
    package let siteNames: [String]
    /// Per site, the latest event in the trial's order among those merged since that site's last
    /// event: a new event of the site must come after it.
    private var latestSince: [TrialOrderKey?]

    package init(sites: [String]) {
        siteNames = sites
        latestSince = Array(repeating: nil, count: sites.count)
    }

    /// Notes `event` of site `site` as the merge's next event.
    package mutating func note(_ event: RecordedEvent, site: Int) {
        guard latestSince.indices.contains(site) else { return }
        let key = TrialOrderKey(event, site: siteNames[site])
        for other in latestSince.indices where other != site {
            if let latest = latestSince[other], !(latest < key) { continue }
            latestSince[other] = key
        }
        latestSince[site] = nil
    }

    /// Whether `event`, the first new event of site `site`, comes after every event merged since
    /// that site's last one.
    package func follows(_ event: RecordedEvent, site: Int) -> Bool {
        guard latestSince.indices.contains(site) else { return false }
        guard let latest = latestSince[site] else { return true }
        return latest < TrialOrderKey(event, site: siteNames[site])
    }
}
