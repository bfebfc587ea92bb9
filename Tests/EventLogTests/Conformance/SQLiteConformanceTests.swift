import Testing

/// `SQLiteEventStore` keeps every guarantee of `EventStore` (`EventStoreConformance`).
@Suite("Store conformance: SQLite") struct SQLiteConformanceTests {
    @Test(arguments: EventStoreConformance.Check.allCases)
    func conforms(_ check: EventStoreConformance.Check) throws {
        try EventStoreConformance(factory: SQLiteEventStoreFactory()).run(check)
    }
}
