import Foundation
import Synchronization

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

/// Temporary directories a suite shares (a demo written once for many tests), removed when the
/// test process exits: a `static let` has no teardown, and each run left its copy behind.
package enum SharedScratch {
    private static let made = Mutex<[URL]>([])

    /// A new directory named `prefix` and a unique suffix, removed at exit.
    package static func directory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        register(url)
        return url
    }

    /// Removes `url` (a directory made elsewhere) when the process exits.
    package static func register(_ url: URL) {
        made.withLock { urls in
            if urls.isEmpty { atexit { SharedScratch.removeAll() } }
            urls.append(url)
        }
    }

    private static func removeAll() {
        for url in made.withLock({ $0 }) { try? FileManager.default.removeItem(at: url) }
    }
}
