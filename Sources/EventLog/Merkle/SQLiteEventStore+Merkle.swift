import Clinical

extension SQLiteEventStore {
    /// The RFC 6962 root of the first `size` events and the subtree hashes of `ranges` (leaf
    /// indexes, 0-based: leaf i is event seq i + 1), from one pass over the stored hashes.
    ///
    /// The rows are read in short read transactions (`forEachRawRow`), so a checkpoint of a large
    /// log never holds a bedside save for longer than one slice; only O(log n) hashes per range
    /// are kept. A missing event or a stored hash that is not 64 lowercase hex digits is a damaged
    /// log (`verify` names it precisely; the callers run it first).
    package func merkleHashes(size: Int64, ranges: [Range<Int64>] = []) throws(EventLogError)
        -> (root: MerkleTree.Hash, ranges: [MerkleTree.Hash]) {
        precondition(size >= 0 && ranges.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= size }, "ranges outside the tree")
        var hasher = MerkleRangeHasher(ranges: ranges)
        var problem: String?
        if size > 0 {
            try forEachRawRow(range: SeqRange(lower: 1, upper: size + 1)) { row in
                let expected = hasher.count + 1
                guard row.isInteger(0), row.int64(0) == expected else {
                    problem = "event seq \(expected) is missing"
                    return false
                }
                guard let stored = row.bytes(13), let bytes = Self.hashBytes(stored) else {
                    problem = "event seq \(expected): its stored hash is not 64 lowercase hex digits"
                    return false
                }
                hasher.append(MerkleTree.leafHash(bytes))
                return true
            }
        }
        if problem == nil, hasher.count < size { problem = "the log ends at seq \(hasher.count), before seq \(size)" }
        if let problem { throw .corrupt(path: path, detail: problem) }
        guard let hashes = hasher.rangeHashes else { throw .corrupt(path: path, detail: "the log ends before seq \(size)") }
        return (hasher.root, hashes)
    }

    /// The 32 bytes a stored hash's 64 lowercase hex digits stand for.
    static func hashBytes(_ hex: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard hex.count == 64 else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        for index in 0..<32 {
            guard let high = nibble(hex[2 * index]), let low = nibble(hex[2 * index + 1]) else { return nil }
            out[index] = high << 4 | low
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
