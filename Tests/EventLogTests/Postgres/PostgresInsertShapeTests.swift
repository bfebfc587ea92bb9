import Foundation
@testable import PostgresLog
import Testing

/// The texts of append statements, one per shape (`PostgresEventStore.InsertShape`), and the NUL
/// check made on every row before it is sent (`holdsNUL`). No server: the statements themselves
/// run in every PostgreSQL append test.
@Suite("PostgreSQL append statements' texts by shape")
struct PostgresInsertShapeTests {
    typealias Shape = PostgresEventStore.InsertShape

    /// The parameters `$n` a text names.
    static func parameters(_ text: String) -> Set<Int> {
        var found: Set<Int> = []
        var scanner = text[...]
        while let dollar = scanner.firstIndex(of: "$") {
            let digits = scanner[scanner.index(after: dollar)...].prefix { $0.isASCII && $0.isNumber }
            if let number = Int(digits) { found.insert(number) }
            scanner = scanner[scanner.index(after: dollar)...]
        }
        return found
    }

    static let shapes: [Shape] = {
        var shapes: [Shape] = []
        for signed in [[false], [true], [true, true], [true, false, true], [false, false]] {
            for head in [false, true] {
                for guarded in [false, true] {
                    shapes.append(Shape(signed: signed, assumingHead: head, guarded: guarded, aheadTimeLimitMillis: 1_000))
                }
            }
        }
        return shapes
    }()

    /// Every text names exactly the parameters `insertStatement` binds: the site, 14 a row, 3 for
    /// an assumed head, 2 for the guard, 3 a signature — none missing, none beyond.
    @Test(arguments: shapes)
    func aShapesTextNamesEveryParameterItsStatementBinds(_ shape: Shape) {
        let count = 1 + 14 * shape.signed.count + (shape.assumingHead ? 3 : 0) + (shape.guarded ? 2 : 0) + 3 * shape.signed.filter { $0 }.count
        #expect(Self.parameters(shape.text) == Set(1...count), "\(shape.text)")
    }

    @Test func aShapeKeptGivesTheTextItMakesAndShapesDiffer() {
        let texts = Self.shapes.map(\.cachedText)
        #expect(texts == Self.shapes.map(\.text))
        #expect(Set(texts).count == Self.shapes.count)
        let later = Shape(signed: [true, true], assumingHead: true, guarded: true, aheadTimeLimitMillis: 600_000)
        #expect(later.cachedText.contains("interval '600000 milliseconds'"))
    }

    @Test func aNULIsFoundWhereverItIs() {
        #expect(!PostgresEventStore.holdsNUL(nil))
        #expect(!PostgresEventStore.holdsNUL(""))
        #expect(!PostgresEventStore.holdsNUL("BED-07 病人"))
        #expect(PostgresEventStore.holdsNUL("\u{0}"))
        #expect(PostgresEventStore.holdsNUL("BED\u{0}07"))
        #expect(PostgresEventStore.holdsNUL(String(repeating: "x", count: 4_000) + "\u{0}"))
        // A string bridged from Foundation, whose UTF-8 may not be kept in one piece
        #expect(PostgresEventStore.holdsNUL(NSString(string: "a\u{0}b") as String))
        #expect(!PostgresEventStore.holdsNUL(NSString(string: "ab") as String))
    }
}
