import Yams

extension CriteriaFile {
    /// Every `reason:` and `means:` text of a criteria file's bytes, in file order, each once: the
    /// words a translation catalogue must cover (the catalogue test reads them from here).
    package static func wordings(bytes: [UInt8], name: String) throws(CriteriaError) -> [String] {
        var found: [String] = []
        func walk(_ node: Node) {
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    if let name = key.string, name == "reason" || name == "means", let text = value.string {
                        let trimmed = String(text.trimmingSpaces)
                        if !found.contains(trimmed) { found.append(trimmed) }
                    } else {
                        walk(value)
                    }
                }
            case .sequence(let sequence):
                sequence.forEach(walk)
            default:
                break
            }
        }
        walk(try compose(bytes, name: name))
        return found
    }
}
