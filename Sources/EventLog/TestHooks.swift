import Foundation

/// Places where a test of the built binary can hold the product still, set by
/// `SQLiteEventStore.Settings` (which the executable fills from `AEGRADE_TEST_…` variables that
/// no user sets).
enum TestHooks {
    /// After the first block of an export is written: says so on standard error and waits (at
    /// most a minute) until `release` exists, so that a test can show a writer committing while an
    /// export is half-way, without timing anything.
    static func pauseAfterFirstExportBlock(until release: String?) {
        guard let release else { return }
        wait(for: release, saying: "export paused")
    }

    /// Once verify's copy of the log is made and before SQLite's check runs on it: says so (with
    /// the copy's path) and waits until `release` exists, so that a test can show a writer
    /// committing meanwhile and find the copy.
    static func pauseDuringStructureCheck(snapshot: String, until release: String?) {
        guard let release else { return }
        wait(for: release, saying: "structure check paused on \(snapshot)")
    }

    /// After the first step of its copy number `attempt`: verify says `snapshot copy N paused`
    /// and waits until `prefix-N` exists, so that a test can commit a write in the middle of a
    /// copy (which makes SQLite start the copy again).
    static func pauseDuringSnapshotCopy(attempt: Int, prefix: String?) {
        guard let prefix else { return }
        wait(for: "\(prefix)-\(attempt)", saying: "snapshot copy \(attempt) paused")
    }

    /// After copying its first slice of events: `log backup` says so and waits until `release`
    /// exists, so that a test can show a writer committing while a backup is half-way.
    static func pauseAfterFirstBackupSlice(until release: String?) {
        guard let release else { return }
        wait(for: release, saying: "backup paused")
    }

    /// Says on standard error that the write is about to commit and sleeps `seconds`, inside the
    /// write transaction, so that a test can kill the process there.
    static func pauseBeforeCommit(_ seconds: Double?) {
        guard let seconds else { return }
        FileHandle.standardError.write(Data("aegrade-test: paused before commit\n".utf8))
        Thread.sleep(forTimeInterval: seconds)
    }

    /// Says `message` on standard error and waits, at most a minute, until `release` exists.
    private static func wait(for release: String, saying message: String) {
        FileHandle.standardError.write(Data("aegrade-test: \(message)\n".utf8))
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: release), Date() < deadline { usleep(10_000) }
    }
}
