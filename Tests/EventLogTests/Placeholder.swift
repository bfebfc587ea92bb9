import Testing
@Test func eventLogPlaceholder() {}
