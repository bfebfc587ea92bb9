import Foundation

/// Places where a test of the built binary can hold the product still, told by environment
/// variables that no user sets (`AEGRADE_TEST_…`; the test runner passes none of them on unless
/// a test asks).
enum TestHooks {
    /// `AEGRADE_TEST_PAUSE_EXPORT=FILE`: after writing its first block, `log export` says so on
    /// standard error and waits (at most a minute) until FILE exists, so that a test can show a
    /// writer committing while an export is half-way, without timing anything.
    static func pauseAfterFirstExportBlock() {
        guard let release = ProcessInfo.processInfo.environment["AEGRADE_TEST_PAUSE_EXPORT"] else { return }
        FileHandle.standardError.write(Data("aegrade-test: export paused\n".utf8))
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: release), Date() < deadline { usleep(10_000) }
    }
}
