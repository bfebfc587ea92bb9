/// A replay's first reading of a stored payload: a byte scanner for the text the product writes
/// (canonical JSON: object keys plain ASCII in ascending order), which either vouches for the text
/// or declines it.
///
/// Declining is not rejecting: for a text it declines (a key with escapes or out of order, a
/// criteria id with escapes, nesting near 64 levels, any error) the caller reads the payload with
/// ``JSONSkimmer`` or ``GradesDigest``, which decide and give the error. So the scanner need only
/// never vouch for a text those reject, and report the same grades for one they accept; seeded
/// tests hold it to that on valid and damaged payloads (`PayloadFastScanTests`).
///
/// Why: a replay of a million events skims every grades payload and checks every observation's
/// (README, `Benchmarks/verify-replay.sh`): the skim made a `String` of every criteria id and
/// term and hashed them to number the keys (29 % of a replay's CPU with the check of the text,
/// `perf`), and the check kept a list of every object's keys for the duplicate-key search. Here
/// keys are checked in place against the one before them, and a result's criteria id and term
/// are handed over as byte ranges of the text.
package struct PayloadFastScan {
    /// One graded result of a grades payload: its criteria id and term as ranges of the text
    /// (plain ASCII: no escapes), and its grade (nil: not assessable).
    package struct Result: Sendable, Equatable {
        package var criteria: Range<Int>
        package var term: Range<Int>?
        package var grade: Int?
    }

    /// The text declined: the caller reads it with the full skimmer.
    private struct Declined: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Whether `bytes` is, for certain, one JSON value as `JSONSkimmer.validate` accepts it; false
    /// says nothing (the caller validates with `JSONSkimmer`).
    package static func vouches(for bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var scan = PayloadFastScan(bytes)
        do {
            try scan.skipValue(depth: 0)
            return scan.atEnd()
        } catch {
            return false
        }
    }

    /// Reads a grades payload as `GradesDigest(skimming:)` does: true when it vouches for the
    /// text, with `observationSeq` and `results` set (`results` is emptied first); false says
    /// nothing (the caller reads it with `GradesDigest`).
    package static func grades(_ bytes: UnsafeBufferPointer<UInt8>, observationSeq: inout Double?, results: inout [Result]) -> Bool {
        var scan = PayloadFastScan(bytes)
        observationSeq = nil
        results.removeAll(keepingCapacity: true)
        do {
            try scan.gradesPayload(observationSeq: &observationSeq, results: &results)
            return scan.atEnd()
        } catch {
            return false
        }
    }

    // MARK: - A grades payload

    /// The payload's object (depth 0): `observationSeq` and `results` read, the rest checked.
    private mutating func gradesPayload(observationSeq: inout Double?, results: inout [Result]) throws(Declined) {
        skipWhitespace()
        // A payload that is not an object gives nothing; rare enough to leave to the skimmer.
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { throw Declined() }
        try members(depth: 0) { key, scan throws(Declined) in
            let next = scan.bytes[scan.index]
            if scan.key(key, is: GradesDigest.Names.observationSeq), Self.isNumberStart(next) {
                observationSeq = try scan.number()
            } else if scan.key(key, is: GradesDigest.Names.results), next == UInt8(ascii: "[") {
                try scan.elements(depth: 1) { scan throws(Declined) in
                    if scan.bytes[scan.index] == UInt8(ascii: "{") {
                        if let result = try scan.result() { results.append(result) }
                    } else {
                        try scan.skipValue(depth: 2)
                    }
                }
            } else {
                try scan.skipValue(depth: 1)
            }
        }
    }

    /// What a grade's value was found to be, as ``GradesDigest`` reads it.
    private enum Grade {
        case absent, null, number(Double)
    }

    /// One element of `results` that is an object (depth 2).
    private mutating func result() throws(Declined) -> Result? {
        var criteria: Range<Int>?
        var term: Range<Int>?
        var grade = Grade.absent
        try members(depth: 2) { key, scan throws(Declined) in
            let next = scan.bytes[scan.index]
            if scan.key(key, is: GradesDigest.Names.criteria), next == UInt8(ascii: "\"") {
                criteria = try scan.plainString()
            } else if scan.key(key, is: GradesDigest.Names.term), next == UInt8(ascii: "\"") {
                term = try scan.plainString()
            } else if scan.key(key, is: GradesDigest.Names.grade), Self.isNumberStart(next) {
                grade = .number(try scan.number())
            } else if scan.key(key, is: GradesDigest.Names.grade), next == UInt8(ascii: "n") {
                try scan.skipValue(depth: 3)
                grade = .null
            } else {
                try scan.skipValue(depth: 3)
            }
        }
        // `LoggedGrade(criteria:term:value:)`: no criteria or no grade, or a grade no integer can
        // hold, is no result.
        guard let criteria else { return nil }
        switch grade {
        case .absent: return nil
        case .null: return Result(criteria: criteria, term: term, grade: nil)
        case .number(let number):
            guard let value = Int(exactly: number.rounded(.towardZero)) else { return nil }
            return Result(criteria: criteria, term: term, grade: value)
        }
    }

    // MARK: - Containers

    /// The members of the object at `index` (its opening brace), at `depth`: `body` gets each key
    /// (after the colon and whitespace, at the value's first byte) and must read or skip its value.
    /// Keys must be plain and strictly ascending (so none repeats).
    private mutating func members(depth: Int, _ body: (Range<Int>, inout PayloadFastScan) throws(Declined) -> Void) throws(Declined) {
        guard depth < 63 else { throw Declined() }
        index += 1
        skipWhitespace()
        guard index < bytes.count else { throw Declined() }
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        var previous: Range<Int>?
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Declined() }
            let key = try plainString()
            if let previous, !isBelow(previous, key) { throw Declined() }
            previous = key
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw Declined() }
            index += 1
            skipWhitespace()
            guard index < bytes.count else { throw Declined() }
            try body(key, &self)
            guard try another(before: UInt8(ascii: "}")) else { return }
        }
    }

    /// The elements of the array at `index` (its opening bracket), at `depth`: `body` is called at
    /// each element's first byte and must read or skip it.
    private mutating func elements(depth: Int, _ body: (inout PayloadFastScan) throws(Declined) -> Void) throws(Declined) {
        guard depth < 63 else { throw Declined() }
        index += 1
        skipWhitespace()
        guard index < bytes.count else { throw Declined() }
        if bytes[index] == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            guard index < bytes.count else { throw Declined() }
            try body(&self)
            guard try another(before: UInt8(ascii: "]")) else { return }
        }
    }

    /// After a member or an element: past a comma and the whitespace after it (true: another
    /// follows), or past `closing` (false: the object or array ends); declined otherwise.
    @inline(__always)
    private mutating func another(before closing: UInt8) throws(Declined) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw Declined() }
        if bytes[index] == UInt8(ascii: ",") {
            index += 1
            skipWhitespace()
            return true
        }
        guard bytes[index] == closing else { throw Declined() }
        index += 1
        return false
    }

    /// Passes over the value at `depth` (after whitespace), checking it.
    private mutating func skipValue(depth: Int) throws(Declined) {
        // The skimmer refuses a value at depth 64; declining well before keeps this side simple.
        guard depth < 63 else { throw Declined() }
        skipWhitespace()
        guard index < bytes.count else { throw Declined() }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            try members(depth: depth) { _, scan throws(Declined) in try scan.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            try elements(depth: depth) { scan throws(Declined) in try scan.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = index
            do {
                if try JSONLexis.skipNumberText(bytes, &index) { _ = try JSONLexis.number(bytes, start..<index) }
            } catch {
                throw Declined()
            }
        default: throw Declined()
        }
    }

    // MARK: - Scalars

    /// The number at `index`, converted as the skimmer's `readNumber` converts it.
    private mutating func number() throws(Declined) -> Double {
        let start = index
        do {
            try JSONLexis.skipNumberText(bytes, &index)
            return try JSONLexis.number(bytes, start..<index)
        } catch {
            throw Declined()
        }
    }

    private mutating func literal(_ text: StaticString) throws(Declined) {
        do { try JSONLexis.expectLiteral(text, bytes, &index) } catch { throw Declined() }
    }

    /// The string at `index` (its opening quote) when it is plain — printable ASCII without
    /// escapes — as the range of its text; declines any other.
    private mutating func plainString() throws(Declined) -> Range<Int> {
        index += 1
        let start = index
        skipPlainText()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Declined() }
        index += 1
        return start..<index - 1
    }

    /// Passes over the string at `index` (its opening quote), checking its escapes and UTF-8 as
    /// the skimmer does.
    private mutating func skipString() throws(Declined) {
        index += 1
        while true {
            skipPlainText()
            guard index < bytes.count else { throw Declined() }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw Declined() }
                let escape = bytes[index]
                index += 1
                if escape == UInt8(ascii: "u") {
                    do { _ = try JSONLexis.unicodeEscape(bytes, &index) } catch { throw Declined() }
                } else if !JSONLexis.isSingleCharacterEscape(escape) {
                    throw Declined()
                }
            case 0x80...:
                guard let length = JSONLexis.utf8SequenceLength(bytes, at: index) else { throw Declined() }
                index += length
            default:
                // A control character.
                throw Declined()
            }
        }
    }

    /// Passes over printable ASCII other than `"` and `\`, eight bytes at a time
    /// (``JSONLexis/skipPlainWords(_:_:)``), then the last few one by one, and stops at the first
    /// other byte.
    @inline(__always)
    private mutating func skipPlainText() {
        JSONLexis.skipPlainWords(bytes, &index)
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else { return }
            index += 1
        }
    }

    // MARK: - Keys

    /// Whether the plain key at `range` is `name`.
    private func key(_ range: Range<Int>, is name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount else { return false }
        let start = name.utf8Start
        for offset in 0..<range.count where bytes[range.lowerBound + offset] != start[offset] { return false }
        return true
    }

    /// Whether plain key `a` is below `b` in byte order (a prefix is below).
    private func isBelow(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        let common = min(a.count, b.count)
        var offset = 0
        while offset < common {
            let x = bytes[a.lowerBound + offset], y = bytes[b.lowerBound + offset]
            if x != y { return x < y }
            offset += 1
        }
        return a.count < b.count
    }

    private mutating func skipWhitespace() { JSONLexis.skipWhitespace(bytes, &index) }

    private func atEnd() -> Bool {
        var end = index
        JSONLexis.skipWhitespace(bytes, &end)
        return end == bytes.count
    }

    private static func isNumberStart(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || JSONLexis.isDigit(byte)
    }
}
