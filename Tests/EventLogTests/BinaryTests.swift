import Testing
import TestSupport

/// Every suite that runs the built binary, nested here so they run one after another: the crash
/// and concurrency storms load both cores, and the lock and pause tests measure time.
@Suite("Through the binary", .serialized) enum ThroughTheBinary {}

extension ThroughTheBinary {
    /// A log written through the product: three recorded assessments (observation and grades
    /// each), two clinical events, and a stress writer's sign-in and two notes — seq 1 (genesis) to 24.
    static func makeProductLog(in scratch: Scratch, name: String = "log.db") throws -> String {
        let path = scratch.path(name)
        let input = [Bedside.crs(patient: "P-1"), Bedside.crs(patient: "P-2", hypotension: true),
                     Bedside.crs(patient: "P-3", celsius: 39.1, hypotension: true, norepinephrine: true)].joined(separator: "\n")
        let record = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: input)
        try #require(record.status == 0, "\(record.transcript)")
        for (kind, data) in [("infusion", #"{"product":"lot 7","dose":"1e6 CAR+ cells/kg"}"#), ("treatment", #"{"drug":"tocilizumab"}"#)] {
            let event = try Run.aegrade(["log", "event", "--db", path, "--key", AccountsFixture.keyFile(for: path), "--kind", kind,
                                         "--patient", "P-3", "--time", "2026-11-22T09:00:00+08:00", "--data", data,
                                         "--reason", "per protocol"])
            try #require(event.status == 0, "\(event.transcript)")
        }
        let stress = try Run.aegrade(["log", "stress-append", "--db", path, "--key", AccountsFixture.keyFile(for: path),
                                      "--writer", "s", "--count", "2"])
        try #require(stress.status == 0, "\(stress.transcript)")
        try #require(try LogFile.count(path) == 24)
        return path
    }

    /// A fresh product-written log (seq 1–24) in a scratch directory of its own, which the caller
    /// removes; removed here if the log could not be written.
    static func makeProductLogInScratch() throws -> (path: String, scratch: Scratch) {
        let scratch = try Scratch()
        do {
            return (try makeProductLog(in: scratch), scratch)
        } catch {
            scratch.remove()
            throw error
        }
    }
}
