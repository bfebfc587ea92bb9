import Clinical
@testable import EventLog
import Foundation
import Testing
import TestSupport

/// The export carries each event's signature, and `Examples/verify-log-export.py` checks them
/// with Python's cryptography package, without aegrade (C-EXP-3).
@Suite("Signing: the export") struct SignedExportTests {
    static let verifier = Run.packageRoot.appendingPathComponent("Examples/verify-log-export.py").path

    /// The fixture's log with the nurse's entry, exported as JSON Lines to `events.jsonl`.
    static func exported(_ log: AccountLog) throws -> (path: String, lines: [String]) {
        _ = try EventSignatureTests.nurseRecorded(log)
        var bytes: [UInt8] = []
        try log.store.export(format: .jsonl, until: .end) { bytes += $0 }
        let path = log.scratch.path("events.jsonl")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (path, String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init))
    }

    @Test func eachSignedLineCarriesItsSignatureAndPythonVerifiesThem() throws {
        let log = try AccountLog()
        defer { log.remove() }
        let (path, lines) = try Self.exported(log)
        // Every event from the log's key on carries {"key", "sig"}; the genesis event does not
        let events = try log.store.allEvents()
        #expect(!lines[0].contains("\"signature\""))
        #expect(lines.dropFirst().allSatisfy { $0.contains(",\"signature\":{\"key\":\"") })
        // and the independent verifier checks each one
        let output = try Run.tool("python3", [Self.verifier, path])
        #expect(output.status == 0, "\(output.transcript)")
        #expect(output.stdout == "ok: \(events.count) events intact, \(events.count - 1) Ed25519 signatures verified\n", "\(output.transcript)")
    }

    @Test func pythonNamesAForgedAndAStrippedSignature() throws {
        let log = try AccountLog()
        defer { log.remove() }
        let (path, lines) = try Self.exported(log)
        // The nurse's last event (seq = line number)
        let index = try #require(lines.lastIndex { $0.hasPrefix("{\"author\":{\"id\":\"nurse.li\"") })
        let last = index + 1
        // A signature changed in that line (one hex digit)
        var forged = lines
        let line = forged[index]
        let start = try #require(line.range(of: "\"sig\":\"")).upperBound
        let digit = line[start]
        forged[index] = line.replacingCharacters(in: start...start, with: digit == "0" ? "1" : "0")
        try (forged.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let changed = try Run.tool("python3", [Self.verifier, path])
        #expect(changed.status == 1, "\(changed.transcript)")
        #expect(changed.stdout.hasPrefix("FAIL at seq \(last): signature: the signature of the event by 'nurse.li' does not verify"), "\(changed.transcript)")
        // The signature removed from that line
        var stripped = lines
        stripped[index] = try #require(lines[index].components(separatedBy: ",\"signature\":").first) + "}"
        try (stripped.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let missing = try Run.tool("python3", [Self.verifier, path])
        #expect(missing.status == 1, "\(missing.transcript)")
        #expect(missing.stdout == "FAIL at seq \(last): signature: the event by 'nurse.li' carries no signature\n", "\(missing.transcript)")
    }

    @Test func withoutPythonsCryptographyTheVerifierSaysItSkippedTheSignatures() throws {
        let log = try AccountLog()
        defer { log.remove() }
        let (path, lines) = try Self.exported(log)
        // python3 -S leaves out the system's site packages, where Debian's cryptography lives
        let output = try Run.tool("python3", ["-S", Self.verifier, path])
        #expect(output.status == 0, "\(output.transcript)")
        #expect(output.stdout == "ok: \(lines.count) events intact; Ed25519 signatures NOT checked "
                + "(install Python's cryptography: apt-get install python3-cryptography)\n", "\(output.transcript)")
    }
}
