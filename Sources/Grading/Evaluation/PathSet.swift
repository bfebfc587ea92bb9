import Clinical

/// A set of input paths, as bits over ``PathTable``: the missing inputs of an unknown answer,
/// combined by `or`-ing words instead of concatenating arrays, so that evaluating a condition
/// allocates nothing.
///
/// The table lists the paths in sorted order, so reading the bits in order gives the `missing`
/// list of `grade-io.md` sorted and each path once.
struct PathSet: Equatable, Sendable, ExpressibleByArrayLiteral {
    static let capacity = 256
    private var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0

    static let empty = PathSet()

    init() {}

    init(_ paths: some Sequence<FieldPath>) {
        for path in paths { insert(path) }
    }

    init(arrayLiteral paths: FieldPath...) { self.init(paths) }

    var isEmpty: Bool { (w0 | w1 | w2 | w3) == 0 }

    mutating func formUnion(_ other: PathSet) {
        w0 |= other.w0; w1 |= other.w1; w2 |= other.w2; w3 |= other.w3
    }

    func union(_ other: PathSet) -> PathSet {
        var result = self
        result.formUnion(other)
        return result
    }

    mutating func insert(_ path: FieldPath) {
        guard let bit = PathTable.index[path], bit < Self.capacity else {
            // Every path a name of the vocabulary reports is in the table (PathSetTests reads
            // every name on full, empty and partial assessments); a path outside it is a
            // programming error, never a property of the input.
            assertionFailure("\(path) is not in PathTable")
            return
        }
        let mask = UInt64(1) << UInt64(bit & 63)
        switch bit >> 6 {
        case 0: w0 |= mask
        case 1: w1 |= mask
        case 2: w2 |= mask
        default: w3 |= mask
        }
    }

    /// Writes the paths as a JSON array of strings, sorted, each once (the `missing` list of
    /// `grade-io.md`), from the table's strings escaped once.
    func writeJSON(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        var first = true
        // The words one by one, not an array of them: writing allocates nothing.
        for offset in 0..<4 {
            var rest = offset == 0 ? w0 : offset == 1 ? w1 : offset == 2 ? w2 : w3
            while rest != 0 {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                out.append(contentsOf: PathTable.json[offset * 64 + rest.trailingZeroBitCount])
                rest &= rest - 1
            }
        }
        out.append(UInt8(ascii: "]"))
    }

    /// The paths, sorted, each once.
    var paths: [FieldPath] {
        guard !isEmpty else { return [] }
        var result: [FieldPath] = []
        result.reserveCapacity(w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount)
        for (offset, word) in [w0, w1, w2, w3].enumerated() {
            var rest = word
            while rest != 0 {
                let bit = rest.trailingZeroBitCount
                result.append(PathTable.paths[offset * 64 + bit])
                rest &= rest - 1
            }
        }
        return result
    }
}

/// Every input path an answer can report as missing, sorted: the names of the vocabulary, the
/// objects that hold them (`support.oxygen`, `labs.alt`, `neuro.ice`), and `patient.infusionTime`,
/// from which the days since infusion are derived. Derived ratios (`labs.alt.xULN`) name the limit
/// they lack, never themselves, so they are left out to keep the table within ``PathSet/capacity``.
enum PathTable {
    static let paths: [FieldPath] = {
        var all: Set<String> = ["patient.infusionTime"]
        let derived = ["xULN", "xLLN", "xBaseline", "decreaseFromBaseline"]
        for name in Vocabulary.variables.keys {
            let parts = name.split(separator: ".")
            if let last = parts.last, derived.contains(String(last)) { continue }
            for end in 1...parts.count { all.insert(parts[..<end].joined(separator: ".")) }
        }
        return all.sorted().map { FieldPath($0) }
    }()

    /// The paths as the batch output prints them (JSON strings).
    static let json: [[UInt8]] = paths.map { OutputBytes.json($0.text) }

    static let index: [FieldPath: Int] = Dictionary(uniqueKeysWithValues: paths.enumerated().map { ($0.element, $0.offset) })
}
