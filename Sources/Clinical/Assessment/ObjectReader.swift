/// Reads the members of one JSON object strictly: each key is taken once, by name, and `finish()`
/// rejects whatever key is left, naming it. Every error carries the field path.
///
/// Grading reads a hundred thousand assessments in one run, so a reader allocates nothing while
/// the input is valid: members taken are marked in a bit set rather than removed (which would copy
/// the parsed object's members), and field paths are put together only when an error names one.
package struct ObjectReader {
    /// Where this object sits: its path is spelt out only for an error or a child that asks.
    private enum Location {
        case path(FieldPath)
        case key(FieldPath, String)
        case element(FieldPath, Int)
    }

    private let location: Location
    private let members: [(String, JSONValue)]
    /// Members taken, by position: the first 64 as bits, any further in `takenBeyond`.
    private var taken: UInt64 = 0
    private var takenBeyond: [Int] = []
    /// The member after the one taken last: where the next key is looked for first.
    private var next = 0

    package var path: FieldPath { Self.path(of: location) }

    private static func path(of location: Location) -> FieldPath {
        switch location {
        case .path(let path): path
        case .key(let parent, let key): parent.appending(key)
        case .element(let parent, let index): parent.index(index)
        }
    }

    /// Starts reading `value` at `path`; throws when it is not an object, or, when `keys` is
    /// given, for the first key not among them — before any required key is reported missing, so
    /// that a misspelt key is named as what it is.
    package init(_ value: JSONValue, at path: FieldPath, keys: [String]? = nil) throws {
        try self.init(value, location: .path(path), keys: keys)
    }

    /// Reads element `index` of the array at `parent`.
    package init(_ value: JSONValue, element index: Int, of parent: FieldPath, keys: [String]? = nil) throws {
        try self.init(value, location: .element(parent, index), keys: keys)
    }

    private init(_ value: JSONValue, location: Location, keys: [String]?) throws {
        guard case .object(let members) = value else {
            throw InputError(field: Self.path(of: location), message: "expected an object, found \(value.typeName)")
        }
        self.location = location
        self.members = members
        // The names are searched one by one: a handful per object, fewer comparisons than hashing each key.
        if let keys, let (key, _) = members.first(where: { member in !keys.contains { Self.same(member.0, $0) } }) {
            throw InputError(field: path.appending(PrintableText.abbreviated(key)), message: "unknown field \(PrintableText.quoted(key))")
        }
    }

    /// `key == name` for a `name` of the spec (ASCII), with the lengths compared first: most keys
    /// differ in length from the one asked for, and two lengths compare faster than two strings.
    /// Swift compares strings by canonical equivalence, under which a key shorter in UTF-8 than an
    /// ASCII name is never equal to it (each of its characters stands for at least one byte of
    /// the name); a longer key may be (U+212A KELVIN SIGN is K), so it is compared in full.
    @inline(__always)
    private static func same(_ key: String, _ name: String) -> Bool {
        key.utf8.count < name.utf8.count ? false : key == name
    }

    private func isTaken(_ index: Int) -> Bool {
        index < 64 ? taken >> UInt64(index) & 1 == 1 : takenBeyond.contains(index)
    }

    /// Removes and returns the value of `key`; nil when absent. JSON `null` counts as absent.
    ///
    /// The decoder takes keys in the order the spec lists them, which is the order most inputs
    /// write them in, so the member after the last one taken is tried first: reading an object
    /// then costs one comparison per key instead of a search from its start each time. (Keys are
    /// unique: the parser rejects an object that repeats one.)
    package mutating func take(_ key: String) -> JSONValue? {
        let index: Int
        if next < members.count, Self.same(members[next].0, key), !isTaken(next) {
            index = next
        } else if let found = members.indices.first(where: { Self.same(members[$0].0, key) && !isTaken($0) }) {
            index = found
        } else {
            return nil
        }
        next = index + 1
        if index < 64 { taken |= UInt64(1) << UInt64(index) } else { takenBeyond.append(index) }
        let value = members[index].1
        if case .null = value { return nil }
        return value
    }

    /// Throws for the first key that was not taken.
    package func finish() throws {
        if let index = members.indices.first(where: { !isTaken($0) }) {
            let key = members[index].0
            throw InputError(field: path.appending(PrintableText.abbreviated(key)), message: "unknown field \(PrintableText.quoted(key))")
        }
    }

    package mutating func object(_ key: String, keys: [String]? = nil) throws -> ObjectReader? {
        guard let value = take(key) else { return nil }
        return try ObjectReader(value, location: .key(path, key), keys: keys)
    }

    package mutating func string(_ key: String) throws -> String? {
        guard let value = take(key) else { return nil }
        guard case .string(let text) = value else {
            throw InputError(field: path.appending(key), message: "expected a string, found \(value.typeName)")
        }
        return text
    }

    package mutating func bool(_ key: String) throws -> Bool? {
        guard let value = take(key) else { return nil }
        guard case .bool(let flag) = value else {
            throw InputError(field: path.appending(key), message: "expected true or false, found \(value.typeName)")
        }
        return flag
    }

    package mutating func number(_ key: String) throws -> Double? {
        guard let value = take(key) else { return nil }
        return try Self.number(value, at: path.appending(key))
    }

    /// The number `value`; `path` is spelt out only when it is not one.
    package static func number(_ value: JSONValue, at path: @autoclosure () -> FieldPath) throws -> Double {
        guard case .number(let number) = value else {
            throw InputError(field: path(), message: "expected a number, found \(value.typeName)")
        }
        return number
    }

    /// A whole number within `range` (item scores and totals).
    package mutating func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let number = try number(key) else { return nil }
        return try Self.integer(number, in: range, at: path.appending(key))
    }

    package static func integer(_ number: Double, in range: ClosedRange<Int>, at path: @autoclosure () -> FieldPath) throws -> Int {
        guard number == number.rounded(), number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
            throw InputError(field: path(), message: "\(JSONValue.format(number)) is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return Int(number)
    }

    /// A value of a closed vocabulary; an unknown value names the allowed ones.
    package mutating func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, as type: E.Type) throws -> E?
    where E.RawValue == String {
        guard let value = take(key) else { return nil }
        return try Self.enumeration(value, as: type, at: path.appending(key))
    }

    package static func enumeration<E: RawRepresentable & CaseIterable>(_ value: JSONValue, as type: E.Type,
                                                                         at path: @autoclosure () -> FieldPath) throws -> E
    where E.RawValue == String {
        guard case .string(let text) = value else {
            throw InputError(field: path(), message: "expected a string, found \(value.typeName)")
        }
        guard let result = E(rawValue: text) else {
            let allowed = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw InputError(field: path(), message: "\(PrintableText.quoted(text)) is not one of \(allowed)")
        }
        return result
    }

    package mutating func array(_ key: String) throws -> [JSONValue]? {
        guard let value = take(key) else { return nil }
        guard case .array(let elements) = value else {
            throw InputError(field: path.appending(key), message: "expected an array, found \(value.typeName)")
        }
        return elements
    }

    package mutating func time(_ key: String) throws -> ClinicalTime? {
        guard let text = try string(key) else { return nil }
        guard let time = ClinicalTime(iso8601: text) else {
            throw InputError(field: path.appending(key), message: "\(PrintableText.quoted(text)) is not an ISO 8601 time with a UTC offset, such as 2026-11-22T08:00:00+08:00")
        }
        return time
    }

    package func missing(_ key: String) -> InputError {
        InputError(field: path.appending(key), message: "required")
    }
}
