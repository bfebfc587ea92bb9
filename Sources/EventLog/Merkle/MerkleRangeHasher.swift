/// The root of a tree and the hashes of some of its subtrees (the nodes of a proof), from one
/// pass over its leaves in order: each leaf goes to the whole tree's builder and to the builder of
/// the range it falls in, so memory is O(log n) per range, never the leaves.
package struct MerkleRangeHasher: Sendable {
    /// The ranges asked for, in the order the proof lists them.
    package let ranges: [Range<Int64>]
    private var whole = MerkleTreeBuilder()
    private var builders: [MerkleTreeBuilder]
    /// For each leaf index, which ranges hold it: ranges sorted by their start (proof nodes never
    /// overlap, but the check below does not rely on it).
    private let order: [Int]

    package init(ranges: [Range<Int64>]) {
        self.ranges = ranges
        builders = Array(repeating: MerkleTreeBuilder(), count: ranges.count)
        order = ranges.indices.sorted { ranges[$0].lowerBound < ranges[$1].lowerBound }
    }

    /// Leaves given so far.
    package var count: Int64 { whole.count }

    /// Adds the next leaf (index `count`), by its leaf hash.
    package mutating func append(_ leafHash: MerkleTree.Hash) {
        let index = whole.count
        for position in order where ranges[position].contains(index) { builders[position].append(leafHash) }
        whole.append(leafHash)
    }

    /// The root of every leaf given.
    package var root: MerkleTree.Hash { whole.root }

    /// Each range's subtree hash, in the order of `ranges`; nil when a range was not given every
    /// leaf it holds (it reaches past the leaves given).
    package var rangeHashes: [MerkleTree.Hash]? {
        var hashes: [MerkleTree.Hash] = []
        for (range, builder) in zip(ranges, builders) {
            guard builder.count == Int64(range.count) else { return nil }
            hashes.append(builder.root)
        }
        return hashes
    }
}
