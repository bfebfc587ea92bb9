/// The numbering of curses colour pairs: one pair per (foreground, background) combination, where
/// nil is the terminal's own default colour (`use_default_colors`, colour -1).
///
/// A colour's index is 0 for the default and `Color.rawValue + 1` otherwise; pair number
/// = foreground index + 9 × background index. So pair 0 (which curses fixes to the defaults) is
/// (nil, nil), pairs 1…8 are the foregrounds on the default background, and all 81 combinations
/// number 0…80.
package enum ColorPairs {
    /// Pairs the numbering uses, 0…80.
    package static let count = 81

    /// The pair for `foreground` on `background`.
    package static func number(foreground: Color?, background: Color?) -> Int {
        index(foreground) + 9 * index(background)
    }

    /// The colours of pair `number` (0…80): the inverse of `number(foreground:background:)`.
    package static func colors(ofPair number: Int) -> (foreground: Color?, background: Color?) {
        precondition((0..<count).contains(number), "colour pair \(number) is outside 0..<\(count)")
        return (color(number % 9), color(number / 9))
    }

    /// The pair to draw `style` with on a terminal that has `available` pairs (curses'
    /// `COLOR_PAIRS`; 0 when colour is off). When the combination's pair does not exist (an
    /// 8-colour terminal often has 64 pairs), the foreground alone is kept; failing that, the
    /// default pair 0. Meaning never rests on colour alone, so this loses nothing a reader needs.
    package static func number(for style: Style, available: Int) -> Int {
        let full = number(foreground: style.foreground, background: style.background)
        if full < available { return full }
        let foregroundOnly = number(foreground: style.foreground, background: nil)
        return foregroundOnly < available ? foregroundOnly : 0
    }

    private static func index(_ color: Color?) -> Int { color.map { $0.rawValue + 1 } ?? 0 }
    private static func color(_ index: Int) -> Color? { index == 0 ? nil : Color(rawValue: index - 1) }
}
