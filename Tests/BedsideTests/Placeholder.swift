import Testing
@Test func bedsidePlaceholder() {}
