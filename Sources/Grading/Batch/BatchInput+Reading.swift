import Foundation

extension BatchInput {
    /// A file of input that cannot be read (missing, a directory, no permission).
    package struct Unreadable: Error, Sendable {
        package let path: String
    }

    /// The bytes of `file`, or of standard input for nil or "-": the input of `aegrade grade`,
    /// `record` and `log correct`.
    package static func read(_ file: String?) throws(Unreadable) -> [UInt8] {
        guard let file, file != "-" else { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let contents = FileManager.default.contents(atPath: file) else { throw Unreadable(path: file) }
        return Array(contents)
    }
}
