import Clinical
@testable import EventLog
import Foundation
import GRDB
import Testing
import TestSupport

/// The clock at each write (C-TIME-3, C-TIME-4): whether the kernel said it was synchronised,
/// kept with every event, and a `clockAnomaly` event by aegrade before an event whose record time
/// is earlier than the previous one's by more than 2 s. Never a refusal. The clock is moved with
/// the store's test hook (`Settings.clockOffsetSeconds`), never on the machine.
@Suite("Clock: status and anomalies") struct ClockAnomalyTests {
    static let note = EventDraft(kind: .note, patient: "BED-01", clinicalTime: nil, payload: .object([("text", .string("ward round"))]))
    static let nurse = Author(id: "nurse.li", role: .nurse)

    static func store(_ path: String, offset: Double?) throws -> SQLiteEventStore {
        var settings = SQLiteEventStore.Settings()
        settings.clockOffsetSeconds = offset
        return try SQLiteEventStore(path: path, mode: .readWrite(create: true), settings: settings)
    }

    @Test func aClockSetBackAnHourIsRecordedBeforeTheEntryWhichIsStillWritten() throws {
        // Given a log with an event written by the clock as it is
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        let first = try Self.store(path, offset: nil).append([Self.note], author: Self.nurse)[0]
        // When the next write finds the clock an hour behind
        let recorded = try Self.store(path, offset: -3600).append([Self.note], author: Self.nurse)
        // Then the note is written, right after a clockAnomaly event by aegrade
        #expect(recorded.count == 1 && recorded[0].kind == .note)
        let events = try SQLiteEventStore(path: path, mode: .readOnly).allEvents()
        #expect(events.map(\.kind) == [.genesis, .note, .clockAnomaly, .note])
        let anomaly = events[2]
        #expect(anomaly.author == .system && anomaly.seq == recorded[0].seq - 1)
        #expect(anomaly.payloadString(.previousRecordTime) == first.recordTime)
        #expect(anomaly.payloadString(.recordTime) == recorded[0].recordTime)
        #expect(anomaly.recordTime == recorded[0].recordTime, "the anomaly keeps the clock's time: nothing is reordered or rewritten")
        let boot = try String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(anomaly.payloadString(.bootId) == boot && anomaly.payloadString(.previousBootId) == boot)
        // the monotonic clock went on forward meanwhile (a few milliseconds, never an hour back)
        guard case .number(let seconds)? = anomaly.payload[.monotonicSeconds] else {
            Issue.record("no monotonic time in \(anomaly.payload)")
            return
        }
        #expect(seconds >= 0 && seconds < 600)
        #expect(try SQLiteEventStore(path: path, mode: .readOnly).verify().isIntact)
    }

    @Test func aClockBehindByTwoSecondsOrLessIsNoAnomaly() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        _ = try Self.store(path, offset: nil).append([Self.note], author: Self.nurse)
        _ = try Self.store(path, offset: -1).append([Self.note], author: Self.nurse)
        _ = try Self.store(path, offset: 0).append([Self.note], author: Self.nurse)
        #expect(try SQLiteEventStore(path: path, mode: .readOnly).allEvents().map(\.kind) == [.genesis, .note, .note, .note])
    }

    @Test func everyWriteRecordsWhetherTheKernelSaysTheClockIsSynchronised() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        let store = try Self.store(path, offset: nil)
        let note = try store.append([Self.note], author: Self.nurse)[0]
        let row = try #require(try store.queue.read { db in try SQLiteEventStore.writeRows(db, from: note.seq, to: note.seq + 1).first })
        // What ntp_adjtime(2) says on this machine, asked the same way
        let now = ClockStatus.now()
        #expect(now.synchronised != nil, "ntp_adjtime could not be asked")
        #expect(row.clockSynchronised == now.synchronised)
        #expect(row.bootId == now.bootId)
        #expect(try #require(row.monotonicNanoseconds) <= now.monotonicNanoseconds)
    }
}

/// A clock set forward (C-TIME-4): the record time ahead of the previous event's by more than the
/// monotonic time between the writes allows.
@Suite("Clock: set forward") struct ClockSetForwardTests {
    @Test func aClockSetForwardAnHourIsRecordedOnceAndTheEntryIsWritten() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        let first = try ClockAnomalyTests.store(path, offset: nil).append([ClockAnomalyTests.note], author: ClockAnomalyTests.nurse)[0]
        // An hour ahead, a moment later on the monotonic clock
        let recorded = try ClockAnomalyTests.store(path, offset: 3600).append([ClockAnomalyTests.note], author: ClockAnomalyTests.nurse)
        // The clock stays where it was set: the next write is no anomaly
        _ = try ClockAnomalyTests.store(path, offset: 3600).append([ClockAnomalyTests.note], author: ClockAnomalyTests.nurse)
        let events = try SQLiteEventStore(path: path, mode: .readOnly).allEvents()
        #expect(events.map(\.kind) == [.genesis, .note, .clockAnomaly, .note, .note])
        let anomaly = events[2]
        #expect(anomaly.author == .system && anomaly.seq == recorded[0].seq - 1)
        #expect(anomaly.payloadString(.direction) == "forward")
        #expect(anomaly.payloadString(.previousRecordTime) == first.recordTime)
        #expect(anomaly.payloadString(.recordTime) == recorded[0].recordTime)
        guard case .number(let seconds)? = anomaly.payload[.monotonicSeconds] else {
            Issue.record("no monotonic time in \(anomaly.payload)")
            return
        }
        #expect(seconds >= 0 && seconds < 600, "the monotonic clock moved a moment, not an hour")
        #expect(try SQLiteEventStore(path: path, mode: .readOnly).verify().isIntact)
    }

    @Test func aClockTwoSecondsAheadIsNoAnomalyAndASetBackNamesItsDirection() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        _ = try ClockAnomalyTests.store(path, offset: nil).append([ClockAnomalyTests.note], author: ClockAnomalyTests.nurse)
        _ = try ClockAnomalyTests.store(path, offset: 1.5).append([ClockAnomalyTests.note], author: ClockAnomalyTests.nurse)
        _ = try ClockAnomalyTests.store(path, offset: -600).append([ClockAnomalyTests.note], author: ClockAnomalyTests.nurse)
        let events = try SQLiteEventStore(path: path, mode: .readOnly).allEvents()
        #expect(events.map(\.kind) == [.genesis, .note, .note, .clockAnomaly, .note])
        #expect(events[3].payloadString(.direction) == "backward")
    }
}
