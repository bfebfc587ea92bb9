// Bedside speed (issue 6), measured, not a timed test:
//  - the first frame of the triage board on a log of about 100,000 events (read the log, fold it,
//    evaluate the protocol, lay out the board), goal under 150 ms;
//  - keystroke to screen on the board (move the cursor, lay out the frame) and in the assessment
//    form (apply the key, grade the entry live, lay out the frame), goal under 16 ms.
// Usage: BedsideBenchmark LOG.db [PROTOCOL.yaml]   (Benchmarks/bedside-benchmark.sh prepares both)
import Bedside
import Clinical
import EventLog
import Foundation
import Grading
import Safety
import Terminal

final class NullDevice: TerminalDevice {
    var size: (width: Int, height: Int) = (100, 30)
    func readKey(timeoutMilliseconds: Int) -> Key? { nil }
    func draw(_ buffer: ScreenBuffer) {}
}

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: BedsideBenchmark LOG.db [PROTOCOL.yaml]\n".utf8))
    exit(2)
}
let criteria = try CriteriaSet.bundled()
var trial: TrialProtocol?
if arguments.count >= 3, let data = FileManager.default.contents(atPath: arguments[2]) {
    trial = try TrialProtocol.load(bytes: Array(data), name: arguments[2], criteria: criteria)
}
let store = try SQLiteEventStore(path: arguments[1], mode: .readWrite(create: false))
let events = try store.lastEvent()?.seq ?? 0

/// The benchmark's nurse, signed in as at the bedside. On a log without accounts its first
/// administrator and the nurse are made first (scrypt derivations, before any timing).
func benchmarkNurse(_ store: any EventStore, _ criteria: CriteriaSet) throws -> SignedIn {
    let authenticator = Authenticator(store: store)
    let password = "benchmark-password"
    if try AccountDirectory(store: store).isEmpty {
        try authenticator.createFirstAdministrator(id: "bench.admin", name: "Benchmark Administrator", password: password)
        let admin = try authenticator.signIn(user: "bench.admin", password: password, role: .administrator)
        let change = try LogRecorder(store: store, criteria: criteria, signedIn: admin)
            .addUser(id: "bench.nurse", name: "Benchmark Nurse", roles: [.nurse], kind: .person)
        _ = try authenticator.setOwnPassword(user: "bench.nurse", current: change.oneTimeSecret ?? "", new: password, role: .nurse)
    }
    return try authenticator.signIn(user: "bench.nurse", password: password, role: .nurse)
}
let nurse = try benchmarkNurse(store, criteria)

var context: BedsideContext!
var app: BedsideApp!
var firstFrame: ScreenBuffer!
let device = NullDevice()
let firstFrameMs = try milliseconds {
    context = try BedsideContext(fastStart: store, criteria: criteria, trial: trial, signedIn: nurse)
    app = BedsideApp(device: device, context: context, root: TriageBoardScreen(context: context))
    firstFrame = app.frame()
}
print(String(format: "board first frame: %.1f ms on %lld events, %d patients (goal < 150 ms)", firstFrameMs, events,
             context.replay.patients.count))

// The whole log, folded meanwhile on another thread: the first key waits for it.
let fullLoadMs = try milliseconds { try context.finishLoading(wait: true) }
print(String(format: "then the whole log folded in the background: ready %.0f ms after the first frame", fullLoadMs))

// The clock's tick: the protocol evaluated again and the board's rows at the new now (every 15 s).
let tickMs = milliseconds { app.tick() }
let statusMs = milliseconds { context.finishClockRefresh(wait: true) }
print(String(format: "board clock tick: rows %.1f ms on the screen loop; the protocol evaluated again on another thread, %.0f ms later", tickMs, statusMs))

// Keystrokes on the board: the cursor down and up through the patients (each redraws the board).
var boardSamples: [Double] = []
for round in 0..<250 {
    let key: Key = round % 40 < 20 ? .character("j") : .character("k")
    boardSamples.append(milliseconds {
        app.handle(key)
        _ = app.frame()
    })
}
boardSamples.sort()
print(String(format: "board keystroke to screen: median %.2f ms, p99 %.2f ms over %d keys", boardSamples[boardSamples.count / 2],
             boardSamples[Int(Double(boardSamples.count) * 0.99)], boardSamples.count))
app.handle(.home)

// Keystrokes in the form: alternate typing a digit of the temperature and erasing it.
app.handle(.character("a"))
let keys: [Key] = [.character("3"), .character("8"), .character("."), .character("6"), .backspace, .backspace, .backspace, .backspace]
var samples: [Double] = []
for round in 0..<250 {
    let key = keys[round % keys.count]
    samples.append(milliseconds {
        app.handle(key)
        _ = app.frame()
    })
}
samples.sort()
let median = samples[samples.count / 2]
let p99 = samples[Int(Double(samples.count) * 0.99)]
print(String(format: "form keystroke to screen: median %.2f ms, p99 %.2f ms over %d keys (goal < 16 ms)", median, p99, samples.count))
_ = firstFrame
