import Clinical
@testable import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// An append's statements prepared on the connection, planned once and kept (`PreparedStatements`;
/// README, "Tests and benchmarks", `postgres-append.sh`).
@Suite("PostgreSQL appends as prepared statements", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresPreparedAppendTests {
    @Test func aWritersAppendsArePreparedOnceAndSettleOnAGenericPlan() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given a nurse whose every note is checked under the lock (the guarded INSERT, signed)
        let (store, site, nurse, _) = try PostgresStandingUnderLockTests.nurseAtSite(scratch)
        #expect(try store.session.rows("SHOW plan_cache_mode") == [["auto"]])
        #expect(try store.session.rows("SHOW enable_seqscan") == [["off"]])
        // When she writes more notes than the server's five custom plans before it may settle
        // on a generic one
        var written: [RecordedEvent] = []
        for index in 0..<8 {
            try nurse.permit(.recordEvent)
            written += try PostgresStandingUnderLockTests.note(by: nurse, "note \(index)")
        }
        // Then the head and the rows' INSERT were each prepared once, and the later appends ran
        // on the plan kept, not planned again
        let rows = try store.session.rows("""
            SELECT statement, generic_plans::text, custom_plans::text FROM pg_prepared_statements
            WHERE statement LIKE '%aegrade_site_head%' OR statement LIKE 'WITH events AS (%'
            """)
        let head = rows.filter { $0[0]?.contains("aegrade_site_head") == true }
        // (the guarded INSERT: the sign-in's own record, unchecked, is an INSERT of its own)
        let insert = rows.filter { $0[0]?.hasPrefix("WITH events AS (") == true && $0[0]?.contains("WHERE NOT EXISTS") == true }
        #expect(head.count == 1 && insert.count == 1, "\(rows)")
        for row in head + insert {
            #expect(Int(row[1] ?? "") ?? 0 >= 1, "\(row)")
            #expect(Int(row[2] ?? "") ?? 99 <= 5, "\(row)")
        }
        #expect(written.count == 8)
        // And on that plan the guard still refuses: a deactivation committed at another
        // terminal refuses her next note, and nothing is written
        try nurse.permit(.recordEvent)
        _ = try PostgresStandingUnderLockTests.administrator(at: site).deactivate(user: AccountsFixture.user(.nurse))
        let before = try store.lastEvent()?.seq
        #expect(throws: EventLogError.self) { _ = try PostgresStandingUnderLockTests.note(by: nurse, "after the deactivation") }
        #expect(try store.lastEvent()?.seq == before)
        // And the events are the ones written: their chain and signatures verify
        let verification = try store.verify(checkpoint: nil, quick: false)
        #expect(verification.isIntact, "\(verification.report)")
    }

    /// The guard's plans, made in a writing session, read `event_account` (the site's account
    /// events only): neither the primary key's range of seqs (which grows with the chain: every
    /// event since the account's kept directory) nor, on a table of a page or two as a new
    /// trial's (or a test database's), a sequential scan kept while the table grows. Both the
    /// plan made with the values (the prepared statement's first five) and the generic plan kept
    /// after them.
    ///
    /// On a session's own copy of `event` (a temporary table of that name comes first in the
    /// search path), made with the schema's columns and indexes, holding 20 sites' events with
    /// statistics the planner may meet: taken on a trial's mix (one event in fifty an account
    /// event), or taken when the table held 64 events and stale since it grew to 30,000 (a new
    /// trial's first minute of writers, before autovacuum's first ANALYZE). The guard had three
    /// probes of `event_kind` before, and on such statistics, with no `event_account`, both their
    /// plans read the primary key instead; in a run of `postgres-append.sh` one writer of sixteen
    /// did, 770,000 rows read for its 500 appends.
    @Test(arguments: [GuardStatistics.trialMix, .staleSinceSmall])
    func theGuardsPlansProbeTheAccountIndex(statistics: GuardStatistics) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, site, _, _) = try PostgresStandingUnderLockTests.nurseAtSite(scratch)
        let guardCondition = PostgresEventStore.accountEventsGuard(after: 2, before: 3)
        let insert = { (first: Int, last: Int, kinds: String) in PostgresSession.Statement("""
            INSERT INTO event (site, seq, id, kind, patient, record_time, time_zone, author_id, author_role, terminal,
                               product_version, payload, prev_hash, hash)
            SELECT CASE WHEN g % 20 = 0 THEN $1 ELSE 'other-' || g % 20 END, g, 'id-' || g, \(kinds),
                   'P-' || g % 400, '2026-12-07T00:00:00.000Z', 'UTC', 'nurse', 'nurse', 't', 'v', '{}', '', ''
            FROM generate_series(\(first), \(last)) AS g
            """, [site]) }
        let mix = "CASE WHEN g % 50 = 0 THEN 'login' WHEN g % 2 = 0 THEN 'observation' ELSE 'grades' END"
        let filled: [PostgresSession.Statement] = switch statistics {
        case .trialMix: [insert(1, 20_000, mix), .init("ANALYZE event")]
        case .staleSinceSmall:
            [insert(1, 64, "CASE WHEN g % 2 = 0 THEN 'login' ELSE 'userAdmin' END"), .init("ANALYZE event"),
             insert(65, 30_000, "CASE WHEN g % 2 = 0 THEN 'observation' ELSE 'grades' END")]
        }
        let explain = ["force_custom_plan", "force_generic_plan"].flatMap { mode -> [PostgresSession.Statement] in [
            .init("SET plan_cache_mode = \(mode)"),
            .init("PREPARE guard_probe(text, bigint, bigint) AS SELECT 1 WHERE \(guardCondition)"),
            .init("EXPLAIN (COSTS OFF) EXECUTE guard_probe('\(site)', 1, 1000000)"),
            .init("DEALLOCATE guard_probe"),
        ] }
        let answers = try store.session.rows(of: [.init("CREATE TEMPORARY TABLE event (LIKE public.event INCLUDING ALL)")] + filled + [
            .init("""
                SELECT i.indexname FROM pg_indexes i
                WHERE i.schemaname = pg_my_temp_schema()::regnamespace::text AND i.tablename = 'event'
                  AND i.indexdef LIKE '%(site, seq) WHERE%'
                """),
        ] + explain + [.init("RESET plan_cache_mode"), .init("DROP TABLE pg_temp.event")])
        let lookup = 1 + filled.count
        let accountIndex = try #require(answers[lookup].first?.first ?? nil, "the copy has no partial index on (site, seq)")
        for plan in [answers[lookup + 3], answers[lookup + 7]].map({ $0.compactMap { $0.first ?? nil }.joined(separator: "\n") }) {
            #expect(plan.contains(accountIndex) && !plan.contains("pkey") && !plan.contains("Seq Scan") && plan.contains("seq > "), "\(plan)")
        }
    }

    enum GuardStatistics: Sendable { case trialMix, staleSinceSmall }

    /// With sequential scans off, a scan a writing session must still make is costed past
    /// `jit_above_cost`: without JIT off, the server compiled a one-row read for 60–80 ms, on
    /// both of a writer's connections, at every `record`'s start.
    @Test func aWritingSessionsScanIsNotCompiled() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, _, _, _) = try PostgresStandingUnderLockTests.nurseAtSite(scratch)
        let explain = "EXPLAIN (ANALYZE) SELECT version::text FROM aegrade_schema"
        let plans = [
            try store.session.rows(explain).compactMap { $0.first ?? nil },
            try store.pipelinedConnection().transaction(.init(explain, [])) { $0 }.compactMap { $0.first ?? nil },
        ].map { $0.joined(separator: "\n") }
        for plan in plans {
            #expect(plan.contains("Seq Scan on aegrade_schema") && !plan.contains("JIT"), "\(plan)")
        }
    }

    /// A site made by the database's owner (`log init`) leaves the tables analyzed, so that a
    /// writer's generic plans are made on statistics from its first appends.
    @Test func makingASiteAnalyzesTheTables() throws {
        try PostgresTestServer.prepared.get()
        let owner = try PostgresTestServer.session(PostgresTestServer.ownerURL())
        let count = "SELECT analyze_count::text FROM pg_stat_user_tables WHERE relname = 'event'"
        // (the statistics collector's counts are read once per transaction: each read its own)
        let before = Int((try owner.rows(count).first?.first ?? nil) ?? "") ?? -1
        _ = try PostgresEventStore(url: PostgresTestServer.ownerURL().with(site: PostgresTestServer.freshSite("analyzed")),
                                   password: PostgresTestServer.password(PostgresTestServer.ownerURL()), mode: .readWrite(create: true))
        let after = try PostgresTestServer.session(PostgresTestServer.ownerURL()).rows(count).first?.first ?? nil
        #expect((Int(after ?? "") ?? -1) >= before + 1, "analyze_count \(before) → \(after ?? "none")")
    }

    @Test func aFailedPreparedStatementCommitsNothingAndTheNextTransactionPreparesAgain() throws {
        let session = try PostgresAppendExchangeTests.sessionWithTable()
        let insert = PostgresSession.Statement("INSERT INTO exchange VALUES ($1::integer)", ["1"])
        for _ in 0..<2 {
            _ = try session.transactionOnLoop(first: []) { (_) throws(EventLogError) -> (last: [PostgresSession.Statement], answer: Int) in
                ([insert], 0)
            }
            #expect(throws: EventLogError.self) {
                _ = try session.transactionOnLoop(first: [insert]) { (_) throws(EventLogError) -> (last: [PostgresSession.Statement], answer: Int) in
                    ([], 0)
                }
            }
            try session.execute("DELETE FROM exchange")
        }
        #expect(try PostgresAppendExchangeTests.count(session) == "0")
        #expect(try session.rows("SELECT count(*)::text FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO exchange%'") == [["1"]])
    }
}

/// The prepared text of a statement, every parameter typed text as an unnamed statement's binds.
@Suite("Prepared statements' parameters typed as text")
struct PreparedStatementTextTests {
    @Test func everyParameterIsCastToTextBeforeItsOwnCast() {
        #expect(PreparedStatements.typedAsText("SELECT $1, $12::bigint FROM t WHERE a = $2")
            == "SELECT $1::text, $12::text::bigint FROM t WHERE a = $2::text")
    }

    @Test func quotedTextIsLeftAsItIs() {
        #expect(PreparedStatements.typedAsText(#"SELECT 'a $1 ''$2''', "x$3" FROM t WHERE k IN ('login')"#)
            == #"SELECT 'a $1 ''$2''', "x$3" FROM t WHERE k IN ('login')"#)
    }

    @Test func whatTheScanCannotVouchForIsNotPrepared() {
        #expect(PreparedStatements.typedAsText(#"SELECT E'\'' || $1"#) == nil)
        #expect(PreparedStatements.typedAsText("SELECT $$a$$") == nil)
        #expect(PreparedStatements.typedAsText("SELECT 1 -- $1") == nil)
        #expect(PreparedStatements.typedAsText("SELECT /* $1 */ 1") == nil)
        #expect(PreparedStatements.typedAsText("SELECT 'open") == nil)
    }
}
