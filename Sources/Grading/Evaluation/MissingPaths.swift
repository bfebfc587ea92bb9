import Clinical

/// The missing inputs of a result, collected as they come and put in order once: sorting a small
/// array is much cheaper than hashing every path into a set, on the path that grades each input.
struct MissingPaths {
    private var paths: [FieldPath] = []

    mutating func add(_ more: [FieldPath]) { paths += more }

    /// Sorted, each path once.
    var sorted: [FieldPath] {
        var result: [FieldPath] = []
        for path in paths.sorted() where result.last != path { result.append(path) }
        return result
    }
}
