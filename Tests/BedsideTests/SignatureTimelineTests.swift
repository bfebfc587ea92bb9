import Clinical
@testable import EventLog
import Foundation
import Grading
import Testing
@testable import Bedside

/// Signatures on the patient timeline (21 CFR 11.50(b)): the signer's printed name, id, role,
/// meaning and time with zone beside the signed entry; a grade ≥ 3 awaiting a physician; after a
/// correction the old version keeps its signatures and the new content is shown unsigned (C-SIG-3).
@Suite struct SignatureTimelineTests {
    /// The timeline's document as text lines, at 120 columns.
    static func lines(_ log: BoardLog) throws -> [String] {
        let timeline = PatientTimeline(patient: "P-1", events: try log.store.allEvents(), now: log.clock)
        return PatientTimelineView.document(timeline, width: 120, colors: false).lines.map(\.text)
    }

    /// The line after the one containing `text` that contains `below`, before the next entry.
    static func under(_ lines: [String], _ text: String, _ below: String) -> String? {
        guard let start = lines.firstIndex(where: { $0.contains(text) }) else { return nil }
        return lines[(start + 1)...].prefix { $0.hasPrefix("              ") || $0.hasPrefix("               ") }.first { $0.contains(below) }
    }

    @Test func aGradeThreeAwaitsAPhysicianThenShowsTheSignatureAndACorrectionLeavesItOnTheOldVersion() throws {
        let log = try BoardLog(now: "2026-11-23T08:00:00+08:00")
        // Given a CRS 3 entered by the nurse
        let seqs = try log.assess(BoardLog.onePressor("P-1", at: "2026-11-22T08:00:00+08:00"))
        var lines = try Self.lines(log)
        #expect(Self.under(lines, "assessment CRS 3", "awaits signature: grade ≥ 3 to be confirmed by a physician") != nil, "\(lines)")
        // When the nurse signs her entry and a physician confirms the grade
        let nurse = LogRecorder(store: log.store, criteria: log.criteria, signedIn: .unauthenticated(Author(id: "nurse.li", role: .nurse)))
        let physician = LogRecorder(store: log.store, criteria: log.criteria, signedIn: .unauthenticated(Author(id: "dr.wang", role: .physician)))
        let authored = try nurse.sign([seqs[0]], meaning: .authored, name: "Li Mei")
        let confirmed = try physician.sign([seqs[1]], meaning: .confirmed, name: "Wang Li")
        // Then both show under the entry, with name, id, role, meaning and the time at the signer's offset and zone
        lines = try Self.lines(log)
        let zone = authored.timeZone.split(separator: " ").dropLast().joined(separator: " ")
        let offset = String(authored.timeZone.split(separator: " ").last ?? "")
        let signedLine = try #require(Self.under(lines, "assessment CRS 3", "✍ confirmed grade ≥ 3 — Wang Li (dr.wang, physician)"), "\(lines)")
        #expect(signedLine.contains(offset + " " + zone), "\(signedLine)")
        let time = try #require(ClinicalTime(iso8601: confirmed.recordTime))
        let offsetSeconds = (Int(offset.dropFirst().prefix(2)) ?? 0) * 3600 + (Int(offset.suffix(2)) ?? 0) * 60
        let local = time.iso8601Text(offsetSeconds: offset.hasPrefix("-") ? -offsetSeconds : offsetSeconds)
        #expect(signedLine.contains(local.prefix(10) + " " + local.dropFirst(11).prefix(8)), "\(signedLine) \(local)")
        #expect(Self.under(lines, "assessment CRS 3", "✍ authored entry — Li Mei (nurse.li, nurse)") != nil)
        #expect(Self.under(lines, "assessment CRS 3", "awaits signature") == nil)
        // When the physician corrects the assessment (still CRS 3, a lower dose written)
        let corrected = BoardLog.onePressor("P-1", at: "2026-11-22T08:00:00+08:00").replacingOccurrences(of: "\"dose\":0.1", with: "\"dose\":0.05")
        guard case .success = try physician.correct(seq: seqs[0], with: try JSONParser.parse(corrected), reason: "dose misread") else {
            Issue.record("the correction was rejected")
            return
        }
        lines = try Self.lines(log)
        // Then the old version keeps both signatures
        #expect(Self.under(lines, "✎ superseded by #", "✍ confirmed grade ≥ 3 — Wang Li (dr.wang, physician)") != nil, "\(lines)")
        #expect(Self.under(lines, "✎ superseded by #", "✍ authored entry — Li Mei (nurse.li, nurse)") != nil)
        // And the new content carries only the correction's own signature: unsigned as authored and confirmed, awaiting a physician
        #expect(Self.under(lines, "✎ corrected by dr.wang", "✍ corrected entry — dr.wang (dr.wang, physician)") != nil, "\(lines)")
        #expect(Self.under(lines, "✎ corrected by dr.wang", "unsigned as authored entry, confirmed grade ≥ 3: those signatures stay on #\(seqs[0])") != nil)
        #expect(Self.under(lines, "✎ corrected by dr.wang", "awaits signature: grade ≥ 3") != nil)
        #expect(Self.under(lines, "✎ superseded by #", "awaits signature") == nil)
    }

    @Test func anOverrideShowsItsSignatureBesideIt() throws {
        let log = try BoardLog(now: "2026-11-23T08:00:00+08:00")
        let seqs = try log.assess(BoardLog.well("P-1", at: "2026-11-22T08:00:00+08:00"))
        let physician = LogRecorder(store: log.store, criteria: log.criteria, signedIn: .unauthenticated(Author(id: "dr.wang", role: .physician)))
        _ = try physician.override(seq: seqs[1], criteria: "astct-2019-crs", term: nil, grade: 1, reason: "febrile at handover")
        let lines = try Self.lines(log)
        #expect(Self.under(lines, "⚑ override CRS 0→1", "✍ overrode grade — dr.wang (dr.wang, physician)") != nil, "\(lines)")
        // A grade below 3 awaits nothing
        #expect(!lines.contains { $0.contains("awaits signature") })
    }
}
