import Testing
@testable import Terminal

@Suite("ColorPairs: one curses pair per (foreground, background)")
struct ColorPairsTests {
    static let colors: [Color?] = [nil] + Color.allCases.map { $0 }

    @Test func theDefaultsArePairZero() {
        #expect(ColorPairs.number(foreground: nil, background: nil) == 0)
    }

    @Test func foregroundsOnTheDefaultBackgroundComeFirst() {
        #expect(ColorPairs.number(foreground: .black, background: nil) == 1)
        #expect(ColorPairs.number(foreground: .red, background: nil) == 2)
        #expect(ColorPairs.number(foreground: .white, background: nil) == 8)
        #expect(ColorPairs.number(foreground: nil, background: .black) == 9)
        #expect(ColorPairs.number(foreground: .white, background: .white) == 80)
    }

    @Test func everyCombinationHasItsOwnPairWithinTheCount() {
        var seen = Set<Int>()
        for foreground in Self.colors {
            for background in Self.colors {
                let number = ColorPairs.number(foreground: foreground, background: background)
                #expect((0..<ColorPairs.count).contains(number))
                #expect(seen.insert(number).inserted, "pair \(number) given twice")
            }
        }
        #expect(seen.count == ColorPairs.count)
    }

    @Test func colorsOfPairInvertsNumber() {
        for number in 0..<ColorPairs.count {
            let (foreground, background) = ColorPairs.colors(ofPair: number)
            #expect(ColorPairs.number(foreground: foreground, background: background) == number)
        }
    }

    @Test func aStyleUsesItsOwnPairWhenTheTerminalHasEnough() {
        let style = Style(foreground: .yellow, background: .blue, bold: true)
        #expect(ColorPairs.number(for: style, available: 256) == ColorPairs.number(foreground: .yellow, background: .blue))
        #expect(ColorPairs.number(for: .plain, available: 256) == 0)
    }

    @Test func onSixtyFourPairsAMissingCombinationKeepsItsForeground() {
        // An 8-colour terminal (TERM=screen, xterm) often has 64 pairs: 0…63.
        let redOnWhite = Style(foreground: .red, background: .white)
        #expect(ColorPairs.number(foreground: .red, background: .white) >= 64)
        #expect(ColorPairs.number(for: redOnWhite, available: 64) == ColorPairs.number(foreground: .red, background: nil))
        #expect(ColorPairs.number(for: Style(background: .white), available: 64) == 0)
        let greenOnBlack = Style(foreground: .green, background: .black)
        #expect(ColorPairs.number(for: greenOnBlack, available: 64) == ColorPairs.number(foreground: .green, background: .black))
    }

    @Test func withoutColourEveryStyleIsPairZero() {
        #expect(ColorPairs.number(for: Style(foreground: .red, background: .white), available: 0) == 0)
        #expect(ColorPairs.number(for: Style(foreground: .red), available: 0) == 0)
    }
}
