import Clinical
import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// Signed events on PostgreSQL (README, "Signed events"): the store signs as the SQLite store
/// does, keeps the signatures in the server append-only, `verify` names the site and seq of a
/// forged or stripped one, an export carries them to the monitors' script, and a push carries a
/// site's signatures, checked against the site's own keys.
@Suite("PostgreSQL signatures", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresSignatureTests {
    /// A site with the fixture's accounts, its log key in `scratch`, and one note by the nurse,
    /// signed in with her password.
    static func signedSite(_ scratch: Scratch) throws -> (store: PostgresEventStore, site: String) {
        let site = PostgresTestServer.freshSite("sig")
        let url = try PostgresTestServer.writerURL(site: site)
        let store = try PostgresEventStore(url: url, password: PostgresTestServer.password(url), mode: .readWrite(create: true),
                                           logKeyPath: scratch.path("site.logkey"))
        _ = try AccountsFixture.make(in: store, path: url.description, keyPath: scratch.path("service.key"))
        let nurse = try Authenticator(store: store).signIn(user: AccountsFixture.user(.nurse), password: AccountsFixture.password, role: .nurse)
        _ = try EventSigner.with(nurse.signer) { () throws(EventLogError) in
            try store.append([PostgresStoreTests.note("signed by the nurse")], author: nurse.author)
        }
        return (store, site)
    }

    /// The signature rows of `site`, by seq.
    static func signatures(_ site: String) throws -> [Int64: String] {
        let admin = try PostgresTestServer.session(try PostgresTestServer.adminURL())
        var answer: [Int64: String] = [:]
        for row in try admin.rows("SELECT seq::text, public_key FROM event_signature WHERE site = $1", [site]) {
            if let seq = row[0].flatMap({ Int64($0) }), let key = row[1] { answer[seq] = key }
        }
        return answer
    }

    @Test func everyEventFromTheLogKeyOnIsSignedAndVerifies() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given a site with accounts and a nurse's note
        let (store, site) = try Self.signedSite(scratch)
        let events = try store.allEvents()
        // Then the first administrator's event registers the site's log key, kept in the file given
        let logKey = try LogKey.read(path: scratch.path("site.logkey"))
        #expect(events[1].payload[.logKey] == .string(logKey.publicKeyHex))
        // And every event after the genesis event has its signature row: system's by the log key,
        // the nurse's by her own key
        let signatures = try Self.signatures(site)
        #expect(Set(signatures.keys) == Set(events.dropFirst().map(\.seq)))
        #expect(signatures[2] == logKey.publicKeyHex)
        let note = try #require(events.last)
        #expect(note.author.id == AccountsFixture.user(.nurse) && signatures[note.seq] != logKey.publicKeyHex)
        // And the site verifies
        let verification = try PostgresTestServer.store(site: site, mode: .readOnly).verify()
        #expect(verification.isIntact, "\(verification.report)")
        // And the product's role may not change or remove a signature; the owner's triggers refuse
        let writer = try PostgresTestServer.session(try PostgresTestServer.writerURL(site: site))
        #expect(throws: EventLogError.self) { try writer.run("DELETE FROM event_signature WHERE site = $1", [site]) }
        let owner = try PostgresTestServer.session(try PostgresTestServer.ownerURL())
        do {
            try owner.run("UPDATE event_signature SET signature = '00' WHERE site = $1", [site])
            Issue.record("the owner's UPDATE of a signature was not refused")
        } catch {
            #expect(error.description.contains("append-only"), "\(error)")
        }
        #expect(throws: EventLogError.self) { try owner.execute("TRUNCATE event_signature") }
    }

    @Test func aForgedInsertWithARecomputedChainIsNamedBySiteAndSeq() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given a signed site
        let (store, site) = try Self.signedSite(scratch)
        let head = try #require(try store.lastEvent())
        // When a superuser appends a forged death by the physician with a correct hash chain, and
        // a signature made with a key of his own
        var forged = RecordedEvent(seq: head.seq + 1, id: UUID().uuidString.lowercased(), kind: .note, patient: "P-1",
                                   clinicalTime: "2026-11-22T09:00:00+08:00", recordTime: "2026-11-22T01:00:00.000Z", timeZone: "UTC",
                                   author: Author(id: AccountsFixture.user(.physician), role: .physician), terminal: "forger",
                                   productVersion: Product.version, payload: .object([("text", .string("patient died"))]),
                                   prevHash: head.hash, hash: "")
        let payloadText = forged.payload.canonicalText
        forged.hash = CanonicalEvent.hash(PostgresEventStore.fields(of: forged, payloadText: payloadText))
        let forger = EventSigner.generate(user: forged.author.id)
        let message = try #require(EventSignature.message(ofHash: forged.hash))
        let signature = LowercaseHex.text(try #require(forger.sign(message)))
        let admin = try PostgresTestServer.session(try PostgresTestServer.adminURL())
        try admin.run("""
            INSERT INTO event (site, seq, id, kind, patient, clinical_time, record_time, time_zone, author_id, author_role, terminal,
                               product_version, payload, prev_hash, hash)
            VALUES ($1, $2::bigint, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            """, [site, String(forged.seq), forged.id, forged.kind.rawValue, forged.patient, forged.clinicalTime, forged.recordTime,
                  forged.timeZone, forged.author.id, forged.author.role.rawValue, forged.terminal, forged.productVersion, payloadText,
                  forged.prevHash, forged.hash])
        try admin.run("INSERT INTO event_signature (site, seq, public_key, signature) VALUES ($1, $2::bigint, $3, $4)",
                      [site, String(forged.seq), forger.publicKeyHex, signature])
        // Then the chain holds, but verify fails at the forged event's site and seq on its signature
        let verification = try PostgresTestServer.store(site: site, mode: .readOnly).verify()
        #expect(verification.failure?.seq == forged.seq)
        #expect(verification.report.hasPrefix("FAIL at site \(site) seq \(forged.seq): signature: "), "\(verification.report)")
        #expect(verification.report.contains("not by the author's registered key"), "\(verification.report)")
    }

    @Test func aStrippedSignatureIsNamedBySiteAndSeq() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given a signed site
        let (store, site) = try Self.signedSite(scratch)
        let note = try #require(try store.lastEvent())
        // When a superuser deletes the nurse's note's signature with the triggers disabled
        let admin = try PostgresTestServer.session(try PostgresTestServer.adminURL())
        try admin.transaction { () throws(EventLogError) in
            try admin.execute("ALTER TABLE event_signature DISABLE TRIGGER USER")
            try admin.run("DELETE FROM event_signature WHERE site = $1 AND seq = $2::bigint", [site, String(note.seq)])
            try admin.execute("ALTER TABLE event_signature ENABLE TRIGGER USER")
        }
        // Then verify fails there, naming the site and the seq
        let verification = try PostgresTestServer.store(site: site, mode: .readOnly).verify()
        #expect(verification.report == "FAIL at site \(site) seq \(note.seq): signature: the event by \"nurse.li\" carries no signature",
                "\(verification.report)")
    }

    @Test func anExportCarriesTheSignaturesAndTheMonitorsScriptChecksThem() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, _) = try Self.signedSite(scratch)
        var bytes: [UInt8] = []
        try store.export(format: .jsonl, until: .end) { bytes += $0 }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == Int(try #require(try store.lastEvent()).seq))
        #expect(lines.dropFirst().allSatisfy { $0.contains(#""signature":{"key":""#) } && !lines[0].contains("signature"))
        let file = scratch.file("events.jsonl")
        try Data(bytes).write(to: file)
        let verifier = Run.packageRoot.appendingPathComponent("Examples/verify-log-export.py").path
        let pass = try Run.tool("python3", [verifier, file.path])
        #expect(pass.status == 0 && pass.stdout.hasPrefix("ok: \(lines.count) events intact"), "\(pass.transcript)")
        #expect(!pass.stdout.contains("skipped"), "\(pass.transcript)")
        // And a signature changed in the export fails the script
        var text = String(decoding: bytes, as: UTF8.self)
        let sig = try #require(text.range(of: #""sig":""#))
        let digit = text.index(sig.upperBound, offsetBy: 3)
        text.replaceSubrange(digit...digit, with: text[digit] == "0" ? "1" : "0")
        try Data(text.utf8).write(to: file)
        let fail = try Run.tool("python3", [verifier, file.path])
        #expect(fail.status != 0, "\(fail.transcript)")
    }

    @Test func aPushCarriesTheSitesSignaturesCheckedAgainstItsOwnKeys() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given a ward's own SQLite log with accounts and a signed note
        let ward = scratch.path("ward.db")
        let fixture = try AccountsFixture.make(at: ward)
        let local = try SQLiteEventStore(path: fixture.path, mode: .readWrite(create: false))
        let nurse = try Authenticator(store: local).signIn(user: AccountsFixture.user(.nurse), password: AccountsFixture.password, role: .nurse)
        _ = try EventSigner.with(nurse.signer) { () throws(EventLogError) in
            try local.append([PostgresStoreTests.note("at the ward")], author: nurse.author)
        }
        let events = try local.allEvents()
        let signatures = try local.signatures(1...events.count.int64)
        #expect(signatures.count == events.count - 1)
        // When a push strips one signature, the central store refuses it there, and nothing is written
        let site = PostgresTestServer.freshSite("ward")
        let central = try PostgresReceiveTests.central(site)
        let note = try #require(events.last)
        var stripped = signatures
        stripped[note.seq] = nil
        #expect(throws: ReceiveRefusal.broken(site: site, seq: note.seq,
                                              reason: "signature: the event by \"nurse.li\" carries no signature")) {
            try central.receive(events, signatures: stripped)
        }
        #expect(try central.lastEvent() == nil)
        // And a signature by another key is refused too
        var replaced = signatures
        let other = EventSigner.generate(user: note.author.id)
        let message = try #require(EventSignature.message(ofHash: note.hash))
        let otherSignature = try #require(other.sign(message))
        replaced[note.seq] = StoredSignature(publicKey: other.publicKeyHex, signature: LowercaseHex.text(otherSignature))
        #expect(throws: ReceiveRefusal.self) { try central.receive(events, signatures: replaced) }
        // When it is pushed with its own signatures, they are kept, and the central site verifies
        #expect(try central.receive(events, signatures: signatures).added == events.count)
        #expect(try Self.signatures(site).count == signatures.count)
        let verification = try PostgresTestServer.store(site: site, mode: .readOnly).verify()
        #expect(verification.isIntact, "\(verification.report)")
        // And its export checks with the monitors' script, as the ward's own would
        var bytes: [UInt8] = []
        try central.export(format: .jsonl, until: .end) { bytes += $0 }
        var wardBytes: [UInt8] = []
        try LogExport.write(local, format: .jsonl) { wardBytes += $0 }
        #expect(bytes == wardBytes)
    }
}

extension Int {
    fileprivate var int64: Int64 { Int64(self) }
}
