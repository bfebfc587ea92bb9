import Foundation
import TestSupport

/// Files as bytes: their SHA-256 (to prove a file untouched) and in-place changes.
enum Bytes {
    static func sha256(_ path: String) throws -> String {
        let output = try Run.tool("sha256sum", [path])
        guard output.status == 0, let first = output.stdout.split(separator: " ").first else {
            throw TestFailure("sha256sum \(path): \(output.transcript)")
        }
        return String(first)
    }

    /// Overwrites `count` bytes at `offset` with a deterministic garbage pattern.
    static func garble(_ path: String, offset: UInt64, count: Int) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: offset)
        handle.write(Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }))
    }
}
