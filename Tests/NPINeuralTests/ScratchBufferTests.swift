// The reusable scratch memory of MatrixKernels.swift: a zero buffer (the LSTM's c_(−1)) is
// cleared when it grows, and only then, and holds zeros for every size asked of it; every buffer
// starts on a cache line.
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

    @Test func everyBufferStartsOnACacheLine() {
        // Sizes malloc serves from its heap and from mmap (where it returned page + 16 bytes).
        for count in [1, 3, 17, 1_000, 262_144, 1_000_003] {
            let floats = ScratchBuffer<Float>(), indices = ScratchBuffer<Int32>()
            floats.reserve(count)
            indices.reserve(count)
            #expect(Int(bitPattern: floats.pointer) % 64 == 0, "\(count) floats")
            #expect(Int(bitPattern: indices.pointer) % 64 == 0, "\(count) indices")
        }
        #expect(Int(bitPattern: ScratchBuffer<Double>().pointer) % 64 == 0, "before any reserve")
    }
}
