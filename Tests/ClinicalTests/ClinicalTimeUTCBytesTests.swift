import Testing
@testable import Clinical

@Suite("ClinicalTime: the UTC text written straight into bytes")
struct ClinicalTimeUTCBytesTests {
    static func written(_ time: ClinicalTime) -> String {
        var out: [UInt8] = [0x7B]
        time.writeUTCText(into: &out)
        return String(decoding: out.dropFirst(), as: UTF8.self)
    }

    @Test("the bytes are the UTC text, for every kind of instant", arguments: [
        0.0, 1_795_392_000, 1_795_392_000.5, 1_795_392_000.0004, 1_795_392_000.9996, -1, -0.25, -14_182_940,
        -62_167_219_200, -62_167_219_200.5, 253_402_300_799, 253_402_300_799.999, 253_402_300_800, -62_167_219_201,
    ])
    func bytesEqualText(_ seconds: Double) {
        let time = ClinicalTime(secondsSinceEpoch: seconds)
        #expect(Self.written(time) == time.utcText, "\(seconds)")
    }

    @Test("the bytes equal the text over a span of a thousand years in uneven steps")
    func bytesEqualTextOverYears() {
        var checked = 0
        var seconds = -30_000_000_000.0
        while seconds < 33_000_000_000 {
            let time = ClinicalTime(secondsSinceEpoch: seconds)
            #expect(Self.written(time) == time.utcText, "\(seconds)")
            seconds += 7_777_777.123
            checked += 1
        }
        #expect(checked > 8_000)
    }
}
