import Clinical
import Foundation
import Yams

/// All criteria files that grade together, loaded as one unit.
///
/// A set loads completely or not at all: the first invalid file, or two files with one id, stop
/// the load with a ``CriteriaErrors`` listing every problem found.
package struct CriteriaSet: Sendable {
    /// The files, ordered by id.
    package let files: [CriteriaFile]

    /// Per file (in `files` order): whether another file of the set reads its grades (`uses`), so
    /// that its answers are kept for that file while an assessment is graded.
    let used: [Bool]

    package init(files: [CriteriaFile]) {
        self.files = files.sorted { $0.id < $1.id }
        let usedIDs = Set(files.flatMap(\.uses))
        used = self.files.map { usedIDs.contains($0.id) }
    }

    /// The criteria bundled into the binary at build time from `Criteria/`.
    package static func bundled() throws(CriteriaErrors) -> CriteriaSet {
        try load(BundledCriteria.files.map { (name: $0.name, bytes: Array($0.text.utf8)) })
    }

    /// Loads every `*.yaml` file of `directory`.
    package static func load(directory: String) throws(CriteriaErrors) -> CriteriaSet {
        let url = URL(fileURLWithPath: directory)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }.sorted()
        } catch {
            throw CriteriaErrors(errors: [CriteriaError(file: directory, line: 0, message: "cannot read the directory")])
        }
        guard !names.isEmpty else {
            throw CriteriaErrors(errors: [CriteriaError(file: directory, line: 0, message: "no criteria files (*.yaml)")])
        }
        var sources: [(name: String, bytes: [UInt8])] = []
        for name in names {
            let path = url.appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CriteriaErrors(errors: [CriteriaError(file: path, line: 0, message: "cannot read the file")])
            }
            sources.append((path, Array(data)))
        }
        return try load(sources)
    }

    /// Loads files given as name and bytes; names appear in error messages. A file that `uses`
    /// another is loaded after it.
    package static func load(_ sources: [(name: String, bytes: [UInt8])]) throws(CriteriaErrors) -> CriteriaSet {
        var loaded: [String: CriteriaFile] = [:]
        var loadedFrom: [String: String] = [:]
        var errors: [CriteriaError] = []
        // Each file is parsed once: its `uses` (to order the loading) and its body are read from
        // the same tree; a file that does not parse reports its error when its turn comes.
        var pending = sources.map { source in
            let root = Result { () throws(CriteriaError) in try CriteriaFile.compose(source.bytes, name: source.name) }
            return (source: source, root: root, uses: Self.declaredUses(root))
        }
        let ids = Set(sources.map { Self.stem($0.name) })
        while !pending.isEmpty {
            // Load every file whose used files are loaded (or will never be: it then reports them).
            let ready = pending.indices.filter { index in
                pending[index].uses.allSatisfy { loaded[$0] != nil || !ids.contains($0) }
            }
            let batch = ready.isEmpty ? Array(pending.indices) : ready
            for index in batch {
                let source = pending[index].source
                do {
                    let file = try CriteriaFile.load(root: try pending[index].root.get(), bytes: source.bytes, name: source.name,
                                                     available: loaded)
                    if let other = loadedFrom[file.id] {
                        errors.append(CriteriaError(file: source.name, line: 0, message: "id \(file.id) is also defined in \(other)"))
                        continue
                    }
                    loaded[file.id] = file
                    loadedFrom[file.id] = source.name
                } catch {
                    errors.append(error)
                }
            }
            let done = Set(batch)
            pending = pending.enumerated().filter { !done.contains($0.offset) }.map(\.element)
        }
        guard errors.isEmpty else { throw CriteriaErrors(errors: errors.sorted { ($0.file, $0.line) < ($1.file, $1.line) }) }
        return CriteriaSet(files: Array(loaded.values))
    }

    /// The ids a file lists under `uses`, read ahead of loading so files load in order.
    private static func declaredUses(_ root: Result<Node, CriteriaError>) -> [String] {
        guard case .success(let root) = root, case .sequence(let list)? = root["uses"] else { return [] }
        return list.compactMap(\.string)
    }

    private static func stem(_ name: String) -> String {
        let last = name.split(separator: "/").last.map(String.init) ?? name
        return last.hasSuffix(".yaml") ? String(last.dropLast(5)) : last
    }

    /// The file with `id`, if loaded.
    package func file(_ id: String) -> CriteriaFile? { files.first { $0.id == id } }

    /// Evaluates every file (or those named in `only`) for one assessment, in id order.
    package func evaluate(_ assessment: Assessment, only: Set<String>? = nil) -> [CriteriaResult] {
        let subject = Subject(assessment)
        var results: [CriteriaResult] = []
        results.reserveCapacity(files.count + 12)
        for index in files.indices where only?.contains(files[index].id) ?? true {
            files[index].compiled.evaluate(subject, into: &results, keep: used[index])
        }
        return results
    }
}
