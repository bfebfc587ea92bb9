/// The key codes of curses, as `get_wch` reports them for a function key (`KEY_CODE_YES`).
///
/// `documented` mirrors the values `<ncurses.h>` defines (octal there; they date from System V and
/// every curses shares them); `Curses.keyCodes` reads the same values from the header, and a test
/// checks that the two agree. Keeping them here lets the decoding be a pure function.
package struct KeyCodes: Equatable, Sendable {
    package var down: UInt32
    package var up: UInt32
    package var left: UInt32
    package var right: UInt32
    package var home: UInt32
    package var backspace: UInt32
    /// `KEY_F0`; function key n is `f0 + n`, for n in 1…63.
    package var f0: UInt32
    package var delete: UInt32
    package var pageDown: UInt32
    package var pageUp: UInt32
    package var enter: UInt32
    /// The keypad's corners and centre (`KEY_A1` upper left … `KEY_C3` lower right).
    package var keypadA1: UInt32
    package var keypadA3: UInt32
    package var keypadB2: UInt32
    package var keypadC1: UInt32
    package var keypadC3: UInt32
    package var backTab: UInt32
    package var end: UInt32
    /// `KEY_FIND` and `KEY_SELECT`: what a VT220-style keyboard sends for Home and End.
    package var find: UInt32
    package var select: UInt32
    package var resize: UInt32

    /// The values of `<ncurses.h>` (ncurses 6): `KEY_DOWN 0402` … `KEY_RESIZE 0632`.
    package static let documented = KeyCodes(
        down: 0o402, up: 0o403, left: 0o404, right: 0o405, home: 0o406, backspace: 0o407, f0: 0o410,
        delete: 0o512, pageDown: 0o522, pageUp: 0o523, enter: 0o527,
        keypadA1: 0o534, keypadA3: 0o535, keypadB2: 0o536, keypadC1: 0o537, keypadC3: 0o540,
        backTab: 0o541, end: 0o550, find: 0o552, select: 0o601, resize: 0o632)
}

extension Key {
    /// The key a `get_wch` result stands for, or nil for one screens have no name for (Insert, a
    /// mouse event, a C1 control).
    ///
    /// - Parameters:
    ///   - isFunctionKey: `get_wch` returned `KEY_CODE_YES`, so `code` is a curses key code.
    ///   - code: the key code, or else the Unicode scalar typed.
    ///   - codes: curses' key codes (`Curses` passes those of the linked header).
    ///
    /// Enter arrives as carriage return (`nonl`), line feed or `KEY_ENTER`; Backspace as
    /// `KEY_BACKSPACE`, DEL (127) or Ctrl-H (8), as terminals disagree; Tab is 9 and Shift-Tab
    /// `KEY_BTAB`. Other control codes 1…26 are `.control` of their lower-case letter, 0 and 28…31
    /// `.control` of `@ \ ] ^ _`.
    package static func decode(isFunctionKey: Bool, code: UInt32, codes: KeyCodes = .documented) -> Key? {
        isFunctionKey ? decodeFunctionKey(code, codes: codes) : decodeCharacter(code)
    }

    private static func decodeFunctionKey(_ code: UInt32, codes: KeyCodes) -> Key? {
        switch code {
        case codes.up: .up
        case codes.down: .down
        case codes.left: .left
        case codes.right: .right
        case codes.home, codes.keypadA1, codes.find: .home
        case codes.end, codes.keypadC1, codes.select: .end
        case codes.pageUp, codes.keypadA3: .pageUp
        case codes.pageDown, codes.keypadC3: .pageDown
        case codes.enter: .enter
        case codes.backspace: .backspace
        case codes.delete: .delete
        case codes.backTab: .backTab
        case codes.resize: .resize
        case (codes.f0 + 1)...(codes.f0 + 63): .function(Int(code - codes.f0))
        default: nil
        }
    }

    private static func decodeCharacter(_ code: UInt32) -> Key? {
        switch code {
        case 13, 10: return .enter
        case 9: return .tab
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(0x60 + code))))
        case 0, 28...31: return .control(Character(Unicode.Scalar(UInt8(0x40 + code))))
        case 0x80..<0xA0: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }
}
