// The two-thread split of batched products, Adam, the gradient norm and the LSTM gate
// nonlinearities: every piece against the unsplit computation bit for bit, and whole training
// updates of a default-size network giving identical parameters with 1 and 2 threads.
import Testing
@testable import NPINeural

/// Runs `body` with the split on or off, restoring the setting afterwards.
private func withSplit<T>(_ on: Bool, _ body: () -> T) -> T {
    let before = splitsProducts.load(ordering: .relaxed)
    defer { splitsProducts.store(before, ordering: .relaxed) }
    splitsProducts.store(on, ordering: .relaxed)
    return body()
}

/// `count` random Floats in (-1, 1).
private func randomFloats(_ count: Int, _ generator: inout SeededGenerator) -> [Float] {
    randomValues(count, &generator).map(Float.init)
}

// In the product helper's suite, which is serialized: the tests switch the split on and off
// for the whole process.
extension ProductHelperTests {
    /// The LSTM gate shapes (1,024 gates of 133 or 256 inputs) at the row counts training and
    /// batched evaluation meet, and an odd shape.
    static let batchedShapes = [(2, 1024, 133), (3, 1024, 256), (16, 1024, 133), (47, 1024, 256), (64, 1024, 133),
                  (200, 1024, 256), (256, 1024, 133), (37, 1031, 301)]

    @Test func gateProductsAndWeightGradientsSplitExactly() {
        var generator = SeededGenerator(seed: 60)
        for (rows, outputs, inputs) in Self.batchedShapes {
            let x = randomFloats(rows * inputs, &generator), w = randomFloats(outputs * inputs, &generator)
            let start = randomFloats(rows * outputs, &generator), dy = randomFloats(rows * outputs, &generator)
            let dWStart = randomFloats(outputs * inputs, &generator)
            func products() -> (y: [Float], dW: [Float]) {
                var y = start, dW = dWStart
                y.withUnsafeMutableBufferPointer { y in
                    addInputTimesWeightTransposed(
                        input: x, weight: w, output: y.baseAddress!, rows: rows, inputSize: inputs, outputSize: outputs)
                }
                dW.withUnsafeMutableBufferPointer { dW in
                    addWeightGradient(
                        outputGradient: dy, input: x, weightGradient: dW.baseAddress!, rows: rows, inputSize: inputs,
                        outputSize: outputs)
                }
                return (y, dW)
            }
            let whole = withSplit(false, products)
            #expect(outputs * inputs >= minimumSplitSize, "a shape that is split")
            let split = withSplit(true, products)
            #expect(split.y == whole.y, "x · Wᵀ, \(rows) × \(outputs) × \(inputs)")
            #expect(split.dW == whole.dW, "dyᵀ · x, \(rows) × \(outputs) × \(inputs)")
        }
    }

    @Test func sumsOfSquaresAndClearingSplitExactly() {
        var generator = SeededGenerator(seed: 61)
        // Below the split size, exactly 64 blocks, and an odd count with a partial last block.
        for count in [1000, 65_536, 136_192, 262_144 + 517] {
            let values = randomFloats(count, &generator)
            let whole = withSplit(false) { floatSumOfSquares(values, count: count) }
            let split = withSplit(true) { floatSumOfSquares(values, count: count) }
            #expect(split == whole, "\(count) entries")
            let parameter = Parameter<Float>(name: "p", shape: [count])
            parameter.gradient = values
            withSplit(true) { parameter.zeroGradient() }
            #expect(parameter.gradient.allSatisfy { $0 == 0 })
        }
    }

    @Test func gateNonlinearitiesSplitExactly() {
        var generator = SeededGenerator(seed: 62)
        let H = 256
        for batch in [15, 16, 33, 256] {
            let preactivations = randomValues(batch * 4 * H, scale: 4, &generator).map(Float.init)
            let previous = randomFloats(batch * H, &generator)
            func run() -> [[Float]] {
                var gates = preactivations
                var cell = [Float](repeating: 0, count: batch * H), tanhCell = cell, hidden = cell
                LSTM<Float>.pointwiseForward(
                    gates: &gates, previousCell: previous, cell: &cell, tanhCell: &tanhCell, hidden: &hidden,
                    batch: batch, hiddenSize: H)
                return [gates, cell, tanhCell, hidden]
            }
            #expect(withSplit(true, run) == withSplit(false, run), "batch \(batch)")
        }
    }

    @Test func trainingUpdatesAreBitIdenticalWithOneAndTwoThreads() {
        let c = NetworkConfiguration()
        /// Three Adam updates of a default-size network on batches of 16 calls (the training
        /// default) and 64; returns every parameter value and both Adam moments.
        func train() -> [[Float]] {
            var generator = SeededGenerator(seed: 63)
            let network = NPINetwork<Float>(configuration: c, generator: &generator)
            let parameters = network.parameters
            let adam = Adam<Float>(parameters: parameters, learningRate: 3e-3, clipNorm: 5)
            for (steps, batch) in [(3, 16), (5, 16), (2, 64)] {
                let batch = randomBatch(steps: steps, batch: batch, configuration: c, &generator)
                zeroGradients(parameters)
                network.accumulateGradients(batch, scale: 1 / Float(batch.stepCount))
                adam.update(parameters)
            }
            return parameters.map(\.value) + adam.firstMoments + adam.secondMoments
        }
        let oneThread = withSplit(false, train)
        let twoThreads = withSplit(true, train)
        #expect(twoThreads == oneThread)
        #expect(oneThread.joined().allSatisfy { $0.isFinite })
    }
}
