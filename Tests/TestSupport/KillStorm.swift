import Foundation
import Testing

/// Writer processes killed with SIGKILL at random moments, each once it has acknowledged work
/// since it started (its acknowledgement file is not empty), and started again: counted, not
/// timed, so that a slow machine runs the same storm. The callers then check that every
/// acknowledgement is in the log.
package enum KillStorm {
    /// Starts `writers` writers (`start(writer)` gives the process and the file it acknowledges
    /// in), kills and restarts one `kills` times, then kills the rest and waits for every process.
    /// Throws when no writer acknowledged anything within `patience` seconds (`errors` are quoted).
    package static func run(writers: Int, kills: Int, patience: Double = 60, random: inout SplitMix64, errors: () -> [String],
                            start: (Int) throws -> (process: Process, acks: URL)) throws {
        var running = try (0..<writers).map { try start($0) }
        func acknowledged(_ writer: Int) -> Bool {
            ((try? FileManager.default.attributesOfItem(atPath: running[writer].acks.path))?[.size] as? Int ?? 0) > 0
        }
        var killed: [Process] = []
        for _ in 0..<kills {
            let worked = Run.waitUntil(seconds: patience) { (0..<writers).contains(where: acknowledged) }
            try #require(worked, "no writer acknowledged anything within \(patience) s: \(errors().prefix(3))")
            let candidates = (0..<writers).filter(acknowledged)
            let victim = candidates[Int.random(in: 0..<candidates.count, using: &random)]
            Run.kill9(running[victim].process, wait: false)
            killed.append(running[victim].process)
            running[victim] = try start(victim)
        }
        for writer in running { Run.kill9(writer.process, wait: false) }
        for process in killed + running.map(\.process) { process.waitUntilExit() }
    }
}
