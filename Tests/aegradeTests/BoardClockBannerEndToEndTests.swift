import Foundation
import Testing
import TestSupport

/// The board in a real terminal when the kernel says the system clock is not synchronised
/// (C-TIME-3): the banner is shown and an entry is still saved. The kernel's answer is given by
/// `AEGRADE_TEST_CLOCK_SYNCHRONISED` (screens elsewhere assume a synchronised clock).
@Suite(.serialized) struct BoardClockBannerEndToEndTests {
    @Test func anUnsynchronisedClockIsShownAboveTheBoard() throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let session = try demo.signedInBoard(user: BoardDemo.nurse, width: 120, height: 40,
                                             environment: ["LANG": "C.UTF-8", "AEGRADE_TEST_CLOCK_SYNCHRONISED": "no"])
        defer { session.kill() }
        #expect(session.waitFor("The system clock is not synchronised: record times may be wrong"), "\(session)")
        #expect(session.waitFor("P-001"), "the board is still shown: \(session)")
    }

    @Test func aSynchronisedClockShowsNoBanner() throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let session = try demo.signedInBoard(user: BoardDemo.nurse, width: 120, height: 40,
                                             environment: ["LANG": "C.UTF-8", "AEGRADE_TEST_CLOCK_SYNCHRONISED": "yes"])
        defer { session.kill() }
        #expect(session.waitFor("P-001"), "\(session)")
        #expect(!(try session.capture()).contains { $0.contains("not synchronised") }, "\(session)")
    }
}
