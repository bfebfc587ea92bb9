import Testing
@Test func terminalPlaceholder() {}
