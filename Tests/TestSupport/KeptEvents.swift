import Clinical

/// Counts the decoded events reachable from a value's stored properties (through arrays,
/// dictionaries, optionals, structs and each object once), without looking into an event or into
/// a value `opaque` names (a connection to a server holds the database's memory, not the
/// board's): what a board keeps, for the tests of its flat memory (issue 19, goal 5).
package enum KeptEvents {
    package static func count(in value: Any, opaque: (Any) -> Bool = { _ in false }) -> Int {
        var seen: Set<ObjectIdentifier> = []
        return count(value, opaque: opaque, seen: &seen, depth: 0)
    }

    private static func count(_ value: Any, opaque: (Any) -> Bool, seen: inout Set<ObjectIdentifier>, depth: Int) -> Int {
        if value is RecordedEvent { return 1 }
        if opaque(value) { return 0 }
        guard depth < 12 else { return 0 }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .class {
            let object = value as AnyObject
            guard seen.insert(ObjectIdentifier(object)).inserted else { return 0 }
        }
        var total = 0
        var next: Mirror? = mirror
        while let mirror = next {
            for child in mirror.children { total += count(child.value, opaque: opaque, seen: &seen, depth: depth + 1) }
            next = mirror.superclassMirror
        }
        return total
    }
}
