import Clinical
import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

extension ThroughTheBinary {
    /// `record` processes writing their entries built ahead through the pipelined connection,
    /// two at one site, killed with SIGKILL at random moments: every assessment they acknowledged
    /// is in the chain, whole, and the chain verifies.
    @Suite("PostgreSQL record killed at random", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
    struct PostgresRecordKillTests {
        @Test func recordersKilledAtRandomLoseNoAcknowledgedAssessment() throws {
            var random = SplitMix64(seed: UInt64(Date().timeIntervalSince1970 * 1000))
            let scratch = try Scratch()
            defer { scratch.remove() }
            let url = try PostgresTestServer.writerURL(site: PostgresTestServer.freshSite("kill"))
            let store = try PostgresEventStore(url: url, password: PostgresTestServer.password(url), mode: .readWrite(create: true))
            let key = try AccountsFixture.make(in: store, path: url.description, keyPath: scratch.path("site.key")).keyPath
            let environment = ["AEGRADE_LOG_KEYS": scratch.path("log-keys")]
            // Each recorder's own assessments, many more than it writes before it is killed
            var runs = 0
            var acks: [URL] = [], errors: [URL] = []
            // When 8 times a recorder that has acknowledged an assessment is killed and another started
            try KillStorm.run(writers: 2, kills: 8, random: &random,
                              errors: { errors.map { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }.filter { !$0.isEmpty } }) { _ in
                runs += 1
                let input = scratch.file("input-\(runs).jsonl")
                let lines = try (0..<2_000).map { try Bedside.crsJSON(patient: "K\(runs)-\($0)", celsius: 38 + Double($0 % 10) / 10).compactText }
                try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
                acks.append(scratch.file("acks-\(runs).txt"))
                errors.append(scratch.file("err-\(runs).txt"))
                let process = try Run.startAegrade(["record", "--db", url.description, "--key", key, input.path], environment: environment,
                                                   stdout: acks.last!, stderr: errors.last!)
                return (process, acks.last!)
            }
            // Then each acknowledged assessment is in the chain: its observation of that patient
            // at the first seq acknowledged, its grades right after it
            let events = Dictionary(uniqueKeysWithValues: try PostgresTestServer.store(site: url.site, mode: .readOnly).allEvents().map { ($0.seq, $0) })
            var count = 0
            for file in acks {
                for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                    // (a line cut by the kill is no acknowledgement)
                    guard let ack = try? JSONParser.parse(String(line)), case .array(let seqs)? = ack["seq"], seqs.count == 2,
                          case .number(let first)? = seqs.first, case .string(let patient)? = ack["patient"] else { continue }
                    count += 1
                    #expect(events[Int64(first)]?.kind == .observation && events[Int64(first)]?.patient == patient, "\(line)")
                    #expect(events[Int64(first) + 1]?.kind == .grades, "\(line)")
                }
            }
            #expect(count >= 8)
            let verify = try Run.aegrade(["log", "verify", "--db", url.description])
            #expect(verify.status == 0 && verify.stdout.hasPrefix("ok: site \(url.site): "), "\(verify.transcript)")
        }
    }
}
