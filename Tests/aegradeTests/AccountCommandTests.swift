import Clinical
import Foundation
import Testing
import TestSupport

/// `aegrade log init`, `aegrade user …` and the sign-in of the writing commands, through the
/// binary on real pseudo-terminals (README, "Accounts and roles").
@Suite("Accounts through the binary") struct AccountCommandTests {
    static let assessment = #"{"patient":{"id":"P-1","ageYears":50},"time":"2026-11-22T08:00:00+08:00","vitals":{"temperature":{"value":38.4,"unit":"C"}}}"#

    /// A scratch directory with the fixture's log in it.
    static func log() throws -> (Scratch, String) {
        let scratch = try Scratch()
        let path = scratch.path("trial.db")
        do { _ = try AccountsFixture.make(at: path) } catch { scratch.remove(); throw error }
        return (scratch, path)
    }

    static func export(_ path: String) throws -> [JSONValue] {
        try Run.aegrade(["log", "export", "--db", path]).lines.map { try JSONParser.parse($0) }
    }

    @Test func logInitCreatesAnOwnerOnlyLogWithItsFirstAdministrator() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("trial.db")
        let made = try Run.aegradeOnTerminal(["log", "init", "--db", path, "--admin", "admin.kim", "--name", "Kim Admin"],
                                             typing: ["first password", "first password"])
        #expect(made.status == 0, "\(made.transcript)")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        let events = try Self.export(path)
        #expect(events.map { $0["kind"] } == [.string("genesis"), .string("userAdmin")])
        #expect(events.last?["author"]?["id"] == .string("aegrade"))
        #expect(events.last?["payload"]?["roles"] == .array([.string("administrator")]))
        // A second init is refused before a password is asked
        let again = try Run.aegradeOnTerminal(["log", "init", "--db", path, "--admin", "other.admin", "--name", "Other"], typing: [])
        #expect(again.status == 1 && again.stdout.contains("already has accounts"), "\(again.transcript)")
        // The administrator signs in with that password
        let added = try Run.aegradeOnTerminal(["user", "add", "--db", path, "--user", "admin.kim", "nurse.li", "--name", "Li Mei",
                                               "--roles", "nurse"], typing: ["first password"])
        #expect(added.status == 0 && added.stdout.contains(#""oneTimePassword":""#), "\(added.transcript)")
    }

    @Test func logInitRefusesPasswordsThatDifferOrAreShortAndWritesNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("trial.db")
        let differ = try Run.aegradeOnTerminal(["log", "init", "--db", path, "--admin", "admin.kim", "--name", "Kim"],
                                               typing: ["first password", "other password"])
        #expect(differ.status == 1 && differ.stdout.contains("differ"), "\(differ.transcript)")
        let short = try Run.aegradeOnTerminal(["log", "init", "--db", path, "--admin", "admin.kim", "--name", "Kim"], typing: ["short", "short"])
        #expect(short.status == 1 && short.stdout.contains("at least 10 characters"), "\(short.transcript)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func withoutATerminalOrAKeyAWriteExitsTwoSayingWhatToDo() throws {
        let (scratch, path) = try Self.log()
        defer { scratch.remove() }
        // setsid: a new session, without a controlling terminal (-w: waiting for it)
        let output = try Run.tool("setsid", ["-w", Run.binary.path, "record", "--db", path, "--user", "nurse.li"], stdin: Self.assessment)
        #expect(output.status == 2, "\(output.transcript)")
        #expect(output.stderr.contains("no terminal to ask the password on") && output.stderr.contains("--key FILE"), "\(output.stderr)")
        let neither = try Run.aegrade(["record", "--db", path], stdin: Self.assessment)
        #expect(neither.status == 2 && neither.stderr.contains("--user ID"), "\(neither.transcript)")
    }

    @Test func recordNoLongerCreatesAMissingLog() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("missing.db")
        let output = try Run.aegrade(["record", "--db", path, "--key", scratch.path("any.key")], stdin: Self.assessment)
        #expect(output.status == 2 && output.stderr.contains("aegrade log init --db"), "\(output.transcript)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func fiveWrongPasswordsLockTheAccountAndAreSecurityEvents() throws {
        let (scratch, path) = try Self.log()
        defer { scratch.remove() }
        let input = scratch.path("a.json")
        try Data(Self.assessment.utf8).write(to: URL(fileURLWithPath: input))
        for attempt in 1...5 {
            let output = try Run.aegradeOnTerminal(["record", "--db", path, "--user", "nurse.li", input], typing: ["wrong password"])
            #expect(output.status == 1, "\(attempt): \(output.transcript)")
            #expect(output.stdout.contains(attempt < 5 ? "user id or password is wrong" : "is locked after 5 failed sign-ins"), "\(output.stdout)")
        }
        let locked = try Run.aegrade(as: .nurse, ["record", "--db", path, input])
        #expect(locked.status == 1 && locked.stdout.contains("locked"), "\(locked.transcript)")
        let security = try Self.export(path).filter { $0["kind"] == .string("security") }
        #expect(security.map { $0["payload"]?["action"] } == Array(repeating: .string("failedSignIn"), count: 5)
                + [.string("lockedOut"), .string("failedSignIn")])
        #expect(security.allSatisfy { $0["author"]?["id"] == .string("aegrade") && $0["payload"]?["user"] == .string("nurse.li") })
        #expect(try Run.aegrade(["user", "list", "--db", path]).stdout.contains(#"{"user":"nurse.li","kind":"person","state":"locked""#))
    }

    @Test func theResetFlowGoesThroughAOneTimePasswordToTheUsersOwn() throws {
        let (scratch, path) = try Self.log()
        defer { scratch.remove() }
        let input = scratch.path("a.json")
        try Data(Self.assessment.utf8).write(to: URL(fileURLWithPath: input))
        // The administrator resets the nurse's password: a one-time password, shown once
        let reset = try Run.aegrade(as: .administrator, ["user", "reset", "--db", path, "nurse.li"])
        #expect(reset.status == 0, "\(reset.transcript)")
        let line = try #require(reset.lines.first { $0.hasPrefix("{") })
        guard case .string(let secret)? = try JSONParser.parse(line)["oneTimePassword"] else {
            Issue.record("no one-time password in \(line)")
            return
        }
        #expect(!(try Run.aegrade(["log", "export", "--db", path]).stdout.contains(secret)))
        // It signs nothing in: the nurse must set her own first
        let refused = try Run.aegradeOnTerminal(["record", "--db", path, "--user", "nurse.li", input], typing: [secret])
        #expect(refused.status == 1 && refused.stdout.contains("set your own password first"), "\(refused.transcript)")
        let set = try Run.aegradeOnTerminal(["user", "passwd", "--db", path, "--user", "nurse.li"],
                                            typing: [secret, "nurse li own password", "nurse li own password"])
        #expect(set.status == 0, "\(set.transcript)")
        let recorded = try Run.aegradeOnTerminal(["record", "--db", path, "--user", "nurse.li", input], typing: ["nurse li own password"])
        #expect(recorded.status == 0 && recorded.stdout.contains(#""seq""#), "\(recorded.transcript)")
        // The set is an event by the nurse herself
        let events = try Self.export(path)
        let passwordSet = try #require(events.last { $0["payload"]?["action"] == .string("passwordSet") })
        #expect(passwordSet["author"]?["id"] == .string("nurse.li"))
        #expect(events.last { $0["kind"] == .string("observation") }?["author"]?["id"] == .string("nurse.li"))
    }

    @Test func aDeactivatedAccountIsRefused() throws {
        let (scratch, path) = try Self.log()
        defer { scratch.remove() }
        let input = scratch.path("a.json")
        try Data(Self.assessment.utf8).write(to: URL(fileURLWithPath: input))
        #expect(try Run.aegrade(as: .administrator, ["user", "deactivate", "--db", path, "nurse.li"]).status == 0)
        let refused = try Run.aegrade(as: .nurse, ["record", "--db", path, input])
        #expect(refused.status == 1 && refused.stdout.contains("account nurse.li is deactivated"), "\(refused.transcript)")
        #expect(try Run.aegrade(as: .administrator, ["user", "reactivate", "--db", path, "nurse.li"]).status == 0)
        #expect(try Run.aegrade(as: .nurse, ["record", "--db", path, input]).status == 0)
    }

    @Test func aServiceKeyOthersMayReadIsRefused() throws {
        let (scratch, path) = try Self.log()
        defer { scratch.remove() }
        let key = path + ".key"
        #expect(chmod(key, 0o644) == 0)
        let loose = try Run.aegrade(["record", "--db", path, "--key", key], stdin: Self.assessment)
        #expect(loose.status == 2 && loose.stderr.contains("must be mode 0600"), "\(loose.transcript)")
        #expect(chmod(key, 0o600) == 0)
        let used = try Run.aegrade(["record", "--db", path, "--key", key], stdin: Self.assessment)
        #expect(used.status == 0, "\(used.transcript)")
        let login = try #require(try Self.export(path).last { $0["kind"] == .string("login") })
        #expect(login["payload"]?["action"] == .string("keyUsed") && login["author"]?["id"] == .string(AccountsFixture.service))
        // A new key replaces it
        let issued = try Run.aegrade(as: .administrator, ["user", "key", "--db", path, AccountsFixture.service, "--out", scratch.path("new.key")])
        #expect(issued.status == 0, "\(issued.transcript)")
        #expect(try Run.aegrade(["record", "--db", path, "--key", key], stdin: Self.assessment).status == 1)
        #expect(try Run.aegrade(["record", "--db", path, "--key", scratch.path("new.key")], stdin: Self.assessment).status == 0)
    }

    /// One write per permission, by every role, signed in on a terminal: exit 0 where the role
    /// table allows it, 1 where it does not.
    @Test(arguments: Role.personal)
    func eachRoleWritesWhatTheTableAllows(role: Role) throws {
        let (scratch, path) = try Self.log()
        defer { scratch.remove() }
        // An entry of the role's own when it may enter, else the service account's (seq 12, its grades 13)
        let own = scratch.path("own.json")
        try Data(Self.assessment.utf8).write(to: URL(fileURLWithPath: own))
        #expect(try Run.aegrade(["record", "--db", path, "--key", path + ".key", own]).status == 0)
        let writes: [(Permission, [String], String?)] = [
            (.enterAssessment, ["record", "--db", path, own], nil),
            (.correctAssessment, ["log", "correct", "--db", path, "--event", "12", "--reason", "temperature misread"], Self.assessment),
            (.overrideGrade, ["log", "override", "--db", path, "--event", "13", "--criteria", "astct-2019-crs", "--grade", "2",
                              "--reason", "on review"], nil),
            (.recordEvent, ["log", "event", "--db", path, "--kind", "note", "--patient", "P-1", "--time", "2026-11-22T09:00:00+08:00",
                            "--data", "{}", "--reason", "ward round"], nil),
            (.administerUsers, ["user", "add", "--db", path, "new.person", "--name", "New Person", "--roles", "nurse"], nil),
        ]
        for (permission, arguments, input) in writes {
            let output = try Run.aegrade(as: role, arguments, input: input)
            // A nurse corrects only her own entries: the service account's entry is not hers
            let allowed = role.may(permission) && !(permission == .correctAssessment && role.correctsOnlyOwnEntries)
            #expect(output.status == (allowed ? 0 : 1), "\(role) \(permission): \(output.transcript)")
        }
        // log sign: a review of the service account's entry, which a monitor or a data manager
        // alone signs (the table written out, not read from Role.maySign)
        let review = try Run.aegrade(as: role, ["log", "sign", "--db", path, "--seq", "12", "--meaning", "reviewed"])
        #expect(review.status == ([Role.monitor, .dataManager].contains(role) ? 0 : 1), "\(role) sign reviewed: \(review.transcript)")
        // user reset: an administrator's alone
        let reset = try Run.aegrade(as: role, ["user", "reset", "--db", path, "dm.sun"])
        #expect(reset.status == (role == .administrator ? 0 : 1), "\(role) user reset: \(reset.transcript)")
    }

    @Test func anExportHoldsNoCredentialMaterial() throws {
        let (scratch, path) = try Self.log()
        defer { scratch.remove() }
        _ = try Run.aegrade(as: .administrator, ["user", "reset", "--db", path, "dr.wang"])
        let stored = try Run.tool("sqlite3", [path, "SELECT lower(hex(salt)), lower(hex(verifier)) FROM credential;"]).stdout
        let secrets = stored.split(whereSeparator: { $0 == "\n" || $0 == "|" }).map(String.init)
        #expect(secrets.count >= 20, "\(stored)")
        for format in ["jsonl", "csv"] {
            let export = try Run.aegrade(["log", "export", "--db", path, "--format", format]).stdout.lowercased()
            for secret in secrets { #expect(!export.contains(secret), "\(format)") }
            #expect(!export.contains("scrypt"), "\(format)")
        }
        let replay = try Run.aegrade(["log", "replay", "--db", path]).stdout.lowercased()
        for secret in secrets { #expect(!replay.contains(secret)) }
    }
}
