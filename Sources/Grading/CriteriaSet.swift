import Clinical
import Foundation
import Logging

/// All criteria files that grade together, loaded as one unit.
///
/// A set loads completely or not at all: the first invalid file, or two files with one id, stop
/// the load with a ``CriteriaErrors`` listing every problem found.
package struct CriteriaSet: Sendable {
    /// The files, ordered by id.
    package let files: [CriteriaFile]

    package init(files: [CriteriaFile]) { self.files = files.sorted { $0.id < $1.id } }

    /// The criteria bundled into the binary at build time from `Criteria/`.
    package static func bundled(logger: Logger? = nil) throws(CriteriaErrors) -> CriteriaSet {
        try load(BundledCriteria.files.map { (name: $0.name, bytes: Array($0.text.utf8)) }, logger: logger)
    }

    /// Loads every `*.yaml` file of `directory`.
    package static func load(directory: String, logger: Logger? = nil) throws(CriteriaErrors) -> CriteriaSet {
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
        return try load(sources, logger: logger)
    }

    /// Loads files given as name and bytes; names appear in error messages.
    package static func load(_ sources: [(name: String, bytes: [UInt8])], logger: Logger? = nil) throws(CriteriaErrors) -> CriteriaSet {
        var files: [CriteriaFile] = []
        var errors: [CriteriaError] = []
        var seen: [String: String] = [:]
        for source in sources {
            do {
                let file = try CriteriaFile.load(bytes: source.bytes, name: source.name)
                if let other = seen[file.id] {
                    errors.append(CriteriaError(file: source.name, line: 0, message: "id \(file.id) is also defined in \(other)"))
                    continue
                }
                seen[file.id] = source.name
                files.append(file)
                logger?.debug("criteria loaded", metadata: ["criteria.id": "\(file.id)", "criteria.hash": "\(file.hash)"])
            } catch {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw CriteriaErrors(errors: errors) }
        return CriteriaSet(files: files)
    }

    /// The file with `id`, if loaded.
    package func file(_ id: String) -> CriteriaFile? { files.first { $0.id == id } }

    /// Evaluates every file (or those named in `only`) for one assessment, in id order.
    package func evaluate(_ assessment: Assessment, only: Set<String>? = nil) -> [CriteriaResult] {
        let subject = Subject(assessment)
        var results: [CriteriaResult] = []
        for file in files where only?.contains(file.id) ?? true {
            results += file.evaluate(subject)
        }
        return results
    }
}
