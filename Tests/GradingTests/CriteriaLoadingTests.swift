import Foundation
import Grading
import Testing
import TestSupport

/// The criteria set parses each file once (its `uses` and its body from one tree), and names
/// definitions without a regular expression; what loads, and what is refused, is as before.
@Suite("Loading a criteria set")
struct CriteriaLoadingTests {
    @Test("The set loads as each Criteria/ file alone, used files first: same ids, versions, uses and hashes")
    func setEqualsFilesLoadedOneByOne() throws {
        let repository = try BundledCriteriaTests.repositoryFiles()
        let set = try Fixtures.bundled()
        var loaded: [String: CriteriaFile] = [:]
        var pending = repository.keys.sorted()
        // Each file through the single-file entry, once the files it uses are loaded.
        while !pending.isEmpty {
            let before = pending.count
            pending.removeAll { id in
                guard let bytes = repository[id],
                      let file = try? CriteriaFile.load(bytes: bytes, name: "\(id).yaml", available: loaded) else { return false }
                loaded[file.id] = file
                return true
            }
            try #require(pending.count < before, "files that load neither in the set nor alone: \(pending)")
        }
        #expect(set.files.map(\.id) == loaded.keys.sorted())
        #expect(set.files.count == 8)
        for file in set.files {
            let alone = try #require(loaded[file.id])
            #expect(file.hash == alone.hash && file.version == alone.version && file.uses == alone.uses, "\(file.id)")
        }
    }

    @Test("A file that does not parse is reported with its line, beside a file that uses it", arguments: [
        ("a.yaml", "id: a\ntitle: [unclosed\n", "a.yaml:"),
    ])
    func unparsableFileIsReported(name: String, text: String, expected: String) {
        let using = "id: b\ntitle: B\nversion: \"1\"\nsource: S\nuses: [a]\ngrades: []\n"
        #expect {
            _ = try CriteriaSet.load([(name: name, bytes: Array(text.utf8)), (name: "b.yaml", bytes: Array(using.utf8))])
        } throws: { error in
            let text = "\(error)"
            return text.contains(expected) && text.contains("YAML") && text.contains("b.yaml")
        }
    }

    @Test("Definition names are one camelCase word of ASCII letters and digits", arguments: [
        ("fever", true), ("feverAndLowBP2", true), ("f", true),
        ("Fever", false), ("2fever", false), ("fever_low", false), ("fever-low", false), ("févre", false), ("fever\n", false),
        ("", false), ("fever low", false),
    ])
    func definitionNames(name: String, accepted: Bool) {
        #expect(CriteriaFile.isDefinitionName(name) == accepted)
    }
}
