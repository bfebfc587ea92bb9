/// Where in a file its first byte that is not UTF-8 stands, so that a loader can say
/// `file:line:` for an encoding error as it does for every other error.
package struct UTF8Position: Equatable, Sendable {
    /// 1-based line and column (columns count characters, as editors do).
    package let line: Int
    package let column: Int
    /// The offending byte.
    package let byte: UInt8

    /// The first position where `bytes` is not well-formed UTF-8, or nil when all of it is.
    package static func firstInvalid(in bytes: [UInt8]) -> UTF8Position? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        var line = 1
        var column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                offset += encoded.count
            case .error(let length):
                _ = length
                return UTF8Position(line: line, column: column, byte: bytes[offset])
            case .emptyInput:
                return nil
            }
        }
    }

    /// `not UTF-8 text: byte 0xFF at column 7`, the message both loaders give.
    package var message: String {
        "not UTF-8 text: byte 0x" + String(byte, radix: 16, uppercase: true) + " at column \(column) (save the file as UTF-8)"
    }
}
