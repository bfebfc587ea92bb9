import Crypto
import Foundation

/// The Merkle tree hash of RFC 6962 §2.1 over a log's leaves: a leaf's hash is
/// SHA-256(0x00 ‖ leaf data), an interior node's SHA-256(0x01 ‖ left ‖ right), a tree of n > 1
/// leaves splits at the largest power of two below n (an odd node is carried up, never
/// duplicated), and the empty tree's hash is SHA-256 of nothing.
///
/// In the event log, leaf i (0-based) is event seq i + 1 and its data is the event's stored hash as
/// 32 raw bytes, so a root covers every event's content and order; signatures are not in the leaf.
package enum MerkleTree {
    /// A hash of the tree: 32 bytes.
    package typealias Hash = [UInt8]

    /// SHA-256 of the empty string: the root of a tree with no leaves (RFC 6962 §2.1).
    package static let emptyRoot: Hash = Array(SHA256.hash(data: [UInt8]()))

    /// SHA-256(0x00 ‖ data) (RFC 6962 §2.1).
    package static func leafHash(_ data: some Sequence<UInt8>) -> Hash {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: Array(data))
        return Array(hasher.finalize())
    }

    /// SHA-256(0x01 ‖ left ‖ right) (RFC 6962 §2.1).
    package static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The largest power of two smaller than `n` (n > 1): where RFC 6962 splits a tree of n leaves.
    static func split(_ n: Int64) -> Int64 {
        precondition(n > 1, "a tree of \(n) leaves does not split")
        var k: Int64 = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// The root of `leafHashes` (already leaf-hashed), built as `MerkleTreeBuilder` builds it.
    package static func root(of leafHashes: some Sequence<Hash>) -> Hash {
        var builder = MerkleTreeBuilder()
        for leaf in leafHashes { builder.append(leaf) }
        return builder.root
    }
}

/// Builds the RFC 6962 root of leaves given one at a time, holding O(log n) hashes: the roots of
/// the complete subtrees the leaves so far make (one per bit set in their count), merged as two of
/// equal size meet. The root folds them from the right, smaller subtree on the right, which is the
/// largest-power-of-two split of RFC 6962 §2.1.
package struct MerkleTreeBuilder: Sendable {
    /// Roots of complete subtrees, largest (leftmost) first, with their sizes.
    private var stack: [(size: Int64, hash: MerkleTree.Hash)] = []
    /// Leaves appended.
    package private(set) var count: Int64 = 0

    package init() {}

    /// Adds the next leaf, by its leaf hash.
    package mutating func append(_ leafHash: MerkleTree.Hash) {
        var node = (size: Int64(1), hash: leafHash)
        while let last = stack.last, last.size == node.size {
            stack.removeLast()
            node = (last.size * 2, MerkleTree.nodeHash(last.hash, node.hash))
        }
        stack.append(node)
        count += 1
    }

    /// The root of the leaves appended so far (`MerkleTree.emptyRoot` for none).
    package var root: MerkleTree.Hash {
        guard var hash = stack.last?.hash else { return MerkleTree.emptyRoot }
        for entry in stack.dropLast().reversed() { hash = MerkleTree.nodeHash(entry.hash, hash) }
        return hash
    }
}
