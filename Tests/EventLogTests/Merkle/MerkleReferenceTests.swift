import Foundation
import Testing
@testable import EventLog

/// RFC 6962 §2.1 against the reference test vectors of Certificate Transparency: the eight leaves
/// and the roots of every tree size of google/trillian `merkle/testonly/constants.go`, and the
/// inclusion and consistency proofs of transparency-dev/merkle `proof/verify_test.go`.
@Suite("RFC 6962 Merkle tree: reference vectors")
struct MerkleReferenceTests {
    static let leaves: [[UInt8]] = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                    "606162636465666768696a6b6c6d6e6f"].map { hex($0) }
    static var leafHashes: [MerkleTree.Hash] { leaves.map(MerkleTree.leafHash) }

    /// Roots by tree size, 0 (the empty tree) to 8.
    static let roots: [String] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    struct InclusionCase: Sendable, CustomTestStringConvertible {
        var index: Int64, size: Int64, proof: [String]
        var testDescription: String { "leaf \(index) of \(size)" }
    }

    /// The vectors' leaves are 1-based; these are 0-based indexes.
    static let inclusion: [InclusionCase] = [
        .init(index: 0, size: 1, proof: []),
        .init(index: 0, size: 8, proof: ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                                         "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                                         "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        .init(index: 5, size: 8, proof: ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                                         "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                                         "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        .init(index: 2, size: 3, proof: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        .init(index: 1, size: 5, proof: ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                                         "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                                         "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    ]

    struct ConsistencyCase: Sendable, CustomTestStringConvertible {
        var old: Int64, new: Int64, proof: [String]
        var testDescription: String { "\(old) to \(new)" }
    }

    static let consistency: [ConsistencyCase] = [
        .init(old: 1, new: 1, proof: []),
        .init(old: 1, new: 8, proof: ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                                      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                                      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        .init(old: 6, new: 8, proof: ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                                      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                                      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        .init(old: 2, new: 5, proof: ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                                      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
        .init(old: 6, new: 7, proof: ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                                      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                                      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    ]

    /// The subtree hash of `range` of the reference leaves, by RFC 6962's recursive definition.
    static func mth(_ range: Range<Int64>) -> MerkleTree.Hash {
        MerkleTree.root(of: leafHashes[Int(range.lowerBound)..<Int(range.upperBound)])
    }

    @Test(arguments: 0...8)
    func rootOfEveryTreeSize(size: Int) {
        #expect(LowercaseHex.text(MerkleTree.root(of: Self.leafHashes.prefix(size))) == Self.roots[size])
    }

    @Test(arguments: inclusion)
    func inclusionProofIsTheReferenceAndVerifies(_ row: InclusionCase) {
        let proof = MerkleProof.inclusionRanges(index: row.index, size: row.size).map(Self.mth)
        #expect(proof.map(LowercaseHex.text) == row.proof)
        let leaf = Self.leafHashes[Int(row.index)]
        let root = hex(Self.roots[Int(row.size)])
        #expect(MerkleProof.verifyInclusion(leafHash: leaf, index: row.index, size: row.size, proof: proof, root: root))
        // The probes of the reference suite: another index or size, leaf or root, a proof cut,
        // lengthened or with one bit flipped must all fail.
        let wrong = hex("abacaba000000000000000000000000000000000000000000060061e00123456")
        var probes: [(Int64, Int64, MerkleTree.Hash, [MerkleTree.Hash], MerkleTree.Hash)] = [
            (row.index + 1, row.size, leaf, proof, root), (row.index, row.size * 2, leaf, proof, root),
            (row.index, row.size, wrong, proof, root), (row.index, row.size, leaf, proof, wrong),
            (row.index, row.size, leaf, proof + [root], root), (row.index, row.size, leaf, [root] + proof, root),
        ]
        if row.index > 0 { probes.append((row.index - 1, row.size, leaf, proof, root)) }
        if row.size > 1 { probes.append((row.index, row.size / 2, leaf, proof, root)) }
        if !proof.isEmpty { probes.append((row.index, row.size, leaf, Array(proof.dropLast()), root)) }
        for position in proof.indices {
            var flipped = proof
            flipped[position][0] ^= 8
            probes.append((row.index, row.size, leaf, flipped, root))
        }
        for (number, probe) in probes.enumerated() {
            #expect(!MerkleProof.verifyInclusion(leafHash: probe.2, index: probe.0, size: probe.1, proof: probe.3, root: probe.4),
                    "probe \(number) verified")
        }
    }

    @Test(arguments: consistency)
    func consistencyProofIsTheReferenceAndVerifies(_ row: ConsistencyCase) {
        let proof = MerkleProof.consistencyRanges(from: row.old, to: row.new).map(Self.mth)
        #expect(proof.map(LowercaseHex.text) == row.proof)
        let oldRoot = hex(Self.roots[Int(row.old)])
        let newRoot = hex(Self.roots[Int(row.new)])
        #expect(MerkleProof.verifyConsistency(oldSize: row.old, newSize: row.new, oldRoot: oldRoot, newRoot: newRoot, proof: proof))
        guard !proof.isEmpty else { return }
        var probes: [(Int64, Int64, MerkleTree.Hash, MerkleTree.Hash, [MerkleTree.Hash])] = [
            (row.old - 1, row.new, oldRoot, newRoot, proof), (row.old + 1, row.new, oldRoot, newRoot, proof),
            (row.old ^ 2, row.new, oldRoot, newRoot, proof), (row.old, row.new * 2, oldRoot, newRoot, proof),
            (row.old, row.new / 2, oldRoot, newRoot, proof), (row.old, row.new, newRoot, oldRoot, proof),
            (row.old, row.new, MerkleTree.emptyRoot, newRoot, proof), (row.old, row.new, oldRoot, MerkleTree.emptyRoot, proof),
            (row.old, row.new, oldRoot, newRoot, []), (row.old, row.new, oldRoot, newRoot, proof + [oldRoot]),
            (row.old, row.new, oldRoot, newRoot, proof + [newRoot]), (row.old, row.new, oldRoot, newRoot, [oldRoot] + proof),
            (row.old, row.new, oldRoot, newRoot, [proof[0]] + proof), (row.old, row.new, oldRoot, newRoot, Array(proof.dropLast())),
        ]
        for position in proof.indices {
            var flipped = proof
            flipped[position][0] ^= 16
            probes.append((row.old, row.new, oldRoot, newRoot, flipped))
        }
        for (number, probe) in probes.enumerated() {
            #expect(!MerkleProof.verifyConsistency(oldSize: probe.0, newSize: probe.1, oldRoot: probe.2, newRoot: probe.3, proof: probe.4),
                    "probe \(number) verified")
        }
    }

    @Test func edgeCasesOfConsistency() {
        let some = hex("abacaba000000000000000000000000000000000000000000060061e00123456")
        let empty = MerkleTree.emptyRoot
        // Equal sizes need equal roots and no proof; an empty old tree is extended by anything.
        #expect(MerkleProof.verifyConsistency(oldSize: 0, newSize: 0, oldRoot: empty, newRoot: empty, proof: []))
        #expect(MerkleProof.verifyConsistency(oldSize: 0, newSize: 1, oldRoot: empty, newRoot: some, proof: []))
        #expect(!MerkleProof.verifyConsistency(oldSize: 1, newSize: 1, oldRoot: empty, newRoot: some, proof: []))
        #expect(!MerkleProof.verifyConsistency(oldSize: 1, newSize: 1, oldRoot: empty, newRoot: empty, proof: [empty]))
        #expect(!MerkleProof.verifyConsistency(oldSize: 0, newSize: 1, oldRoot: empty, newRoot: empty, proof: [empty]))
        // Back in time, or no proof between different sizes.
        #expect(!MerkleProof.verifyConsistency(oldSize: 2, newSize: 1, oldRoot: some, newRoot: some, proof: []))
        #expect(!MerkleProof.verifyConsistency(oldSize: 1, newSize: 2, oldRoot: some, newRoot: some, proof: []))
        // Hashes of the wrong length.
        #expect(!MerkleProof.verifyConsistency(oldSize: 1, newSize: 1, oldRoot: [1, 2], newRoot: [1, 2], proof: []))
        #expect(!MerkleProof.verifyInclusion(leafHash: some, index: 0, size: 1, proof: [], root: [1]))
        #expect(!MerkleProof.verifyInclusion(leafHash: some, index: 0, size: 0, proof: [], root: some))
    }
}

/// Bytes from lowercase hex digits, as the log reads them (tests only; the vectors are well formed).
func hex(_ text: String) -> [UInt8] { LowercaseHex.bytes(text)! }
