import Clinical

/// The pieces of the batch output (`grade-io.md`) written as bytes: fixed text, numbers as
/// `JSONValue.format` spells them, and strings escaped once where they are loaded.
enum OutputBytes {
    static func raw(_ text: StaticString, into out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A JSON string literal of `text`, for tables written once.
    static func json(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        JSONValue.writeString(text, into: &out)
        return out
    }

    /// A number as `JSONValue.format` spells it; whole numbers (grades, counts, points) digit by
    /// digit, without a string each.
    static func number(_ value: Double, into out: inout [UInt8]) {
        guard value == value.rounded(), abs(value) < 1e16 else {
            out += JSONValue.format(value).utf8
            return
        }
        whole(Int64(value), into: &out)
    }

    static func whole(_ value: Int64, into out: inout [UInt8]) {
        var whole = value
        if whole < 0 { out.append(UInt8(ascii: "-")); whole = -whole }
        var divisor: Int64 = 1
        while divisor <= whole / 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(whole / divisor % 10))
            divisor /= 10
        }
    }

    /// `[a,b,…]` of strings escaped beforehand.
    static func list(_ items: some Sequence<[UInt8]>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        var first = true
        for item in items {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: item)
        }
        out.append(UInt8(ascii: "]"))
    }
}
