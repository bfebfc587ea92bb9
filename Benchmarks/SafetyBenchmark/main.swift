// Safety benchmark (issue 5, "Speed"): prints seconds.
//
// 1. Boundary plus operating characteristics for N = 100 at 20 true rates (Pocock, p0 = 0.2,
//    alpha = 0.1; and beta-binomial), the figure stopping-rules.md gives for the R packages.
// 2. Trial status over a synthetic log of 1,000,000 events (400 subjects, hourly assessments with
//    their grades, treatments, corrections, overrides, deaths, a manufacturing failure, an RCL).
//
// Run with Benchmarks/safety-benchmark.sh (release build). Figures are medians of repeated runs.
import Clinical
import Foundation
import Safety

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<runs { times.append(try seconds(body)) }
    times.sort()
    return times[times.count / 2]
}

func format(_ value: Double) -> String { String(format: "%.4f", value) }

/// CPU seconds of this process so far (less sensitive than wall time to other load on the machine).
func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

// MARK: 1. boundaries and operating characteristics

let rates = (1...20).map { Double($0) * 0.05 }
var sink = 0.0
let pocockBoth = try median(21) {
    let boundary = try StoppingBoundary.pocock(p0: 0.2, alpha: 0.1, maxSubjects: 100)
    for rate in rates { sink += boundary.operatingCharacteristics(rate: rate).expectedSubjects }
}
let pocock = try StoppingBoundary.pocock(p0: 0.2, alpha: 0.1, maxSubjects: 100)
let ocOnly = median(21) { for rate in rates { sink += pocock.operatingCharacteristics(rate: rate).expectedSubjects } }
let bayesBoth = try median(21) {
    let boundary = try StoppingBoundary.bayes(p0: 0.2, priorA: 1, priorB: 4, threshold: 0.9, maxSubjects: 100)
    for rate in rates { sink += boundary.operatingCharacteristics(rate: rate).expectedSubjects }
}
let pocock500 = try median(5) {
    let boundary = try StoppingBoundary.pocock(p0: 0.2, alpha: 0.1, maxSubjects: 500)
    for rate in rates { sink += boundary.operatingCharacteristics(rate: rate).expectedSubjects }
}
print("boundary + OC, N = 100, 20 rates (Pocock, p0 0.2, alpha 0.1): \(format(pocockBoth)) s   [R stoppingrule 1.86 s, clinfun::toxbdry 0.31 s]")
print("OC alone, N = 100, 20 rates:                                 \(format(ocOnly)) s   [R stoppingrule 0.37 s]")
print("boundary + OC, N = 100, 20 rates (beta-binomial Beta(1, 4)):   \(format(bayesBoth)) s")
print("boundary + OC, N = 500, 20 rates (Pocock):                     \(format(pocock500)) s")

// MARK: 2. status over 1,000,000 events

/// SplitMix64 (Steele, Lea & Flood 2014): repeatable synthetic logs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func syntheticLog(events target: Int, subjects: Int, seed: UInt64) -> [RecordedEvent] {
    var rng = SplitMix64(state: seed)
    var events: [RecordedEvent] = []
    events.reserveCapacity(target + 16)
    let start = ClinicalTime(iso8601: "2026-01-01T08:00:00+08:00")!.secondsSinceEpoch
    func iso(_ seconds: Double) -> String { ClinicalTime(secondsSinceEpoch: seconds).utcText }
    func add(_ kind: EventKind, _ patient: String?, _ time: Double, _ payload: JSONValue) -> RecordedEvent {
        let seq = Int64(events.count + 1)
        let event = RecordedEvent(seq: seq, id: "00000000-0000-4000-8000-\(String(seq, radix: 16).leftPadded(12))", kind: kind,
                                  patient: patient, clinicalTime: iso(time), recordTime: iso(time + 120), timeZone: "Asia/Shanghai +08:00",
                                  author: Author(id: "nurse", role: .nurse), terminal: "bench", productVersion: "bench", payload: payload,
                                  prevHash: "", hash: "")
        events.append(event)
        return event
    }
    let perSubject = target / subjects
    for index in 0..<subjects {
        let patient = "S\(index + 1)"
        let infusion = start + Double(index) * 86_400 * 3
        _ = add(.enrollment, patient, infusion - 86_400 * 20, EventPayload.enrollment(cohort: index % 2 == 0 ? "low" : "high"))
        if index == 7 {
            _ = add(.manufacturingFailure, patient, infusion - 86_400, EventPayload.manufacturingFailure(reason: "insufficient expansion", replaced: true))
            continue
        }
        _ = add(.infusion, patient, infusion, EventPayload.infusion(product: "LOT-\(index)", dose: "1e6/kg", cohort: index % 2 == 0 ? "low" : "high"))
        var crs = 0, icans = 0
        var hour = 1.0
        var lastGrades: RecordedEvent?
        var lastObservation: RecordedEvent?
        while events.count < (index + 1) * perSubject - 2 {
            let time = infusion + hour * 3600
            crs = max(0, min(4, crs + Int.random(in: -1...1, using: &rng) * (Int.random(in: 0..<6, using: &rng) == 0 ? 1 : 0)))
            icans = max(0, min(4, icans + Int.random(in: -1...1, using: &rng) * (Int.random(in: 0..<9, using: &rng) == 0 ? 1 : 0)))
            let roll = Int.random(in: 0..<100, using: &rng)
            if roll == 0, let observation = lastObservation {
                let correction = add(.correction, patient, time - 1800, EventPayload.correction(
                    supersedes: observation.id, supersedesSeq: observation.seq, reason: "transcription", assessment: .object([])))
                lastGrades = add(.grades, patient, time - 1800, EventPayload.grades(observation: correction.id, observationSeq: correction.seq, results: [
                    .object([("criteria", .string("astct-2019-crs")), ("grade", .number(Double(crs)))]),
                    .object([("criteria", .string("astct-2019-icans")), ("grade", .number(Double(icans)))]),
                ]))
            } else if roll == 1, let grades = lastGrades {
                _ = add(.override, patient, time - 1800, EventPayload.override(supersedes: grades.id, supersedesSeq: grades.seq, criteria: "astct-2019-crs",
                                                                              term: nil, computedGrade: crs, grade: min(crs + 1, 4), reason: "judgement"))
            } else if roll == 2, crs >= 2 {
                _ = add(.treatment, patient, time, EventPayload.treatment(drug: "tocilizumab"))
            } else {
                let observation = add(.observation, patient, time, EventPayload.observation(.object([])))
                lastObservation = observation
                lastGrades = add(.grades, patient, time, EventPayload.grades(observation: observation.id, observationSeq: observation.seq, results: [
                    .object([("criteria", .string("astct-2019-crs")), ("grade", .number(Double(crs)))]),
                    .object([("criteria", .string("astct-2019-icans")), ("grade", .number(Double(icans)))]),
                ]))
            }
            hour += 1
        }
        if index % 50 == 3 { _ = add(.death, patient, infusion + hour * 3600, EventPayload.death(cause: "other")) }
        if index == 200 { _ = add(.rclDetected, patient, infusion + hour * 3600, EventPayload.rclDetected(assay: "VSV-G qPCR")) }
    }
    return events
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

let protocolPath = CommandLine.arguments.dropFirst().first ?? "Examples/protocol.yaml"
guard let protocolBytes = FileManager.default.contents(atPath: protocolPath) else {
    FileHandle.standardError.write(Data("cannot read \(protocolPath)\n".utf8))
    exit(2)
}
let trial = try TrialProtocol.load(bytes: Array(protocolBytes), name: protocolPath)
var events: [RecordedEvent] = []
let built = seconds { events = syntheticLog(events: 1_000_000, subjects: 400, seed: 42) }
let asOf = ClinicalTime(secondsSinceEpoch: events.map { ClinicalTime(iso8601: $0.recordTime)!.secondsSinceEpoch }.max()! + 3600)
var status: TrialStatus?
let cpuBefore = cpuSeconds()
let evaluation = median(3) { status = TrialStatus.evaluate(trial, events: events, asOf: asOf) }
let evaluationCPU = (cpuSeconds() - cpuBefore) / 3
let change = median(3) { sink += TrialStatus.statusEvent(trial, events: events, asOf: asOf) == nil ? 0 : 1 }
var usage = rusage()
#if canImport(Glibc)
getrusage(RUSAGE_SELF.rawValue, &usage)
let maxResidentMB = usage.ru_maxrss / 1024          // kilobytes on Linux
#else
getrusage(RUSAGE_SELF, &usage)
let maxResidentMB = usage.ru_maxrss / 1024 / 1024   // bytes on macOS
#endif
print("synthetic log: \(events.count) events, \(status?.subjects.count ?? 0) subjects (built in \(format(built)) s, not counted)")
print("status evaluation over \(events.count) events:                 \(format(evaluation)) s (CPU \(format(evaluationCPU)) s per run)")
print("status evaluation + change check (statusEvent):               \(format(change)) s")
print("peak resident memory: \(maxResidentMB) MB")
if let status {
    print("status: \(status.state.rawValue), tripped \(status.tripped), evaluable \(status.evaluableCount), not treated \(status.notTreated.count)")
}
if sink.isNaN { print(sink) }
