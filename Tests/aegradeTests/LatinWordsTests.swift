import Testing

/// The check the Chinese walk relies on finds English, and lets through what is not English to read.
@Suite struct LatinWordsTests {
    @Test func englishWordsAreFound() {
        let found = LatinWords.offending(["已保存 P-003 Saved", "Not signed in: 用户名", "CRS 2 ▮▮ · grade"], extra: ["P-003"]).map(\.word)
        #expect(found == ["Saved", "Not", "signed", "in", "grade"])
    }

    @Test func abbreviationsUnitsKeysAndIdsAreNotEnglishToRead() {
        let lines = ["CRS 3 ▮▮▮ · ICANS 0 · HLH-2004 ✗ 2/8", "铁蛋白 520 mg/L · 流量 4 L/min", "y/N · j/k · Ctrl-C 退出 · F2 保存",
                     "P-003 D+3 3h05m 2d04h", "nurse.li · DEMO-CART-01", "1×10^6 CAR+ T 细胞/kg"]
        #expect(LatinWords.offending(lines, extra: ["nurse.li", "DEMO-CART-01", "P-003"]).isEmpty)
    }

    @Test func anIdIsAllowedOnlyWhenGiven() {
        #expect(LatinWords.offending(["dr.wang"], extra: []).map(\.word) == ["dr.wang"])
    }
}
