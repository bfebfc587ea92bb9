extension SQLiteEventStore {
    /// How a store behaves beyond what the file holds: the lock wait, and places where a test can
    /// make the log run out of room or hold still. Passed in when the log is opened; the defaults
    /// are the product's.
    ///
    /// The executable builds one from the `AEGRADE_TEST_…` environment variables (in its wiring,
    /// for the tests of the built binary); library tests pass one directly. Nothing here changes
    /// what is stored.
    package struct Settings: Sendable {
        /// How long a connection waits for another's lock before the operation fails as
        /// `.locked`, in seconds: several terminals appending at once wait for each other.
        package var busyTimeoutSeconds: Double = 60
        /// Ends a short read transaction (`ReadSlice`) after exactly this many rows instead of
        /// after its time budget, so that a test can stop a long read between two transactions of
        /// a small log at a known row.
        package var sliceRowLimit: Int?
        /// `PRAGMA max_page_count` on every connection: a small budget makes a write fail as a
        /// full disk would.
        package var maxPageCount: Int?
        /// `PRAGMA cache_size` in pages: a cache of a few pages makes a large write spill into the
        /// file before its commit, so that a writer killed there leaves a hot journal.
        package var cachePages: Int?
        /// Sleeps this many seconds inside every append's transaction, after the inserts and
        /// before the commit, after saying so on standard error, so that a test can kill the
        /// process there.
        package var pauseBeforeCommitSeconds: Double?
        /// After the first block of an export is written, says so on standard error and waits
        /// (at most a minute) until this file exists, so that a test can show a writer committing
        /// while an export is half-way, without timing anything.
        package var exportReleaseFile: String?
        /// Pages per step of verify's copy of the log (`StructureSnapshot`) instead of 4 MiB, so
        /// that a test can stop a copy of a small log half-way.
        package var snapshotPagesPerStep: Int32?
        /// After the first step of verify's copy number N, waits until the file `prefix-N` exists.
        package var snapshotPausePrefix: String?
        /// Once verify's copy is made, waits until this file exists before SQLite's check runs.
        package var structureReleaseFile: String?
        /// After the first slice `log backup` copies, waits until this file exists.
        package var backupReleaseFile: String?
        /// Moves the record time of every append by this many seconds, as a system clock set
        /// back or forward would, so that a test shows a clock anomaly without changing the clock.
        package var clockOffsetSeconds: Double?
        /// How long a record time taken ahead stays the time of the write: beyond it, the time
        /// would say more of a wait before the transaction (another writer's lock) than of the
        /// write, and the transaction takes the clock again. A test that must find an entry
        /// written as built whatever the machine's speed gives it more.
        package var aheadTimeLimitMillis: Int64 = 1_000

        /// The product's settings.
        package init() {}

        package init(busyTimeoutSeconds: Double = 60, sliceRowLimit: Int? = nil, maxPageCount: Int? = nil, cachePages: Int? = nil,
                     pauseBeforeCommitSeconds: Double? = nil, exportReleaseFile: String? = nil) {
            self.busyTimeoutSeconds = busyTimeoutSeconds
            self.sliceRowLimit = sliceRowLimit
            self.maxPageCount = maxPageCount
            self.cachePages = cachePages
            self.pauseBeforeCommitSeconds = pauseBeforeCommitSeconds
            self.exportReleaseFile = exportReleaseFile
        }
    }
}
