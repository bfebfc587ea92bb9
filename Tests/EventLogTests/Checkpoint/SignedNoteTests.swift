import Crypto
import Foundation
import Testing
import TestSupport
@testable import EventLog

/// C2SP signed-note and tlog-checkpoint: the reference example of golang.org/x/mod/sumdb/note (the
/// implementation the specification grew from), and strict reading of hostile files.
@Suite("Signed notes and checkpoints")
struct SignedNoteTests {
    /// `PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz`: the
    /// base64 is 0x01 (Ed25519) and the 32-byte seed.
    static var peterNeumann: LogKey {
        let blob = Array(Data(base64Encoded: "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")!)
        return LogKey(text: "aegrade-log-key " + LowercaseHex.text(blob.dropFirst()))!
    }
    static let text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let signed = text + "\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

    @Test func signsAsTheReferenceImplementation() throws {
        let key = Self.peterNeumann
        // The verifier key PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW.
        #expect(Data([1] + Array(key.publicKey.rawRepresentation)).base64EncodedString() == "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        #expect(LowercaseHex.text(key.noteKeyID(name: "PeterNeumann")) == "c74f20a3")
        #expect(Self.text + "\n" + (try key.noteSignatureLine(text: Self.text, name: "PeterNeumann")) == Self.signed)
        let note = try SignedNote(parsing: Array(Self.signed.utf8))
        #expect(note.text == Self.text)
        #expect(note.serialized == Self.signed)
        try note.verify(name: "PeterNeumann", publicKeyHex: key.publicKeyHex)
        // Another key of the same name, or the text changed, does not verify.
        #expect(throws: CheckpointError.self) { try note.verify(name: "PeterNeumann", publicKeyHex: LogKey.generate().publicKeyHex) }
        var changed = note
        changed.text = changed.text.replacingOccurrences(of: "cryptography", with: "Cryptography")
        #expect(throws: CheckpointError.self) { try changed.verify(name: "PeterNeumann", publicKeyHex: key.publicKeyHex) }
    }

    @Test func aCheckpointReadsBackAsSigned() throws {
        let key = LogKey.generate()
        let checkpoint = Checkpoint(origin: "aegrade/0f8e", size: 24, root: MerkleTree.emptyRoot)
        let signed = try SignedCheckpoint(signing: checkpoint, with: key)
        #expect(signed.text.hasPrefix("aegrade/0f8e\n24\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n\u{2014} aegrade/0f8e "))
        let read = try SignedCheckpoint(parsing: Array(signed.text.utf8))
        #expect(read == signed)
        try read.verifySignature(publicKeyHex: key.publicKeyHex)
        // A cosigner's line (a witness) beside it is ignored, as C2SP requires of unknown keys.
        let witness = try LogKey.generate().noteSignatureLine(text: checkpoint.body, name: "witness.example")
        let cosigned = try SignedCheckpoint(parsing: Array((signed.text + witness).utf8))
        try cosigned.verifySignature(publicKeyHex: key.publicKeyHex)
    }

    struct Damage: Sendable, CustomTestStringConvertible {
        var name: String, file: String, line: Int, words: String
        var testDescription: String { name }
    }

    static let good = "aegrade/log\n24\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n\u{2014} aegrade/log AAAAAAAA\n"
    static let damages: [Damage] = [
        .init(name: "size with a leading zero", file: good.replacingOccurrences(of: "\n24\n", with: "\n024\n"), line: 2, words: "tree size"),
        .init(name: "negative size", file: good.replacingOccurrences(of: "\n24\n", with: "\n-24\n"), line: 2, words: "tree size"),
        .init(name: "size beyond 64 bits", file: good.replacingOccurrences(of: "\n24\n", with: "\n99999999999999999999\n"), line: 2, words: "tree size"),
        .init(name: "root not base64", file: good.replacingOccurrences(of: "47DEQ", with: "47D*Q"), line: 3, words: "root hash"),
        .init(name: "root of 31 bytes", file: good.replacingOccurrences(of: "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", with: "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuA=="), line: 3, words: "32 bytes"),
        .init(name: "an extension line", file: good.replacingOccurrences(of: "FU=\n\n", with: "FU=\nextra\n\n"), line: 4, words: "extension"),
        .init(name: "origin missing", file: String(good.dropFirst("aegrade/log\n".count)), line: 3, words: "three lines"),
        .init(name: "no blank line", file: good.replacingOccurrences(of: "FU=\n\n", with: "FU=\n"), line: 4, words: "blank line"),
        .init(name: "signature without the em dash", file: good.replacingOccurrences(of: "\u{2014} ", with: "- "), line: 5, words: "em dash"),
        .init(name: "signature not base64", file: good.replacingOccurrences(of: "AAAAAAAA", with: "AAAA AAAA"), line: 5, words: "NAME SIGNATURE"),
        .init(name: "signature too short", file: good.replacingOccurrences(of: "AAAAAAAA", with: "AAAA"), line: 5, words: "key ID"),
        .init(name: "an escape in the origin", file: good.replacingOccurrences(of: "aegrade/log\n24", with: "aegrade/\u{1B}[2J\n24"), line: 1, words: "control character"),
        .init(name: "no final newline", file: String(good.dropLast()), line: 5, words: "newline"),
        .init(name: "a carriage return", file: good.replacingOccurrences(of: "\n24\n", with: "\r\n24\n"), line: 1, words: "control character"),
    ]

    @Test(arguments: damages)
    func aDamagedCheckpointNamesItsLine(_ damage: Damage) {
        #expect(throws: CheckpointError.self) { try SignedCheckpoint(parsing: Array(damage.file.utf8)) }
        do {
            _ = try SignedCheckpoint(parsing: Array(damage.file.utf8))
        } catch {
            guard case .malformed(let line, let reason) = error else { Issue.record("\(error)"); return }
            #expect(line == damage.line, "\(error.description)")
            #expect(reason.contains(damage.words), "\(error.description)")
            #expect(!error.description.contains("\u{1B}"), "the message repaints no terminal")
        }
    }

    @Test func invalidUTF8AndOversizedFilesAreRefused() {
        var bytes = Array(Self.good.utf8)
        bytes[bytes.count - 3] = 0xFF
        #expect(throws: CheckpointError.malformed(line: 5, reason: "not valid UTF-8")) { try SignedNote(parsing: bytes) }
        let huge = [UInt8](repeating: 0x41, count: SignedNote.maximumBytes + 1)
        #expect(throws: CheckpointError.self) { try SignedNote(parsing: huge) }
    }

    @Test(arguments: 0..<8 as Range<UInt64>)
    func randomlyDamagedCheckpointsNeverCrash(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let key = LogKey.generate()
        let signed = try SignedCheckpoint(signing: Checkpoint(origin: "aegrade/x", size: 7, root: MerkleTree.emptyRoot), with: key)
        let original = Array(signed.text.utf8)
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                case 1: if bytes.count > 1 { bytes.remove(at: Int.random(in: 0..<bytes.count, using: &random)) }
                default: bytes.insert(UInt8.random(in: 0...255, using: &random), at: Int.random(in: 0...bytes.count, using: &random))
                }
            }
            // Either it reads and its signature fails (or still holds when the change was a no-op), or it names a line.
            if let read = try? SignedCheckpoint(parsing: bytes), bytes != original {
                if (try? read.verifySignature(publicKeyHex: key.publicKeyHex)) != nil {
                    #expect(read.checkpoint == signed.checkpoint, "seed \(seed): a changed checkpoint verified")
                }
            }
        }
    }
}
