/// The dotted path of an input field as the user typed it, such as `support.oxygen.device`.
///
/// Errors, `missing` lists and warnings name fields by this path so that a reader can find the
/// key in their own input.
package struct FieldPath: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    package let text: String

    package init(_ text: String) { self.text = text }
    package init(stringLiteral value: String) { self.text = value }

    /// The path of a key inside this object.
    package func appending(_ key: String) -> FieldPath {
        FieldPath(text.isEmpty ? key : text + "." + key)
    }

    /// The path of an element inside this array.
    package func index(_ position: Int) -> FieldPath { FieldPath(text + "[\(position)]") }

    package var description: String { text }
    package static func < (a: FieldPath, b: FieldPath) -> Bool { a.text < b.text }
}
