@testable import EventLog
import Foundation
import Testing

/// The log's one hex encoder (`LowercaseHex`): Foundation's `%02x`, for every byte and in order.
@Suite("Lowercase hex")
struct LowercaseHexTests {
    @Test func everyByteIsItsTwoDigitsAsFoundationFormatsThem() {
        let all = (0...255).map { UInt8($0) }
        #expect(LowercaseHex.text(all) == all.map { String(format: "%02x", $0) }.joined())
        #expect(LowercaseHex.text([UInt8]()) == "")
        #expect(LowercaseHex.text([0x00, 0x0F, 0x10, 0xAB, 0xFF].reversed()) == "ffab100f00")
    }
}
