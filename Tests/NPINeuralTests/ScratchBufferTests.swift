// The reusable scratch memory of MatrixKernels.swift: a zero buffer (the LSTM's c_(−1)) is
// cleared when it grows, and only then, and holds zeros for every size asked of it.
import Testing
@testable import NPINeural

@Suite struct ScratchBufferTests {
    @Test func aZeroBufferHoldsZerosAtEverySizeAndIsClearedOnlyWhenItGrows() {
        let zeros = ScratchBuffer<Float>()
        for count in [5, 3, 64, 64, 1_000, 10] {
            zeros.reserveZeroed(count)
            #expect(zeros.capacity >= count)
            #expect(UnsafeBufferPointer(start: zeros.pointer, count: count).allSatisfy { $0 == 0 }, "\(count)")
        }
        // A size that fits leaves the buffer as it is (it is never written by its users; written
        // here only to see that no call clears it again).
        zeros.pointer[0] = 1
        zeros.reserveZeroed(1_000)
        #expect(zeros.pointer[0] == 1)
        zeros.reserveZeroed(1_001)
        #expect(zeros.pointer[0] == 0)
    }
}
