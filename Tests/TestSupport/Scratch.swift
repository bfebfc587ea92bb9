import Foundation

/// A temporary directory, removed by `remove()` (call it in a `defer`).
package struct Scratch {
    package let url: URL

    package init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    package func file(_ name: String) -> URL { url.appendingPathComponent(name) }
    package func path(_ name: String) -> String { file(name).path }

    package func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A failure of the test's own set-up (a tool that did not run as expected, a child that never
/// finished).
package struct TestFailure: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
