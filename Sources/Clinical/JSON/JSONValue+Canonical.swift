import Foundation

extension JSONValue {
    /// The same value with every object's keys sorted (by their UTF-8 bytes), recursively.
    ///
    /// Written compactly, this is the canonical form the event log hashes: it equals Python's
    /// `json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` for the values
    /// aegrade writes (whole numbers without a fraction, other numbers in their shortest form), so
    /// a monitor can re-verify an export with a short script of their own (README, "The log").
    ///
    /// A value already canonical (the payloads aegrade builds mostly are) is returned as it is,
    /// after one pass that allocates nothing: `record` made every payload again, and compared keys
    /// through arrays of their bytes, for 18 % of its instructions per assessment (callgrind).
    package var canonical: JSONValue {
        isCanonical ? self : sortedKeys
    }

    private var sortedKeys: JSONValue {
        switch self {
        case .array(let elements): return .array(elements.map(\.canonical))
        case .object(let members):
            return .object(members.map { ($0.0, $0.1.canonical) }.sorted { Self.keyPrecedes($0.0, $1.0) })
        default: return self
        }
    }

    /// Whether every object's keys, at every depth, are in the order ``canonical`` sorts them to
    /// (equal keys keep their order, as that sort is stable).
    var isCanonical: Bool {
        switch self {
        case .array(let elements): return elements.allSatisfy(\.isCanonical)
        case .object(let members):
            for index in members.indices {
                guard members[index].1.isCanonical else { return false }
                if index > 0, Self.keyPrecedes(members[index].0, members[index - 1].0) { return false }
            }
            return true
        default: return true
        }
    }

    /// Whether key `a` sorts before key `b` in the canonical form: by their UTF-8 bytes, as
    /// `a.utf8.lexicographicallyPrecedes(b.utf8)`, compared with `memcmp` where both strings hold
    /// their bytes contiguously (every native string; keys are mostly short, held inline). The
    /// generic comparison went byte by byte through the views' iterators: about 2 % of `record`'s
    /// CPU, every payload's keys compared on the way to its hash (`perf`; README, "Tests and
    /// benchmarks", `postgres-append.sh`).
    @inline(__always)
    package static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        let compared = a.utf8.withContiguousStorageIfAvailable { a in
            b.utf8.withContiguousStorageIfAvailable { b -> Bool in
                let common = min(a.count, b.count)
                if common > 0, let aBase = a.baseAddress, let bBase = b.baseAddress {
                    let order = memcmp(aBase, bBase, common)
                    if order != 0 { return order < 0 }
                }
                return a.count < b.count
            }
        }
        return (compared ?? nil) ?? a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// The canonical text: sorted keys, no whitespace.
    package var canonicalText: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        writeCanonical(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the canonical text (``canonical`` written compactly) without making the sorted
    /// tree: an object whose keys are out of order is written through its members' positions
    /// sorted by key (stably, as ``canonical`` sorts them). `record` made each observation's
    /// sorted tree, wrote it and freed it: 6 % of its instructions per assessment (callgrind).
    package func writeCanonical(into bytes: inout [UInt8]) {
        switch self {
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                element.writeCanonical(into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            if Self.keysInOrder(members) {
                for index in members.indices { Self.writeMember(members[index], first: index == 0, into: &bytes) }
            } else {
                let order = members.indices.sorted { a, b in
                    Self.keyPrecedes(members[a].0, members[b].0) || (!Self.keyPrecedes(members[b].0, members[a].0) && a < b)
                }
                for (position, index) in order.enumerated() { Self.writeMember(members[index], first: position == 0, into: &bytes) }
            }
            bytes.append(UInt8(ascii: "}"))
        default:
            write(into: &bytes)
        }
    }

    private static func keysInOrder(_ members: [(String, JSONValue)]) -> Bool {
        for index in members.indices.dropFirst() where keyPrecedes(members[index].0, members[index - 1].0) { return false }
        return true
    }

    private static func writeMember(_ member: (String, JSONValue), first: Bool, into bytes: inout [UInt8]) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        writeString(member.0, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        member.1.writeCanonical(into: &bytes)
    }
}
