import Testing

/// `PostgresEventStore` keeps every guarantee of `EventStore` (`EventStoreConformance`), on the
/// real test server.
@Suite("Store conformance: PostgreSQL", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresConformanceTests {
    @Test(arguments: EventStoreConformance.Check.allCases)
    func conforms(_ check: EventStoreConformance.Check) throws {
        try EventStoreConformance(factory: PostgresEventStoreFactory()).run(check)
    }
}
