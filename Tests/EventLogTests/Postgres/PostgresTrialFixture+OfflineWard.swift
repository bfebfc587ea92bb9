import EventLog
@testable import PostgresLog
import TestSupport

/// The trial whose pushed offline log puts events before others already merged (README, "The
/// whole trial": a site's new events are folded in only when they follow what was merged).
struct OfflineWardTrial {
    let wardA: PostgresEventStore, wardB: PostgresEventStore
    /// The offline ward's own log, and the server's store that receives its pushes.
    let offline: SQLiteEventStore, centre: PostgresEventStore
}

extension PostgresTrialFixture {
    /// Ward-a with a death (BED-03), and an offline ward ("offline", first by name) whose log,
    /// its subject BED-01 enrolled, was pushed once; then, the network down, the offline ward
    /// records that subject's infusion and death — not pushed yet. Ward-b is begun, empty.
    func offlineWardPushedOnce(in scratch: Scratch) throws -> OfflineWardTrial {
        let wardA = try store(site: "ward-a"), wardB = try store(site: "ward-b")
        _ = try wardA.append(PostgresTrialTests.subjectWhoDied("BED-03", day: 1), author: PostgresTrialTests.nurse)
        let offline = try SQLiteEventStore(path: scratch.path("offline.db"), mode: .readWrite(create: true))
        let subject = PostgresTrialTests.subjectWhoDied("BED-01", day: 2)
        _ = try offline.append([subject[0]], author: PostgresTrialTests.nurse)
        let url = writerURL(site: "offline")
        let centre = try PostgresEventStore(url: url, password: PostgresTestServer.password(url), mode: .receiving)
        _ = try centre.receive(try offline.allEvents())
        _ = try offline.append(Array(subject[1...]), author: PostgresTrialTests.nurse)
        return OfflineWardTrial(wardA: wardA, wardB: wardB, offline: offline, centre: centre)
    }
}
