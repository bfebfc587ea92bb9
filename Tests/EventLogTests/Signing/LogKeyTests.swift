import Crypto
import Foundation
import Testing
@testable import EventLog

@Suite("The log's Ed25519 key")
struct LogKeyTests {
    /// RFC 8032 §7.1, TEST 1: the empty message.
    @Test func signsAsRFC8032TestOne() throws {
        let seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
        let key = try #require(LogKey(text: "aegrade-log-key \(seed)\n"))
        #expect(key.publicKeyHex == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let signature = try key.sign(Data())
        #expect(LowercaseHex.text(signature) == "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
        #expect(LogKey.isValid(signature: signature, of: Data(), publicKeyHex: key.publicKeyHex))
        #expect(!LogKey.isValid(signature: signature, of: Data([0]), publicKeyHex: key.publicKeyHex))
    }

    @Test func createsAPrivateFileAndReadsItBack() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("logkey-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = LogKey.path(forLog: directory.appendingPathComponent("trial.db").path)
        #expect(path.hasSuffix("trial.db.logkey"))
        let made = try LogKey.create(at: path)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        #expect(try LogKey.read(path: path).publicKeyHex == made.publicKeyHex)
        // A second key never replaces the first.
        #expect(throws: LogKeyError.self) { try LogKey.create(at: path) }
        chmod(path, 0o644)
        #expect(throws: LogKeyError.self) { try LogKey.read(path: path) }
    }

    @Test func refusesWhatIsNotALogKey() {
        #expect(LogKey(text: "aegrade-service-key nurse.li " + String(repeating: "ab", count: 32)) == nil)
        #expect(LogKey(text: "aegrade-log-key " + String(repeating: "zz", count: 32)) == nil)
        #expect(LogKey(text: "aegrade-log-key " + String(repeating: "ab", count: 31)) == nil)
        #expect(throws: LogKeyError.missing(path: "/nonexistent/x.logkey")) { try LogKey.read(path: "/nonexistent/x.logkey") }
    }
}
