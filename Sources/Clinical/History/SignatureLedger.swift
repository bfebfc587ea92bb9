/// The electronic signatures of a log, per event version: folded in seq order, it answers for any
/// event which signatures stand on it — signer id and role, printed name, meaning, record time and
/// zone (21 CFR 11.50).
///
/// A signature covers exactly the versions it names by id, seq and hash (21 CFR 11.70): it is
/// attached to an event only when the log holds that event with that id and hash. A correction is
/// a new event, so it leaves every signature on the version it supersedes, and the corrected
/// content stands unsigned until someone signs it (PIC/S PI 041-1, the data integrity guidance:
/// a signature applies to the content signed, not to a later change of it). A signature naming a
/// version the log does not hold is kept apart (``unlinked``), never attached to whatever now sits
/// at that seq.
///
/// Memory: the id and hash of every event folded (the timeline and the report fold the whole log
/// in memory already), and the signatures.
package struct SignatureLedger: Sendable {
    /// One signature standing on an event version.
    package struct Signature: Sendable, Equatable {
        /// The `signature` event.
        package let seq: Int64
        package let signer: Author
        package let name: String
        package let meaning: SignatureMeaning
        /// UTC, as recorded (`2026-11-22T00:14:03.120Z`).
        package let recordTime: String
        /// The signer's zone and offset then (`Asia/Shanghai +08:00`).
        package let timeZone: String
        package let reason: String?

        /// The time of signing at the signer's own offset, with the zone: `2026-11-22 08:14:03
        /// +08:00 Asia/Shanghai` (the record time as stored when it cannot be read).
        package var localTime: String {
            let parts = timeZone.split(separator: " ")
            guard let instant = ClinicalTime(iso8601: recordTime) else { return PrintableText.escaped(recordTime) }
            let offset = parts.last.flatMap { Self.offsetSeconds(String($0)) } ?? 0
            let text = instant.iso8601Text(offsetSeconds: offset)
            let zone = parts.count > 1 ? " " + PrintableText.escaped(parts.dropLast().joined(separator: " ")) : ""
            return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(8)) + " " + ClinicalTime.offsetText(offset) + zone
        }

        /// What a screen or report prints beside the signed content (21 CFR 11.50(a)): `overrode
        /// grade — Wang Li (dr.wang, physician) 2026-11-22 08:14:03 +08:00 Asia/Shanghai`, the
        /// reason after it when given. Name, id and reason are escaped (``PrintableText``).
        package var manifestation: String {
            "\(meaning.words) — \(PrintableText.escaped(name)) (\(PrintableText.escaped(signer.id)), \(signer.role.rawValue)) \(localTime)"
                + (reason.map { ": \(PrintableText.escaped($0))" } ?? "")
        }

        /// `+08:00` → 28800; nil for anything else.
        static func offsetSeconds(_ text: String) -> Int? {
            let scalars = Array(text.utf8)
            guard scalars.count == 6, scalars[0] == UInt8(ascii: "+") || scalars[0] == UInt8(ascii: "-"), scalars[3] == UInt8(ascii: ":"),
                  let hours = Int(String(text.dropFirst().prefix(2))), let minutes = Int(String(text.suffix(2))),
                  hours < 24, minutes < 60 else { return nil }
            return (hours * 3600 + minutes * 60) * (scalars[0] == UInt8(ascii: "-") ? -1 : 1)
        }
    }

    /// A signature naming a version the log does not hold as named.
    package struct Unlinked: Sendable, Equatable {
        /// The `signature` event.
        package let signatureSeq: Int64
        package let named: SignedVersion
        /// `names no earlier event`, `names event 5 with another id or hash`.
        package let why: String
    }

    private var versions: [Int64: (id: String, hash: String)] = [:]
    private var bySeq: [Int64: [Signature]] = [:]
    /// The signatures that name versions the log does not hold, in log order.
    package private(set) var unlinked: [Unlinked] = []
    /// The signature events folded (well-formed or not).
    package private(set) var signatureEvents = 0

    package init() {}

    /// The ledger of `events`, folded in order.
    package init(_ events: some Sequence<RecordedEvent>) {
        for event in events { add(event) }
    }

    /// Folds the next event of the log.
    package mutating func add(_ event: RecordedEvent) {
        if event.kind == .signature {
            signatureEvents += 1
            if let logged = event.loggedSignature {
                let signature = Signature(seq: event.seq, signer: event.author, name: logged.name, meaning: logged.meaning,
                                          recordTime: event.recordTime, timeZone: event.timeZone, reason: logged.reason)
                for version in logged.signs {
                    guard version.seq < event.seq, let held = versions[version.seq] else {
                        unlinked.append(Unlinked(signatureSeq: event.seq, named: version, why: "names no earlier event \(version.seq)"))
                        continue
                    }
                    guard held.id == version.id, held.hash == version.hash else {
                        unlinked.append(Unlinked(signatureSeq: event.seq, named: version,
                                                 why: "names event \(version.seq) with an id or hash the log does not hold"))
                        continue
                    }
                    bySeq[version.seq, default: []].append(signature)
                }
            }
        }
        versions[event.seq] = (event.id, event.hash)
    }

    /// The signatures standing on event `seq`, in the order they were signed.
    package func signatures(of seq: Int64) -> [Signature] { bySeq[seq] ?? [] }

    /// Whether a `grades` event holds a grade ≥ 3 that no one has yet signed as `confirmed`: it
    /// shows as "awaits signature" until a physician does.
    package func awaitsConfirmation(_ grades: RecordedEvent) -> Bool {
        SignatureMeaning.needsConfirmation(grades) && !signatures(of: grades.seq).contains { $0.meaning == .confirmed }
    }

    /// Every signed event and its signatures, by seq.
    package var signed: [(seq: Int64, signatures: [Signature])] {
        bySeq.keys.sorted().map { ($0, bySeq[$0] ?? []) }
    }
}
