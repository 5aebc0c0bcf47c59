// BLIS's small-matrix kernels read past the end of some operands (see `blasSlack`): each
// product form runs here on shapes where they do, with the operand they over-read placed right
// before an unreadable page and only `blasSlack` scalars between, and every array and buffer
// npi hands to BLIS keeps that much room after it.
import Foundation
import Testing
@testable import NPINeural

@Suite("BLAS slack")
struct BLASSlackTests {
    /// `count` Floats followed by exactly `blasSlack(count)` readable ones, then a page that
    /// cannot be read: touching anything past the slack ends the process.
    final class GuardedFloats {
        let pointer: UnsafeMutablePointer<Float>
        private let base: UnsafeMutableRawPointer
        private let length: Int

        init(_ values: [Float]) {
            let page = Int(getpagesize())
            let bytes = (values.count + blasSlack(values.count)) * MemoryLayout<Float>.size
            length = (bytes + page - 1) / page * page + page
            let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            precondition(mapped != MAP_FAILED, "mmap failed")
            base = mapped!
            precondition(mprotect(base + length - page, page, PROT_NONE) == 0, "mprotect failed")
            let start = (base + length - page - bytes).bindMemory(to: Float.self, capacity: bytes / 4)
            start.initialize(repeating: 0.25, count: bytes / 4)
            start.update(from: values, count: values.count)
            pointer = start
        }

        deinit { munmap(base, length) }
    }

    static func values(_ count: Int, seed: Int) -> [Float] {
        (0..<count).map { Float(($0 * 7 + seed) % 13) / 8 - 0.75 }
    }

    /// Shapes (M rows, N outputs, K inputs) on which BLIS 0.9.0's gemm read past the operand the
    /// case guards, found by the C probe described at `blasSlack`.
    @Test(arguments: [(4, 16, 2), (4, 255, 13), (7, 200, 63), (13, 257, 13), (100, 512, 13), (16, 1024, 63)])
    func theInputOfAForwardProductMayBeReadPastItsEnd(rows: Int, outputs: Int, inputs: Int) {
        let x = Self.values(rows * inputs, seed: 1), w = Self.values(outputs * inputs, seed: 2)
        var output = padded([Float](repeating: 0, count: rows * outputs))
        let guarded = GuardedFloats(x), weight = padded(w)
        output.withUnsafeMutableBufferPointer { y in
            weight.withUnsafeBufferPointer { w in
                addInputTimesWeightTransposed(
                    input: guarded.pointer, weight: w.baseAddress!, output: y.baseAddress!, rows: rows,
                    inputSize: inputs, outputSize: outputs)
            }
        }
        // y[0][0] = Σ_i x[0][i] · w[0][i].
        let first = (0..<inputs).reduce(Float(0)) { $0 + x[$1] * w[$1] }
        #expect(abs(output[0] - first) <= 1e-4 * max(1, abs(first)))
    }

    @Test(arguments: [(2, 2, 1), (5, 3, 100), (9, 11, 8), (23, 47, 4), (48, 74, 1031), (128, 2, 257)])
    func theWeightGradientMayBeReadPastItsEnd(outputs: Int, inputs: Int, rows: Int) {
        let dy = padded(Self.values(rows * outputs, seed: 3)), x = padded(Self.values(rows * inputs, seed: 4))
        let dW = GuardedFloats([Float](repeating: 0, count: outputs * inputs))
        dy.withUnsafeBufferPointer { dy in
            x.withUnsafeBufferPointer { x in
                addWeightGradient(
                    outputGradient: dy.baseAddress!, input: x.baseAddress!, weightGradient: dW.pointer, rows: rows,
                    inputSize: inputs, outputSize: outputs)
            }
        }
        // dW[0][0] = Σ_rows dy[r][0] · x[r][0].
        let first = (0..<rows).reduce(Float(0)) { $0 + dy[$1 * outputs] * x[$1 * inputs] }
        #expect(abs(dW.pointer[0] - first) <= 1e-4 * max(1, abs(first)))
    }

    @Test(arguments: [(3, 47, 23), (9, 11, 8), (32, 63, 47)])
    func theInputGradientMayBeReadPastItsEnd(rows: Int, inputs: Int, outputs: Int) {
        let dy = padded(Self.values(rows * outputs, seed: 5)), w = padded(Self.values(outputs * inputs, seed: 6))
        let dx = GuardedFloats([Float](repeating: 0, count: rows * inputs))
        dy.withUnsafeBufferPointer { dy in
            w.withUnsafeBufferPointer { w in
                addInputGradient(
                    outputGradient: dy.baseAddress!, weight: w.baseAddress!, inputGradient: dx.pointer, rows: rows,
                    inputSize: inputs, outputSize: outputs)
            }
        }
        let first = (0..<outputs).reduce(Float(0)) { $0 + dy[$1] * w[$1 * inputs] }
        #expect(abs(dx.pointer[0] - first) <= 1e-4 * max(1, abs(first)))
    }

    @Test func parametersAndStatesKeepTheirSlackWhereverTheyComeFrom() {
        let parameter = Parameter<Float>(name: "w", shape: [64, 13])
        #expect(parameter.value.capacity >= 64 * 13 * 2 && parameter.gradient.capacity >= 64 * 13 * 2)
        parameter.value = Self.values(64 * 13, seed: 7)  // as a model file's load assigns it
        #expect(parameter.value.capacity >= 64 * 13 * 2)
        let snapshot = parameter.gradient  // shared: the next change copies it
        parameter.gradient.reserveBLASSlack()
        #expect(parameter.gradient.capacity >= 64 * 13 * 2 && snapshot.count == 64 * 13)
        let given = Parameter<Float>(name: "b", shape: [100_000], value: Self.values(100_000, seed: 8))
        #expect(given.value.capacity >= 100_000 + 65_536)

        var configuration = NetworkConfiguration()
        configuration.coreSize = 16
        var generator = SeededGenerator(seed: 9)
        let network = NPINetwork<Float>(configuration: configuration, generator: &generator)
        var state = NPINetwork<Float>.CoreState.stacking([
            .zero(batch: 1, configuration: configuration), .zero(batch: 1, configuration: configuration),
        ])
        let features = [Int32](repeating: -1, count: 2 * configuration.maxActiveInputs)
        for _ in 0..<2 { _ = network.step(features: features, programs: [0, 1], state: &state) }
        #expect(state.hidden.allSatisfy { $0.capacity >= 2 * 16 * 2 })
    }
}
