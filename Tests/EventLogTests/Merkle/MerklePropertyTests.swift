import Crypto
import Testing
import TestSupport
@testable import EventLog

/// Properties of the RFC 6962 proofs on random trees, each seed named so a failure can be repeated.
@Suite("RFC 6962 Merkle tree: properties")
struct MerklePropertyTests {
    /// RFC 6962 §2.1's recursive definition, written out as the RFC writes it: the reference the
    /// stack builder is checked against.
    static func recursiveRoot(_ leaves: ArraySlice<MerkleTree.Hash>) -> MerkleTree.Hash {
        if leaves.isEmpty { return MerkleTree.emptyRoot }
        if leaves.count == 1 { return leaves[leaves.startIndex] }
        var k = 1
        while k * 2 < leaves.count { k *= 2 }
        let middle = leaves.startIndex + k
        return MerkleTree.nodeHash(recursiveRoot(leaves[..<middle]), recursiveRoot(leaves[middle...]))
    }

    static func randomLeaves(_ count: Int, using random: inout SplitMix64) -> [MerkleTree.Hash] {
        (0..<count).map { _ in MerkleTree.leafHash((0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }) }
    }

    /// Proof hashes of `ranges` over `leaves`, through the one-pass hasher the log uses.
    static func hashes(_ leaves: [MerkleTree.Hash], _ ranges: [Range<Int64>]) -> (root: MerkleTree.Hash, ranges: [MerkleTree.Hash]) {
        var hasher = MerkleRangeHasher(ranges: ranges)
        for leaf in leaves { hasher.append(leaf) }
        return (hasher.root, hasher.rangeHashes ?? [])
    }

    @Test(arguments: 0..<40 as Range<UInt64>)
    func everyConsistencyProofVerifiesAndFailsWhenAnOldLeafChanges(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let n = Int.random(in: 1...300, using: &random)
        let m = Int.random(in: 1...n, using: &random)
        let leaves = Self.randomLeaves(n, using: &random)
        let oldRoot = Self.recursiveRoot(leaves[..<m])
        #expect(MerkleTree.root(of: leaves.prefix(m)) == oldRoot, "seed \(seed): builder root of \(m)")
        let proof = Self.hashes(leaves, MerkleProof.consistencyRanges(from: Int64(m), to: Int64(n)))
        #expect(proof.root == Self.recursiveRoot(leaves[...]), "seed \(seed): root of \(n)")
        #expect(MerkleProof.verifyConsistency(oldSize: Int64(m), newSize: Int64(n), oldRoot: oldRoot, newRoot: proof.root,
                                              proof: proof.ranges), "seed \(seed): \(m) to \(n)")
        // A leaf below m changed: the new tree's proof no longer joins the old root.
        var changed = leaves
        let victim = Int.random(in: 0..<m, using: &random)
        changed[victim] = MerkleTree.leafHash([0xFF] + changed[victim])
        let forged = Self.hashes(changed, MerkleProof.consistencyRanges(from: Int64(m), to: Int64(n)))
        #expect(!MerkleProof.verifyConsistency(oldSize: Int64(m), newSize: Int64(n), oldRoot: oldRoot, newRoot: forged.root,
                                               proof: forged.ranges), "seed \(seed): leaf \(victim) of \(m) changed, to \(n)")
        // Nor does a log cut below m.
        if m > 1 {
            let cut = Int.random(in: 1..<m, using: &random)
            #expect(!MerkleProof.verifyConsistency(oldSize: Int64(m), newSize: Int64(cut), oldRoot: oldRoot,
                                                   newRoot: Self.recursiveRoot(leaves[..<cut]), proof: []), "seed \(seed)")
        }
    }

    @Test(arguments: 0..<20 as Range<UInt64>)
    func everyInclusionProofVerifies(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let n = Int.random(in: 1...70, using: &random)
        let leaves = Self.randomLeaves(n, using: &random)
        let root = Self.recursiveRoot(leaves[...])
        for index in 0..<n {
            let proof = Self.hashes(leaves, MerkleProof.inclusionRanges(index: Int64(index), size: Int64(n))).ranges
            #expect(MerkleProof.verifyInclusion(leafHash: leaves[index], index: Int64(index), size: Int64(n), proof: proof, root: root),
                    "seed \(seed): leaf \(index) of \(n)")
            if n > 1 {
                let other = (index + 1) % n
                #expect(!MerkleProof.verifyInclusion(leafHash: leaves[other], index: Int64(index), size: Int64(n), proof: proof, root: root),
                        "seed \(seed): leaf \(other) passed as \(index)")
            }
        }
    }
}
