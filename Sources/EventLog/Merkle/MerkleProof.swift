/// Inclusion and consistency proofs of RFC 6962 §2.1.1 and §2.1.2, made from the hashes of the
/// subtrees they name, and checked as RFC 9162 §2.1.3.2 and §2.1.4.2 prescribe.
///
/// Making a proof is in two steps so that no caller needs every leaf at once: `…Ranges` lists the
/// leaf ranges whose subtree hashes (MTH of RFC 6962) the proof holds, in proof order; the caller
/// computes those hashes however it reads its leaves (the event log: one pass over the stored
/// hashes, `SQLiteEventStore.merkleHashes`), and the proof is that list of hashes.
package enum MerkleProof {
    /// The subtrees of the audit path of leaf `index` in a tree of `size` leaves, from the leaf's
    /// sibling up (PATH(m, D[n]), RFC 6962 §2.1.1). Empty for a tree of one leaf.
    package static func inclusionRanges(index: Int64, size: Int64) -> [Range<Int64>] {
        precondition(index >= 0 && index < size, "leaf \(index) is not in a tree of \(size)")
        var ranges: [Range<Int64>] = []
        path(index, 0..<size, into: &ranges)
        return ranges
    }

    private static func path(_ m: Int64, _ tree: Range<Int64>, into ranges: inout [Range<Int64>]) {
        let n = tree.count
        guard n > 1 else { return }
        let k = MerkleTree.split(Int64(n))
        let lo = tree.lowerBound
        if m < k {
            path(m, lo..<(lo + k), into: &ranges)
            ranges.append((lo + k)..<tree.upperBound)
        } else {
            path(m - k, (lo + k)..<tree.upperBound, into: &ranges)
            ranges.append(lo..<(lo + k))
        }
    }

    /// The subtrees of the consistency proof from the tree of `oldSize` leaves to the tree of
    /// `newSize` (PROOF(m, D[n]), RFC 6962 §2.1.2). Empty when the sizes are equal or the old
    /// tree is empty, where no proof is needed.
    package static func consistencyRanges(from oldSize: Int64, to newSize: Int64) -> [Range<Int64>] {
        precondition(oldSize >= 0 && oldSize <= newSize, "no consistency proof from \(oldSize) to \(newSize)")
        guard oldSize > 0, oldSize < newSize else { return [] }
        var ranges: [Range<Int64>] = []
        subproof(oldSize, 0..<newSize, whole: true, into: &ranges)
        return ranges
    }

    private static func subproof(_ m: Int64, _ tree: Range<Int64>, whole: Bool, into ranges: inout [Range<Int64>]) {
        let n = Int64(tree.count)
        let lo = tree.lowerBound
        if m == n {
            // The old tree is this subtree: the verifier knows its hash already when it is the
            // whole old tree (b = true in RFC 6962), otherwise the proof carries it.
            if !whole { ranges.append(tree) }
            return
        }
        let k = MerkleTree.split(n)
        if m <= k {
            subproof(m, lo..<(lo + k), whole: whole, into: &ranges)
            ranges.append((lo + k)..<tree.upperBound)
        } else {
            subproof(m - k, (lo + k)..<tree.upperBound, whole: false, into: &ranges)
            ranges.append(lo..<(lo + k))
        }
    }

    /// Whether `proof` shows that `leafHash` is leaf `index` of the tree of `size` leaves with
    /// `root` (RFC 9162 §2.1.3.2).
    package static func verifyInclusion(leafHash: MerkleTree.Hash, index: Int64, size: Int64, proof: [MerkleTree.Hash],
                                        root: MerkleTree.Hash) -> Bool {
        guard index >= 0, index < size, leafHash.count == 32, root.count == 32 else { return false }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in proof {
            guard sn != 0, p.count == 32 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = MerkleTree.nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                r = MerkleTree.nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Whether `proof` shows that the tree of `newSize` leaves with `newRoot` extends the tree of
    /// `oldSize` leaves with `oldRoot`: the same first `oldSize` leaves, in the same order (RFC
    /// 9162 §2.1.4.2; equal sizes need equal roots and no proof, an empty old tree any empty proof).
    package static func verifyConsistency(oldSize: Int64, newSize: Int64, oldRoot: MerkleTree.Hash, newRoot: MerkleTree.Hash,
                                          proof: [MerkleTree.Hash]) -> Bool {
        guard oldSize >= 0, oldSize <= newSize, oldRoot.count == 32, newRoot.count == 32 else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty }
        guard !proof.isEmpty, proof.allSatisfy({ $0.count == 32 }) else { return false }
        var path = proof
        // An old tree whose size is a power of two is a subtree of the new one: its root starts the path.
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleTree.nodeHash(c, fr)
                sr = MerkleTree.nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                sr = MerkleTree.nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }
}
