import Foundation
import Grading
import Testing
import TestSupport

/// The criteria compiled into the binary are exactly the reviewed files of `Criteria/`.
@Suite("Bundled criteria match the reviewed Criteria/ files")
struct BundledCriteriaTests {
    static let required = ["astct-2019-crs", "astct-2019-icans", "ctcae-5-crs", "ctcae-5-labs"]

    static var criteriaDirectory: URL { Fixtures.criteriaDirectory(from: #filePath) }

    static func repositoryFiles() throws -> [String: [UInt8]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: criteriaDirectory.path).filter { $0.hasSuffix(".yaml") }
        var files: [String: [UInt8]] = [:]
        for name in names {
            let data = try Data(contentsOf: criteriaDirectory.appendingPathComponent(name))
            files[String(name.dropLast(".yaml".count))] = Array(data)
        }
        return files
    }

    @Test("The bundled set loads the four criteria ids")
    func loadsRequiredIDs() throws {
        let ids = try Fixtures.bundled().files.map(\.id)
        for id in Self.required { #expect(ids.contains(id), "\(id) is not bundled; bundled: \(ids)") }
        #expect(ids == ids.sorted())
    }

    @Test("Every bundled file is byte-identical to the repository's Criteria/ file (same SHA-256)")
    func hashesMatchRepository() throws {
        let repository = try Self.repositoryFiles()
        let bundled = try Fixtures.bundled()
        #expect(Set(bundled.files.map(\.id)) == Set(repository.keys), "bundled and Criteria/ hold different files")
        for file in bundled.files {
            let bytes = try #require(repository[file.id], "\(file.id) has no Criteria/\(file.id).yaml")
            #expect(file.hash == CriteriaHash.sha256(bytes), "\(file.id): the binary carries a stale copy of Criteria/\(file.id).yaml")
        }
    }

    @Test("Loading Criteria/ from disk gives the same files and hashes as the bundle")
    func directoryMatchesBundle() throws {
        let fromDisk = try CriteriaSet.load(directory: Self.criteriaDirectory.path)
        let bundled = try Fixtures.bundled()
        #expect(fromDisk.files.map(\.id) == bundled.files.map(\.id))
        #expect(fromDisk.files.map(\.hash) == bundled.files.map(\.hash))
    }

    @Test("Every criteria file cites its source and carries a version and title", arguments: required)
    func citesSource(_ id: String) throws {
        let file = try #require(try Fixtures.bundled().file(id))
        #expect(file.source.count > 40, "\(id): source too short to be a citation: \(file.source)")
        #expect(file.source.contains("20"), "\(id): the source names no year: \(file.source)")
        #expect(!file.version.isEmpty)
        #expect(!file.title.isEmpty)
        #expect(file.hash.hasPrefix("sha256:") && file.hash.count == "sha256:".count + 64)
    }

    @Test("Every interpretation a file declares has its text")
    func interpretationsHaveText() throws {
        for file in try Fixtures.bundled().files {
            for interpretation in file.interpretations {
                #expect(interpretation.text.count > 20, "\(file.id): interpretation \(interpretation.id) has no real text")
            }
        }
    }
}
