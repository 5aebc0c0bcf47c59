// The two-thread split of batch-1 products: each part against the whole gemv, bit for bit, and a
// network stepped with and without the split giving identical states and probabilities.
import Foundation
import Synchronization
import Testing
@testable import NPINeural

/// A random Float matrix and vectors for `y (O) += W (O, I) · x (I)`.
private struct Product {
    let weight: [Float], input: [Float], start: [Float]
    let inputSize: Int, outputSize: Int

    init(outputSize: Int, inputSize: Int, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        weight = randomValues(outputSize * inputSize, &generator).map(Float.init)
        input = randomValues(inputSize, &generator).map(Float.init)
        start = randomValues(outputSize, &generator).map(Float.init)
        self.inputSize = inputSize
        self.outputSize = outputSize
    }

    /// The product as one gemv call.
    func whole() -> [Float] {
        var y = start
        Float.gemv(transposeA: false, m: outputSize, n: inputSize, alpha: 1, a: weight, lda: inputSize, x: input, beta: 1, y: &y)
        return y
    }

    /// The product split at `splitRow`, the second part on the helper thread when it is free.
    func split(at splitRow: Int) -> [Float] {
        var y = start
        y.withUnsafeMutableBufferPointer { output in
            splitProduct(
                input: input, weight: weight, output: output.baseAddress!, inputSize: inputSize,
                outputSize: outputSize, splitRow: splitRow)
        }
        return y
    }
}

// Serialized: two of these tests switch the split on and off for the whole process.
@Suite("Product helper", .serialized)
struct ProductHelperTests {
    @Test func splitProductsEqualTheWholeGemvBitForBit() {
        // The LSTM gate shapes, an odd row count and width, and a product just above the threshold.
        for (index, (outputSize, inputSize)) in [(1024, 133), (1024, 256), (1031, 301), (200, 400)].enumerated() {
            let product = Product(outputSize: outputSize, inputSize: inputSize, seed: UInt64(40 + index))
            let expected = product.whole()
            // Splits at multiples of 64 only: BLIS's gemv gives the rows after an unaligned split
            // (e.g. at 1017 of 1024) other roundings, which is why productSplitRow aligns.
            for splitRow in [64, (outputSize / 2) / 64 * 64, (outputSize - 1) / 64 * 64] {
                #expect(product.split(at: splitRow) == expected, "\(outputSize)×\(inputSize) split at \(splitRow)")
            }
        }
    }

    @Test func theHelperRunsItsPartAndCallersSharingItGetTheSameResults() {
        let product = Product(outputSize: 1024, inputSize: 256, seed: 44)
        let expected = product.whole()
        // The helper itself, with nobody else using it (other tests may hold it for a moment).
        var ranOnHelper = false
        for _ in 0..<1000 where !ranOnHelper {
            var y = product.start
            product.weight.withUnsafeBufferPointer { weight in
                product.input.withUnsafeBufferPointer { input in
                    y.withUnsafeMutableBufferPointer { output in
                        func rows(_ start: Int) {
                            Float.gemv(
                                transposeA: false, m: 512, n: 256, alpha: 1, a: weight.baseAddress! + start * 256,
                                lda: 256, x: input.baseAddress!, beta: 1, y: output.baseAddress! + start)
                        }
                        ranOnHelper = ProductHelper.shared.run({ rows(512) }, whileCallerRuns: { rows(0) })
                    }
                }
            }
            if ranOnHelper { #expect(y == expected) }
        }
        #expect(ranOnHelper, "the helper was never free")
        // Four callers at once: whoever finds the helper busy computes both parts itself.
        let mismatches = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<50 where product.split(at: 512) != expected {
                mismatches.add(1, ordering: .relaxed)
            }
        }
        #expect(mismatches.load(ordering: .relaxed) == 0)
    }

    @Test func onlyLargeBatchOneProductsAreSplitAndOnlyWhenAsked() {
        let before = splitsProducts.load(ordering: .relaxed)
        defer { splitsProducts.store(before, ordering: .relaxed) }
        splitsProducts.store(false, ordering: .relaxed)
        #expect(productSplitRow(outputSize: 1024, inputSize: 256) == nil)
        splitsProducts.store(true, ordering: .relaxed)
        #expect(productSplitRow(outputSize: 1024, inputSize: 256) == 512)
        #expect(productSplitRow(outputSize: 1024, inputSize: 133) == 512)
        #expect(productSplitRow(outputSize: 1031, inputSize: 301) == 512)
        #expect(productSplitRow(outputSize: 10, inputSize: 256) == nil, "a head")
        #expect(productSplitRow(outputSize: 65_536, inputSize: 1) == 32_768)
        #expect(productSplitRow(outputSize: 100, inputSize: 1000) == nil, "no multiple of 64 inside")
    }

    @Test func aNetworkStepsIdenticallyWithOneAndTwoThreads() {
        let c = NetworkConfiguration()
        var generator = SeededGenerator(seed: 45)
        let network = NPINetwork<Float>(configuration: c, generator: &generator)
        let steps = randomBatch(steps: 24, batch: 1, configuration: c, &generator)
        /// Every step's probabilities and the final state, with a fresh call (zero state) at steps 0, 9 and 17.
        func run() -> (outputs: [[Float]], hidden: [[Float]], cell: [[Float]]) {
            var state = NPINetwork<Float>.CoreState.zero(batch: 1, configuration: c)
            var outputs: [[Float]] = []
            for t in 0..<steps.length {
                if t == 9 || t == 17 { state.resetRows([0]) }
                let output = network.step(
                    features: features(of: steps, step: t, configuration: c), programs: steps.programs, state: &state)
                outputs.append(output.returnProbability + output.programProbabilities + output.argumentProbabilities)
            }
            return (outputs, state.hidden, state.cell)
        }
        let before = splitsProducts.load(ordering: .relaxed)
        defer { splitsProducts.store(before, ordering: .relaxed) }
        splitsProducts.store(false, ordering: .relaxed)
        let oneThread = run()
        splitsProducts.store(true, ordering: .relaxed)
        let twoThreads = run()
        #expect(twoThreads.outputs == oneThread.outputs)
        #expect(twoThreads.hidden == oneThread.hidden)
        #expect(twoThreads.cell == oneThread.cell)
        #expect(oneThread.outputs.joined().allSatisfy { $0.isFinite })
        // Other batch sizes take the unsplit path, and an empty batch does nothing.
        for batch in [0, 3] {
            var state = NPINetwork<Float>.CoreState.zero(batch: batch, configuration: c)
            let rows = randomBatch(steps: 1, batch: batch, configuration: c, &generator)
            let output = network.step(features: rows.features, programs: rows.programs, state: &state)
            #expect(output.returnProbability.count == batch)
        }
    }
}
