import CNcursesw

extension Curses {
    /// The key codes of the linked `<ncurses.h>`, for `Key.decode`. They equal
    /// `KeyCodes.documented` (a test checks it).
    package static let keyCodes = KeyCodes(
        down: UInt32(KEY_DOWN), up: UInt32(KEY_UP), left: UInt32(KEY_LEFT), right: UInt32(KEY_RIGHT),
        home: UInt32(KEY_HOME), backspace: UInt32(KEY_BACKSPACE), f0: UInt32(KEY_F0),
        delete: UInt32(KEY_DC), pageDown: UInt32(KEY_NPAGE), pageUp: UInt32(KEY_PPAGE), enter: UInt32(KEY_ENTER),
        keypadA1: UInt32(KEY_A1), keypadA3: UInt32(KEY_A3), keypadB2: UInt32(KEY_B2),
        keypadC1: UInt32(KEY_C1), keypadC3: UInt32(KEY_C3),
        backTab: UInt32(KEY_BTAB), end: UInt32(KEY_END), find: UInt32(KEY_FIND), select: UInt32(KEY_SELECT),
        resize: UInt32(aeg_key_resize()))
}
