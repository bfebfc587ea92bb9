import Clinical
import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

extension ThroughTheBinary {
    /// Writers of two sites killed with SIGKILL at random moments against the real server lose
    /// nothing they acknowledged; `log push` through the binary is harmless twice.
    @Suite("PostgreSQL through the binary", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
    struct PostgresBinaryTests {
        @Test func writersOfTwoSitesKilledAtRandomLoseNoAcknowledgedEvent() throws {
            // Given two sites with two stress-append writers each, through `--db postgres://…`
            var random = SplitMix64(seed: UInt64(Date().timeIntervalSince1970 * 1000))
            let scratch = try Scratch()
            defer { scratch.remove() }
            let urls = try [PostgresTestServer.writerURL(site: PostgresTestServer.freshSite("a")),
                            PostgresTestServer.writerURL(site: PostgresTestServer.freshSite("b"))]
            // Each site's genesis event first, so that the storm only appends.
            // Each site's accounts too: every writer signs in (the service account's key).
            var keys: [String] = []
            for (index, url) in urls.enumerated() {
                let store = try PostgresEventStore(url: url, password: PostgresTestServer.password(url), mode: .readWrite(create: true))
                keys.append(try AccountsFixture.make(in: store, path: url.description, keyPath: scratch.path("site-\(index).key")).keyPath)
            }
            // The sites' log keys, made by the first writer's sign-in, in the scratch directory.
            let logKeys = ["AEGRADE_LOG_KEYS": scratch.path("log-keys")]
            var runs = 0
            var ackFiles: [(site: Int, file: URL)] = [], errFiles: [URL] = []
            // When 20 times a writer that has acknowledged work since it started is killed and restarted
            try KillStorm.run(writers: 4, kills: 20, random: &random,
                              errors: { errFiles.map { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }.filter { !$0.isEmpty } }) { writer in
                runs += 1
                ackFiles.append((writer % 2, scratch.file("acks-\(runs).txt")))
                errFiles.append(scratch.file("err-\(runs).txt"))
                let process = try Run.startAegrade(["log", "stress-append", "--db", urls[writer % 2].description, "--key", keys[writer % 2],
                                                    "--writer", "\(writer)"], environment: logKeys,
                                                   stdout: ackFiles.last!.file, stderr: errFiles.last!)
                return (process, ackFiles.last!.file)
            }
            // Then every acknowledged (seq, hash) of each site is in its chain, and both chains verify
            for (index, url) in urls.enumerated() {
                let acks = try ackFiles.filter { $0.site == index }.flatMap { LogFile.acks(in: try String(contentsOf: $0.file, encoding: .utf8)) }
                let store = try PostgresEventStore(url: url, password: PostgresTestServer.password(url), mode: .readOnly)
                let stored = Dictionary(uniqueKeysWithValues: try store.allEvents().map { ($0.seq, $0.hash) })
                #expect(!acks.isEmpty)
                let lost = acks.filter { stored[$0.seq] != $0.hash }
                #expect(lost.isEmpty, "site \(url.site): acknowledged but lost or changed: \(lost.prefix(5))")
                #expect(Set(acks.map(\.seq)).count == acks.count)
                let verify = try Run.aegrade(["log", "verify", "--db", url.description])
                #expect(verify.status == 0 && verify.stdout.hasPrefix("ok: site \(url.site): "), "\(verify.transcript)")
                // and the writers signed what they wrote: the site's log key is registered, and verify checked every signature
                let logKey = try LogKey.read(path: PostgresEventStore.logKeyPath(for: url, directory: scratch.path("log-keys")))
                #expect(try store.registeredLogKey() == logKey.publicKeyHex)
            }
        }

        @Test func pushTwiceIsHarmlessAndADivergedLogIsRefused() throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            // Given a ward's own SQLite log: its accounts, a sign-in and 4 notes
            let ward = scratch.path("ward.db")
            let made = try Run.aegrade(["log", "stress-append", "--db", ward, "--key", AccountsFixture.keyFile(for: ward),
                                        "--writer", "w", "--count", "4"])
            try #require(made.status == 0, "\(made.transcript)")
            let events = try LogFile.count(ward)
            let url = try PostgresTestServer.writerURL(site: PostgresTestServer.freshSite("ward")).description
            // When it is pushed twice
            let first = try Run.aegrade(["log", "push", "--db", ward, "--to", url])
            let second = try Run.aegrade(["log", "push", "--db", ward, "--to", url])
            // Then the first adds its events and the second nothing
            #expect(first.status == 0 && first.stdout.contains(#""added":\#(events)"#), "\(first.transcript)")
            #expect(second.status == 0 && second.stdout.contains(#""added":0"#) && second.stdout.contains(#""alreadyHeld":\#(events)"#),
                    "\(second.transcript)")
            let verify = try Run.aegrade(["log", "verify", "--db", url])
            #expect(verify.status == 0, "\(verify.transcript)")
            // When another ward's log is pushed to the same site, it is refused (exit 1) naming site and seq
            let other = scratch.path("other.db")
            _ = try Run.aegrade(["log", "stress-append", "--db", other, "--key", AccountsFixture.keyFile(for: other), "--writer", "o", "--count", "2"])
            let diverged = try Run.aegrade(["log", "push", "--db", other, "--to", url])
            #expect(diverged.status == 1 && diverged.stderr.contains("seq 1") && diverged.stderr.contains("diverged"), "\(diverged.transcript)")
            // And a URL carrying a password is refused before anything is sent
            let withPassword = url.replacingOccurrences(of: "aegrade@", with: "aegrade:pw@")
            let refused = try Run.aegrade(["log", "push", "--db", ward, "--to", withPassword])
            #expect(refused.status == 2 && refused.stderr.contains("password") && !refused.stderr.contains("pw@"), "\(refused.transcript)")
        }
    }
}
