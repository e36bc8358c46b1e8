import Foundation
import XCTest
@testable import rocbert

/// Activation-sized blocks freed by one forward pass are reused by the next without new page faults.
final class FreedMemoryReuseTests: XCTestCase {
    func testFreedBlocksComeBackWithoutPageFaults() throws {
        #if os(Linux)
        XCTAssertTrue(FreedMemoryReuse.enable(), "mallopt refused the thresholds")
        let count = 6 << 20  // 24 MiB of Float, an FFN activation at 32 × 64 is 24 MiB
        func faultsWhileFilling() -> Int {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let before = usage.ru_minflt
            let block = [Float](repeating: 1, count: count)
            XCTAssertEqual(block[count - 1], 1)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return usage.ru_minflt - before
        }
        _ = faultsWhileFilling()  // the first block may need fresh pages
        let again = faultsWhileFilling()
        // 6,144 pages when the block is mapped afresh; a reused block needs none.
        XCTAssertLessThan(again, 600, "a freed 24 MiB block was given back to the kernel and faulted in again")
        #else
        throw XCTSkip("the thresholds are glibc's")
        #endif
    }
}
