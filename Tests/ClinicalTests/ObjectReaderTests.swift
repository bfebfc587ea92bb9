import Testing
@testable import Clinical

/// `ObjectReader` marks what it has taken instead of removing it: the first 64 members as bits,
/// any further ones in a list. Either way each key is taken once and `finish` names the first
/// member left, in the order of the input.
@Suite("ObjectReader: members taken, on either side of 64")
struct ObjectReaderTests {
    static func wide(_ count: Int) throws -> JSONValue {
        try JSONParser.parse("{" + (0..<count).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + "}")
    }

    @Test("taking every member but one leaves that one for finish, wherever it lies", arguments: [0, 1, 62, 63, 64, 65, 99])
    func leftOneNamed(_ left: Int) throws {
        var reader = try ObjectReader(Self.wide(100), at: "labs")
        for index in (0..<100).reversed() where index != left {
            #expect(try reader.number("k\(index)") == Double(index))
            #expect(try reader.number("k\(index)") == nil, "taken once")
        }
        let error = #expect(throws: InputError.self) { try reader.finish() }
        #expect(error?.field == FieldPath("labs.k\(left)"))
        #expect(try reader.number("k\(left)") == Double(left))
        #expect(throws: Never.self) { try reader.finish() }
    }

    @Test("an element of an array names its position, and a child object its key")
    func locationsSpelt() throws {
        let element = try JSONParser.parse(#"{"drug":"x","extra":{"deep":"y"}}"#)
        var reader = try ObjectReader(element, element: 2, of: "support.vasopressors")
        #expect(reader.path == "support.vasopressors[2]")
        var child = try #require(try reader.object("extra"))
        #expect(child.path == "support.vasopressors[2].extra")
        let wrongType = #expect(throws: InputError.self) { _ = try child.number("deep") }
        #expect(wrongType?.description == "support.vasopressors[2].extra.deep: expected a number, found a string")
        let notObject = #expect(throws: InputError.self) { _ = try ObjectReader(.number(1), element: 0, of: "support.vasopressors") }
        #expect(notObject?.description == "support.vasopressors[0]: expected an object, found a number")
        let unknown = #expect(throws: InputError.self) { _ = try ObjectReader(element, element: 1, of: "v", keys: ["drug"]) }
        #expect(unknown?.description == "v[1].extra: unknown field \"extra\"")
    }

    /// Keys are looked for after the last one taken first, and compared by length before their
    /// text; neither may change which member a key finds.
    @Test("keys taken in any order, absent ones, and a key spelt with a canonically equal character")
    func lookupOrderAndSpelling() throws {
        let object = try JSONParser.parse(#"{"b":2,"a":1,"c":3,"weightKg":70}"#)
        var reader = try ObjectReader(object, at: "patient", keys: ["a", "b", "c", "weightKg"])
        #expect(try reader.number("a") == 1)
        #expect(try reader.number("zz") == nil)
        #expect(try reader.number("c") == 3)
        #expect(try reader.number("b") == 2)
        // U+212A KELVIN SIGN is canonically K: Swift's == holds the two keys equal, and so does the reader.
        #expect(try reader.number("weightKg") == 70)
        #expect(throws: Never.self) { try reader.finish() }
    }
}
