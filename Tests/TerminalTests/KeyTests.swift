import Testing
@testable import Terminal

@Suite("Key: how help and status bars name keys")
struct KeyDescriptionTests {
    static let names: [(Key, String)] = [
        (.character("j"), "j"), (.character("?"), "?"), (.character(" "), "Space"), (.character("中"), "中"),
        (.control("c"), "Ctrl-C"), (.control("x"), "Ctrl-X"),
        (.up, "↑"), (.down, "↓"), (.left, "←"), (.right, "→"),
        (.home, "Home"), (.end, "End"), (.pageUp, "PgUp"), (.pageDown, "PgDn"),
        (.enter, "Enter"), (.escape, "Esc"), (.tab, "Tab"), (.backTab, "Shift-Tab"),
        (.backspace, "Backspace"), (.delete, "Del"), (.function(1), "F1"), (.function(12), "F12"),
        (.resize, "resize"),
    ]

    @Test(arguments: names) func description(_ key: Key, _ name: String) {
        #expect(key.description == name)
        #expect("\(key)" == name)
    }
}

@Suite("Key.decode: get_wch results to keys")
struct KeyDecodingTests {
    static let codes = KeyCodes.documented

    static let characters: [(UInt32, Key?)] = [
        (UInt32(("a" as Unicode.Scalar).value), .character("a")),
        (UInt32(("Q" as Unicode.Scalar).value), .character("Q")),
        (32, .character(" ")), (126, .character("~")),
        (0x4E2D, .character("中")), (0x6587, .character("文")), (0xE9, .character("é")),
        (0x1F321, .character("🌡")), (0xFF21, .character("Ａ")),
        (13, .enter), (10, .enter), (9, .tab), (27, .escape), (127, .backspace), (8, .backspace),
        (1, .control("a")), (3, .control("c")), (4, .control("d")), (7, .control("g")),
        (11, .control("k")), (12, .control("l")), (14, .control("n")), (26, .control("z")),
        (0, .control("@")), (28, .control("\\")), (29, .control("]")), (30, .control("^")), (31, .control("_")),
        (0x85, nil), (0x9F, nil), (0xD800, nil), (0x110000, nil),
    ]

    @Test(arguments: characters) func character(_ code: UInt32, _ key: Key?) {
        #expect(Key.decode(isFunctionKey: false, code: code, codes: Self.codes) == key)
    }

    static let functionKeys: [(UInt32, Key?)] = [
        (codes.up, .up), (codes.down, .down), (codes.left, .left), (codes.right, .right),
        (codes.home, .home), (codes.end, .end), (codes.pageUp, .pageUp), (codes.pageDown, .pageDown),
        (codes.keypadA1, .home), (codes.keypadC1, .end), (codes.keypadA3, .pageUp), (codes.keypadC3, .pageDown),
        (codes.find, .home), (codes.select, .end),
        (codes.enter, .enter), (codes.backspace, .backspace), (codes.delete, .delete),
        (codes.backTab, .backTab), (codes.resize, .resize),
        (codes.f0 + 1, .function(1)), (codes.f0 + 5, .function(5)), (codes.f0 + 12, .function(12)),
        (codes.f0 + 63, .function(63)),
        (codes.f0, nil), (codes.f0 + 64, nil), (codes.keypadB2, nil), (0o513, nil) /* KEY_IC, Insert */, (0o631, nil) /* KEY_MOUSE */,
    ]

    @Test(arguments: functionKeys) func functionKey(_ code: UInt32, _ key: Key?) {
        #expect(Key.decode(isFunctionKey: true, code: code, codes: Self.codes) == key)
    }

    @Test func aFunctionKeyCodeIsNotACharacter() {
        // KEY_DOWN is 258, which as a character would be "Ă".
        #expect(Key.decode(isFunctionKey: false, code: Self.codes.down) == .character("Ă"))
        #expect(Key.decode(isFunctionKey: true, code: Self.codes.down) == .down)
    }

    @Test func theDocumentedCodesAreThoseOfTheLinkedHeader() {
        #expect(Curses.keyCodes == KeyCodes.documented)
    }

    @Test func decodingDefaultsToTheDocumentedCodes() {
        #expect(Key.decode(isFunctionKey: true, code: 0o403) == .up)
        #expect(Key.decode(isFunctionKey: true, code: 0o632) == .resize)
    }
}
