import Foundation

/// Places where a test of the built binary can hold the product still, set by
/// `SQLiteEventStore.Settings` (which the executable fills from `AEGRADE_TEST_…` variables that
/// no user sets).
enum TestHooks {
    /// Says on standard error that the export is paused and waits (at most a minute) until
    /// `release` exists.
    static func pauseAfterFirstExportBlock(until release: String?) {
        guard let release else { return }
        FileHandle.standardError.write(Data("aegrade-test: export paused\n".utf8))
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: release), Date() < deadline { usleep(10_000) }
    }

    /// Says on standard error that the write is about to commit and sleeps `seconds`, inside the
    /// write transaction, so that a test can kill the process there.
    static func pauseBeforeCommit(_ seconds: Double?) {
        guard let seconds else { return }
        FileHandle.standardError.write(Data("aegrade-test: paused before commit\n".utf8))
        Thread.sleep(forTimeInterval: seconds)
    }
}
