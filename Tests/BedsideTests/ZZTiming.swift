import Clinical
import Foundation
import Testing
@testable import Bedside

@Test func zzTiming() throws {
    let d = DemoFixture.temporaryDirectory("timing")
    try DemoTrial.write(to: d, now: ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970))
}
