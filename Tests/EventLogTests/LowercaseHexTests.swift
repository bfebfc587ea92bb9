@testable import EventLog
import Foundation
import Testing

/// The log's one hex encoder and decoder (`LowercaseHex`): Foundation's `%02x`, for every byte
/// and in order, and only that text read back.
@Suite("Lowercase hex")
struct LowercaseHexTests {
    @Test func everyByteIsItsTwoDigitsAsFoundationFormatsThem() {
        let all = (0...255).map { UInt8($0) }
        #expect(LowercaseHex.text(all) == all.map { String(format: "%02x", $0) }.joined())
        #expect(LowercaseHex.text([UInt8]()) == "")
        // Every way in: an array, a sequence without contiguous storage, contiguous storage of another type
        #expect(LowercaseHex.text([0x00, 0x0F, 0x10, 0xAB, 0xFF].reversed()) == "ffab100f00")
        #expect(LowercaseHex.text(Data(all)) == LowercaseHex.text(all))
        #expect(LowercaseHex.text(all[250...]) == "fafbfcfdfeff")
    }

    @Test func everyByteReadsBackFromItsText() {
        let all = (0...255).map { UInt8($0) }
        #expect(LowercaseHex.bytes(LowercaseHex.text(all)) == all)
        #expect(LowercaseHex.bytes("") == [])
        #expect(LowercaseHex.bytes("000f10abff") == [0x00, 0x0F, 0x10, 0xAB, 0xFF])
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(LowercaseHex.bytes(LowercaseHex.text(bytes)) == bytes)
        }
    }

    /// Text this product never writes is not read as bytes, even where it would spell the same ones.
    @Test(arguments: ["AB", "0F", "aB", "+f", "-0", " f", "f ", "0", "abc", "0g", "g0", "0x0f", "ｆｆ", "é0", "0\u{0}"])
    func anyOtherTextIsRefused(text: String) {
        #expect(LowercaseHex.bytes(text) == nil)
    }
}
