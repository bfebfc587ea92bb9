/// The keys of one JSON object as it is read, for the duplicate-key check, in time linear in the
/// number of keys: a short object (as every assessment's are) is searched without allocating; from
/// `searchLimit` keys on, the keys go into a hash set, so a 100,000-key object costs 100,000
/// insertions rather than five billion comparisons.
///
/// Keys compare as Swift compares them (`String` by canonical equivalence, as the parser always did).
/// Swift seeds its hashing per process, so keys chosen to collide cannot be prepared in advance.
package struct ObjectKeys<Key: Hashable> {
    /// Up to this many keys are searched one by one.
    package static var searchLimit: Int { 16 }

    private var few: [Key] = []
    private var many: Set<Key>?

    package init() {}

    /// Adds `key`; false, adding nothing, when the object already has it.
    package mutating func insert(_ key: Key) -> Bool {
        if many != nil { return many!.insert(key).inserted }
        if few.contains(key) { return false }
        // One allocation for the keys of a short object, rather than one each time the array grows.
        if few.isEmpty { few.reserveCapacity(Self.searchLimit) }
        few.append(key)
        if few.count == Self.searchLimit {
            many = Set(few)
            few = []
        }
        return true
    }
}
