import Foundation

/// Places where a test of the built binary can hold the product still, told by environment
/// variables that no user sets (`AEGRADE_TEST_…`; the test runner passes none of them on unless
/// a test asks).
enum TestHooks {
    /// `AEGRADE_TEST_PAUSE_EXPORT=FILE`: after writing its first block, `log export` says so on
    /// standard error and waits (at most a minute) until FILE exists, so that a test can show a
    /// writer committing while an export is half-way, without timing anything.
    static func pauseAfterFirstExportBlock() {
        pause(variable: "AEGRADE_TEST_PAUSE_EXPORT", saying: "export paused")
    }

    /// `AEGRADE_TEST_PAUSE_STRUCTURE=FILE`: once verify's copy of the log is made and before
    /// SQLite's check runs on it, verify says so (with the copy's path) and waits until FILE
    /// exists, so that a test can show a writer committing meanwhile and find the copy.
    static func pauseDuringStructureCheck(snapshot: String) {
        pause(variable: "AEGRADE_TEST_PAUSE_STRUCTURE", saying: "structure check paused on \(snapshot)")
    }

    /// `AEGRADE_TEST_PAUSE_SNAPSHOT=PREFIX`: after the first step of its copy number N, verify
    /// says `snapshot copy N paused` and waits until PREFIX-N exists, so that a test can commit
    /// a write in the middle of a copy (which makes SQLite start the copy again).
    static func pauseDuringSnapshotCopy(attempt: Int) {
        guard let prefix = ProcessInfo.processInfo.environment["AEGRADE_TEST_PAUSE_SNAPSHOT"] else { return }
        wait(for: "\(prefix)-\(attempt)", saying: "snapshot copy \(attempt) paused")
    }

    /// `AEGRADE_TEST_PAUSE_BACKUP=FILE`: after copying its first slice of events, `log backup`
    /// says so and waits until FILE exists, so that a test can show a writer committing while a
    /// backup is half-way.
    static func pauseAfterFirstBackupSlice() {
        pause(variable: "AEGRADE_TEST_PAUSE_BACKUP", saying: "backup paused")
    }

    private static func pause(variable: String, saying message: String) {
        guard let release = ProcessInfo.processInfo.environment[variable] else { return }
        wait(for: release, saying: message)
    }

    /// Says `message` on standard error and waits, at most a minute, until `release` exists.
    private static func wait(for release: String, saying message: String) {
        FileHandle.standardError.write(Data("aegrade-test: \(message)\n".utf8))
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: release), Date() < deadline { usleep(10_000) }
    }
}
