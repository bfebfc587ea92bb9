import Clinical
import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

extension ThroughTheBinary {
    /// The server restarted under its writers, and a push's connection cut, each on a server of the
    /// test's own: nothing acknowledged is lost, the writers fail cleanly, the push resumes.
    @Suite("PostgreSQL server restart and connection loss", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
    struct PostgresRestartTests {
        @Test func aServerRestartedUnderItsWritersLosesNoAcknowledgedEventAndTheWritersFailCleanly() throws {
            let server = try PostgresOwnServer.start()
            defer { server.stop() }
            let scratch = try Scratch()
            defer { scratch.remove() }
            // Given a site with accounts and four signed writers appending at most 400 events each
            let url = server.writerURL(site: "ward-a")
            let environment = server.environment.merging(["AEGRADE_LOG_KEYS": scratch.path("log-keys")]) { $1 }
            let store = try PostgresEventStore(url: url, password: server.password(url), mode: .readWrite(create: true))
            let key = try AccountsFixture.make(in: store, path: url.description, keyPath: scratch.path("service.key")).keyPath
            let acks = (0..<4).map { scratch.file("acks-\($0).txt") }, errors = (0..<4).map { scratch.file("err-\($0).txt") }
            let writers = try (0..<4).map { writer in
                try Run.startAegrade(["log", "stress-append", "--db", url.description, "--key", key, "--writer", "\(writer)", "--count", "400"],
                                     environment: environment, stdout: acks[writer], stderr: errors[writer])
            }
            defer { for writer in writers where writer.isRunning { Run.kill9(writer, wait: false) } }
            func acknowledged() -> Int {
                acks.map { ((try? String(contentsOf: $0, encoding: .utf8)) ?? "").split(separator: "\n").count }.reduce(0, +)
            }
            // When the server is restarted at once (pg_ctl restart -m immediate) once they have acknowledged 40 events
            let worked = Run.waitUntil(seconds: 120) { acknowledged() >= 40 }
            try #require(worked, "the writers acknowledged \(acknowledged()) events within 120 s")
            try server.restart()
            // Then every writer ends within three minutes (a statement's answer is waited for at
            // most the lock wait and 30 s), by exiting (never a crash), and one that stopped early said why
            let ended = Run.waitUntil(seconds: 180) { writers.allSatisfy { !$0.isRunning } }
            for writer in writers where writer.isRunning { Run.kill9(writer) }
            #expect(ended, "a writer hung after the restart")
            for (index, writer) in writers.enumerated() {
                writer.waitUntilExit()
                let stderr = (try? String(contentsOf: errors[index], encoding: .utf8)) ?? ""
                #expect(writer.terminationReason == .exit, "writer \(index) crashed: \(stderr)")
                if writer.terminationStatus != 0 {
                    #expect([2, 3].contains(writer.terminationStatus) && stderr.contains("aegrade"), "writer \(index): \(writer.terminationStatus) \(stderr)")
                }
            }
            // And every acknowledged (seq, hash) is in the chain, which verifies with every signature
            let all = try acks.flatMap { LogFile.acks(in: try String(contentsOf: $0, encoding: .utf8)) }
            let reopened = try PostgresEventStore(url: url, password: server.password(url), mode: .readOnly)
            let stored = Dictionary(uniqueKeysWithValues: try reopened.allEvents().map { ($0.seq, $0.hash) })
            let lost = all.filter { stored[$0.seq] != $0.hash }
            #expect(lost.isEmpty, "acknowledged but lost or changed: \(lost.prefix(5))")
            let verify = try Run.aegrade(["log", "verify", "--db", url.description], environment: environment)
            #expect(verify.status == 0 && verify.stdout.hasPrefix("ok: site ward-a: "), "\(verify.transcript)")
            #expect(try reopened.registeredLogKey() != nil)
            // And the site takes appends again after the restart
            let again = try Run.aegrade(["log", "stress-append", "--db", url.description, "--key", key, "--writer", "after", "--count", "2"],
                                        environment: environment)
            #expect(again.status == 0 && again.stdout.split(separator: "\n").count == 2, "\(again.transcript)")
        }

        @Test func aPushWhoseConnectionIsCutFailsCleanlyAndTheNextPushResumes() throws {
            let server = try PostgresOwnServer.start()
            defer { server.stop() }
            let scratch = try Scratch()
            defer { scratch.remove() }
            // Given a ward's own signed SQLite log of 1,200 notes, whose first part was pushed earlier
            let ward = scratch.path("ward.db")
            let key = AccountsFixture.keyFile(for: ward)
            let first = try Run.aegrade(["log", "stress-append", "--db", ward, "--key", key, "--writer", "w", "--count", "400"])
            try #require(first.status == 0, "\(first.transcript)")
            let pushedHead = try LogFile.count(ward)
            let url = server.writerURL(site: "ward-b")
            let earlier = try Run.aegrade(["log", "push", "--db", ward, "--to", url.description], environment: server.environment)
            try #require(earlier.status == 0, "\(earlier.transcript)")
            let more = try Run.aegrade(["log", "stress-append", "--db", ward, "--key", key, "--writer", "w", "--count", "800"])
            try #require(more.status == 0, "\(more.transcript)")
            let events = try LogFile.count(ward)
            // When the next push is under way — its transaction open, waiting for the site's lock,
            // which a superuser holds — and its connection is cut (pg_terminate_backend)
            let admin = try server.session(server.adminURL())
            try admin.execute("BEGIN")
            try admin.run("SELECT pg_advisory_xact_lock(hashtextextended('aegrade site ' || $1, 0))", ["ward-b"])
            let out = scratch.file("push.out"), err = scratch.file("push.err")
            let push = try Run.startAegrade(["log", "push", "--db", ward, "--to", url.description], environment: server.environment,
                                            stdout: out, stderr: err)
            defer { if push.isRunning { Run.kill9(push, wait: false) } }
            var waiting: String?
            // (Another session: pg_stat_activity is a snapshot taken once per transaction.)
            let watcher = try server.session(server.adminURL())
            let blocked = Run.waitUntil(seconds: 60) {
                waiting = (try? watcher.rows("""
                    SELECT pid::text FROM pg_stat_activity WHERE usename = 'aegrade' AND wait_event_type = 'Lock' LIMIT 1
                    """))?.first?.first ?? nil
                return waiting != nil
            }
            try #require(blocked, "the push never waited for the site's lock")
            try watcher.run("SELECT pg_terminate_backend($1::int)", [waiting])
            // Then the push ends at once with a clear error (exit 2), having added nothing of its batch
            let ended = Run.waitUntil(seconds: 60) { !push.isRunning }
            if !ended { Run.kill9(push) }
            #expect(ended, "the push hung after its connection was cut")
            push.waitUntilExit()
            let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
            #expect(push.terminationReason == .exit && push.terminationStatus == 2 && stderr.contains("aegrade log push"),
                    "\(push.terminationStatus) \(stderr)")
            try admin.execute("ROLLBACK")
            let central = try PostgresEventStore(url: url, password: server.password(url), mode: .readOnly)
            #expect(try central.lastEvent()?.seq == Int64(pushedHead))
            // When it is pushed again, it resumes where the central log ends and completes
            let again = try Run.aegrade(["log", "push", "--db", ward, "--to", url.description], environment: server.environment)
            #expect(again.status == 0 && again.stdout.contains(#""added":\#(events - pushedHead)"#) && again.stdout.contains(#""head":\#(events)"#),
                    "\(again.transcript)")
            // And the central site verifies, signatures and all
            let verify = try Run.aegrade(["log", "verify", "--db", url.description], environment: server.environment)
            #expect(verify.status == 0, "\(verify.transcript)")
        }
    }
}
