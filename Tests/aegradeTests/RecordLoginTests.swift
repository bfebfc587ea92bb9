import Clinical
import Foundation
import Testing
import TestSupport

/// `aegrade record` writes its sign-in's `login` event in the transaction of its first entry,
/// just before it (one wait for the write lock and one commit instead of two: README, "Durability
/// and concurrency"), and alone when it writes no entry.
@Suite struct RecordLoginTests {
    static let assessment = AccountCommandTests.assessment

    @Test func theLoginIsWrittenWithTheFirstEntryInOneTransaction() throws {
        let (scratch, path) = try AccountCommandTests.log()
        defer { scratch.remove() }
        let before = try AccountCommandTests.export(path).count
        let recorded = try Run.aegrade(["record", "--db", path, "--key", path + ".key"], stdin: Self.assessment + "\n" + Self.assessment)
        #expect(recorded.status == 0, "\(recorded.transcript)")
        let written = Array(try AccountCommandTests.export(path).dropFirst(before))
        // login, observation, grades, observation, grades: the login first, with the first entry's record time
        #expect(written.map { $0["kind"] } == ["login", "observation", "grades", "observation", "grades"].map { JSONValue.string($0) })
        #expect(written[0]["payload"]?["action"] == .string("keyUsed"))
        #expect(written[0]["recordTime"] == written[1]["recordTime"])
        #expect(try Run.aegrade(["log", "verify", "--db", path]).status == 0)
    }

    @Test func aSignInThatWritesNoEntryIsStillLogged() throws {
        let (scratch, path) = try AccountCommandTests.log()
        defer { scratch.remove() }
        let before = try AccountCommandTests.export(path).count
        // Every assessment rejected (a temperature without its unit): nothing recorded but the sign-in
        let rejected = try Run.aegrade(["record", "--db", path, "--key", path + ".key"],
                                       stdin: #"{"patient": {"id": "P-9"}, "time": "2026-11-22T08:00:00+08:00", "vitals": {"temperature": {"value": 39}}}"#)
        #expect(rejected.status == 1, "\(rejected.transcript)")
        let written = Array(try AccountCommandTests.export(path).dropFirst(before))
        #expect(written.map { $0["kind"] } == [.string("login")], "\(written)")
        // An empty input too
        let empty = try Run.aegrade(["record", "--db", path, "--key", path + ".key"], stdin: "")
        let afterEmpty = Array(try AccountCommandTests.export(path).dropFirst(before + 1))
        #expect(afterEmpty.map { $0["kind"] } == [.string("login")], "\(empty.transcript)")
    }
}
