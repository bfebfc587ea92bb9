import Testing
@Test func safetyPlaceholder() {}
