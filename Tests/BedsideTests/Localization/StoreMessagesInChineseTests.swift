import Clinical
import EventLog
import Foundation
import Localization
import Testing

/// The store's and the input checks' error reasons in Simplified Chinese (issue 18): every case
/// of ``EventLogError``, ``RecordRefusal`` and ``SignInError``, and the input checks' messages,
/// translated by ``localizedMessage(_:)`` where they are printed for a person, keeping paths,
/// ids, field paths and values as they are. Their English stays the JSON's `error.message`.
@Suite struct StoreMessagesInChineseTests {
    /// The Latin-script words of `text` (runs of ASCII letters with the digits, `.`, `-`, `_`,
    /// `/` and `+` inside them).
    static func latinWords(_ text: String) -> [String] {
        text.split(whereSeparator: { (c: Character) in !(c.isASCII && (c.isLetter || c.isNumber || "-_./+".contains(c))) })
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ".-/_")) }
            .filter { $0.contains(where: { $0.isASCII && $0.isLetter }) }
    }

    /// `english` in Chinese, failing on a Latin word outside `kept` (the values the message names)
    /// and the product's own names.
    @discardableResult
    static func expectChinese(_ english: String, kept: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let chinese = localizedMessage(english, in: .simplifiedChinese)
        let allowed: Set<String> = ["aegrade", "SQLite", "JSON", "ISO", "UTC", "U+001B", "U+200E", "FILE", "ID", "FULL", "NAME", "a-z", "0-9", "db"]
        let stray = latinWords(chinese).filter { !kept.contains($0) && !allowed.contains($0) && !$0.hasPrefix("--") && !$0.hasPrefix("tmp/") }
        #expect(stray.isEmpty, "English left in \(chinese.debugDescription) (from \(english.debugDescription)): \(stray)", sourceLocation: sourceLocation)
        #expect(chinese != english, "untranslated: \(english)", sourceLocation: sourceLocation)
        return chinese
    }

    @Test func everyStorageErrorIsInChinese() {
        let path = "/tmp/trial/aegrade.db"
        let errors: [EventLogError] = [
            .missing(path: path), .notALog(path: path, detail: "file is not a database"), .unknownSchema(path: path, version: 9),
            .readOnly(path: path), .locked(path: path), .diskFull(path: path), .corrupt(path: path, detail: "database disk image is malformed"),
            .io(path: path, detail: "disk I/O error"), .invalidPath(path: path, reason: "it is a directory"), .interruptedWrite(path: path),
        ]
        for error in errors { Self.expectChinese(error.description, kept: ["log", "verify", "journal"]) }
        #expect(localizedMessage(EventLogError.locked(path: path).description, in: .simplifiedChinese)
                == "/tmp/trial/aegrade.db：日志被另一进程锁定；未写入任何内容，请重试")
    }

    @Test func everyRefusalIsInChineseWithItsRoleAndPermissionWords() {
        let refusals: [RecordRefusal] = [
            .notPermitted(role: .monitor, permission: .enterAssessment), .notPermitted(role: .administrator, permission: .overrideGrade),
            .notPermitted(role: .nurse, permission: .overrideGrade),
            .notOwnEntry(seq: 12, author: "nurse.zhang"), .serviceAccount(.overrideGrade),
            .reasonTooShort(minimum: 5), .gradeOutOfRange(7), .noSuchEvent(seq: 99, action: "correct"), .noSuchEvent(seq: 99, action: "override"),
            .noSuchEvent(seq: 99, action: "sign"),
            .notAnObservation(seq: 3, kind: .grades), .notAGradesEvent(seq: 3, kind: .observation),
            .otherPatient(seq: 3, stored: "P-001", given: "P-002"), .noSuchGrade(seq: 4, criteria: "astct-2019-crs", term: nil, offered: ["astct-2019-icans"]),
            .notATime("yesterday"), .writtenByAegrade(.grades), .dataNotAnObject, .reasonInData, .deathWithoutCause,
            .signing(.nothingNamed), .signing(.namedTwice(seq: 5)),
        ]
        let kept: Set<String> = Set<String>(["nurse.zhang", "P-001", "P-002", "astct-2019-crs", "astct-2019-icans", "yesterday", "grades", "observation",
                                 "cause", "reason", "data"]).union(Set(DeathCause.allCases.map(\.rawValue)))
        for refusal in refusals { Self.expectChinese(refusal.description, kept: kept) }
        #expect(localizedMessage(RecordRefusal.notPermitted(role: .nurse, permission: .overrideGrade).description, in: .simplifiedChinese)
                .hasPrefix("护士不可改判分级：仅限"))
    }

    @Test func everySignInRefusalIsInChinese() {
        let errors: [SignInError] = [
            .noAccounts, .wrongCredentials, .wrongKey, .lockedOut(user: "nurse.li"), .deactivated(user: "nurse.li"), .mustSetPassword(user: "nurse.li"),
            .roleNotHeld(user: "nurse.li", role: .physician, held: [.nurse]), .roleNotHeld(user: "nurse.li", role: .physician, held: []),
            .chooseRole(user: "dr.wang", held: [.physician, .principalInvestigator]), .noRole(user: "nurse.li"),
            .notAPerson(user: "lab.import"), .notAService(user: "nurse.li"), .accountsExist,
            .weakPassword("a password must not be the user id"), .storage(.locked(path: "/tmp/trial/aegrade.db")),
        ]
        for error in errors { Self.expectChinese(error.description, kept: ["nurse.li", "dr.wang", "lab.import", "log", "init", "user", "passwd", "add", "role", "db", "admin", "name", "key"]) }
    }

    @Test func theInputChecksAreInChineseWithTheirFieldPathsInEnglish() {
        let errors: [InputError] = [
            InputError(field: "vitals.temperatur", message: "unknown field \"temperatur\""),
            InputError(field: "vitals.temperature.value", message: "expected a number, found string"),
            InputError(field: "time", message: "\"today\" is not an ISO 8601 time with a UTC offset, such as 2026-11-22T08:00:00+08:00"),
            InputError(field: "patient", message: "required"),
        ]
        let chinese = errors.map { Self.expectChinese($0.description, kept: ["vitals.temperatur", "temperatur", "vitals.temperature.value", "string", "time", "today", "patient",
                                                                            "2026-11-22T08", "00", "00+08"]) }
        #expect(chinese[0] == "vitals.temperatur：未知字段 \"temperatur\"")
        #expect(chinese[3] == "patient：必填")
    }

    @Test func aMessageNoPatternMatchesStaysEnglishAndEnglishIsUntouched() {
        #expect(localizedMessage("a message from nowhere", in: .simplifiedChinese) == "a message from nowhere")
        #expect(localizedMessage(EventLogError.readOnly(path: "x.db").description, in: .english) == "x.db: the log is read-only; nothing was written")
    }

    @Test func noMessagePatternIsGivenTwiceAndPlaceholdersMatch() {
        var seen: Set<String> = []
        for pattern in Catalogue.messagePatterns {
            #expect(seen.insert(pattern.english).inserted, "\(pattern.english.debugDescription) is a message pattern twice")
            #expect(placeholders(of: pattern.english).sorted() == placeholders(of: pattern.chinese).sorted(),
                    "\(pattern.english.debugDescription) and \(pattern.chinese.debugDescription) differ in their placeholders")
        }
    }
}
