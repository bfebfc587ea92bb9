@testable import EventLog
import Foundation
import Testing

/// Event ids: random version 4 UUIDs in lowercase, drawn with `getrandom(2)`, no file opened (`EventID`).
@Suite("Event ids")
struct EventIDTests {
    @Test func anIdIsALowercaseVersion4UUID() throws {
        for _ in 0..<1_000 {
            let id = EventID.random()
            #expect(id.count == 36 && id == id.lowercased(), "\(id)")
            let parsed = try #require(UUID(uuidString: id), "\(id)")
            #expect(parsed.uuidString.lowercased() == id)
            let characters = Array(id)
            #expect(characters[14] == "4", "version: \(id)")
            #expect("89ab".contains(characters[19]), "variant: \(id)")
        }
    }

    @Test func idsDoNotRepeatAndEveryRandomBitVaries() {
        let ids = (0..<20_000).map { _ in EventID.random() }
        #expect(Set(ids).count == ids.count)
        // Every one of the 122 random bits is 0 in some id and 1 in another (a byte left
        // unfilled, or filled the same every time, would not be).
        var ones = [UInt8](repeating: 0, count: 16), zeros = [UInt8](repeating: 0, count: 16)
        for id in ids.prefix(2_000) {
            let bytes = withUnsafeBytes(of: UUID(uuidString: id)!.uuid) { Array($0) }
            for index in 0..<16 {
                ones[index] |= bytes[index]
                zeros[index] |= ~bytes[index]
            }
        }
        let fixed: [Int: UInt8] = [6: 0xF0, 8: 0xC0]  // the version's and the variant's bits
        for index in 0..<16 {
            let mask = ~(fixed[index] ?? 0)
            #expect(ones[index] & mask == mask && zeros[index] & mask == mask, "byte \(index)")
        }
    }
}

@Suite("Event id text")
struct EventIDTextTests {
    /// The text written from the bytes is Foundation's own, in lowercase, for any bytes.
    @Test func theTextIsFoundationsInLowercase() {
        var generator = SystemRandomNumberGenerator()
        let fixed: [uuid_t] = [(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                               (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255),
                               (0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE)]
        let random: [uuid_t] = (0..<500).map { _ in
            var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &bytes) { raw in
                for index in raw.indices { raw[index] = generator.next() }
            }
            return bytes
        }
        for bytes in fixed + random {
            let text = withUnsafeBytes(of: bytes) { EventID.text(of: $0) }
            #expect(text == UUID(uuid: bytes).uuidString.lowercased())
        }
    }
}
