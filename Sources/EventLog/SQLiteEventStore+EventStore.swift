extension SQLiteEventStore {
    /// `verify(checkpoint:quick:rangeSize:)` in ranges of the default size.
    package func verify(checkpoint: (seq: Int64, hash: String)?, quick: Bool) throws(EventLogError) -> LogVerification {
        try verify(checkpoint: checkpoint, quick: quick, rangeSize: SeqRange.defaultSize)
    }

    /// `replay(until:rangeSize:)` in ranges of the default size.
    package func replay(until limit: Replay.Limit) throws(EventLogError) -> Replay {
        try replay(until: limit, rangeSize: SeqRange.defaultSize / 8)
    }

    /// The log's rows written out as `LogExport` reads them in place, in short read transactions.
    package func export(format: LogExport.Format, until limit: Replay.Limit, to write: ([UInt8]) -> Void) throws(EventLogError) {
        var blocks = 0
        try LogExport.write(self, format: format, until: limit) { block in
            write(block)
            blocks += 1
            // Test hook: hold still after the first block, while no read transaction is open.
            if blocks == 1 { TestHooks.pauseAfterFirstExportBlock(until: settings.exportReleaseFile) }
        }
    }
}
