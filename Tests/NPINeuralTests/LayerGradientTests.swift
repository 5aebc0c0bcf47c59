// Every layer's backward pass against central finite differences in Double, at tiny sizes.
// Each loss is Σ output ⊙ R for a fixed random R, so dL/d(output) = R is what backward receives;
// inputs are wrapped in Parameters so their gradients are checked by the same helper.
import Testing
@testable import NPINeural

@Suite("Layer gradients (finite differences)")
struct LayerGradientTests {
    @Test func denseMatchesFiniteDifferences() {
        var generator = SeededGenerator(seed: 1)
        let dense = Dense<Double>(name: "dense", inputSize: 3, outputSize: 2)
        randomize(dense.parameters, &generator)
        let input = Parameter<Double>(name: "input", shape: [4, 3], value: randomValues(12, &generator))
        let outputWeights = randomValues(8, &generator)
        let output = TestBuffer(count: 8)
        func loss() -> Double {
            input.value.withUnsafeBufferPointer { dense.forward(input: $0.baseAddress!, output: output.pointer, rows: 4) }
            return weightedSum(output.pointer, outputWeights)
        }
        zeroGradients(dense.parameters + [input])
        input.value.withUnsafeBufferPointer { x in
            input.gradient.withUnsafeMutableBufferPointer { dx in
                dense.backward(
                    input: x.baseAddress!, outputGradient: outputWeights, inputGradient: dx.baseAddress!, rows: 4)
            }
        }
        expectGradientsMatch(dense.parameters + [input], loss: loss)
    }

    @Test func denseSingleRowUsesTheSameMath() {
        // Batch 1 goes through gemv instead of gemm; both must agree.
        var generator = SeededGenerator(seed: 2)
        let dense = Dense<Double>(name: "dense", inputSize: 5, outputSize: 3)
        randomize(dense.parameters, &generator)
        let input = randomValues(10, &generator)
        let both = TestBuffer(count: 6), single = TestBuffer(count: 3)
        dense.forward(input: input, output: both.pointer, rows: 2)
        input.withUnsafeBufferPointer { dense.forward(input: $0.baseAddress! + 5, output: single.pointer, rows: 1) }
        expectClose(single.array, Array(both.array[3..<6]), tolerance: 1e-12)
    }

    @Test func maxoutDenseMatchesFiniteDifferences() {
        var generator = SeededGenerator(seed: 3)
        let maxout = Maxout<Double>(name: "maxout", inputSize: 4, outputSize: 3, pieces: 2)
        randomize(maxout.parameters, &generator)
        let input = Parameter<Double>(name: "input", shape: [2, 4], value: randomValues(8, &generator))
        let outputWeights = randomValues(6, &generator)
        let preactivation = TestBuffer(count: 12), output = TestBuffer(count: 6), scratch = TestBuffer(count: 12)
        let winners = UnsafeMutablePointer<Int32>.allocate(capacity: 6)
        defer { winners.deallocate() }
        func loss() -> Double {
            input.value.withUnsafeBufferPointer {
                maxout.forward(
                    input: $0.baseAddress!, preactivation: preactivation.pointer, output: output.pointer,
                    winners: winners, rows: 2)
            }
            return weightedSum(output.pointer, outputWeights)
        }
        _ = loss()
        zeroGradients(maxout.parameters + [input])
        input.value.withUnsafeBufferPointer { x in
            input.gradient.withUnsafeMutableBufferPointer { dx in
                maxout.backward(
                    input: x.baseAddress!, outputGradient: outputWeights, winners: winners,
                    preactivationGradient: scratch.pointer, inputGradient: dx.baseAddress!, rows: 2)
            }
        }
        // Both pieces must actually win somewhere, or the test would not exercise the routing.
        let winning = Set((0..<6).map { winners[$0] })
        #expect(winning == [0, 1])
        expectGradientsMatch(maxout.parameters + [input], loss: loss)
    }

    @Test func maxoutActiveIndicesMatchDenseInputAndFiniteDifferences() {
        var generator = SeededGenerator(seed: 4)
        let maxout = Maxout<Double>(name: "maxout", inputSize: 6, outputSize: 3, pieces: 3)
        randomize(maxout.parameters, &generator)
        // Rows: {1, 4}, {0, 2, 5} (padding in the middle), {} (only the bias).
        let active: [Int32] = [1, 4, -1, -1, 0, -1, 2, 5, -1, -1, -1, -1]
        var dense = [Double](repeating: 0, count: 18)
        for (row, indices) in [[1, 4], [0, 2, 5], []].enumerated() { for i in indices { dense[row * 6 + i] = 1 } }
        let sparseOutput = TestBuffer(count: 9), denseOutput = TestBuffer(count: 9), preactivation = TestBuffer(count: 27)
        let workspace = MaxoutWorkspace<Double>()
        let winners = UnsafeMutablePointer<Int32>.allocate(capacity: 9), denseWinners = UnsafeMutablePointer<Int32>.allocate(capacity: 9)
        defer { winners.deallocate(); denseWinners.deallocate() }
        maxout.forward(
            input: dense, preactivation: preactivation.pointer, output: denseOutput.pointer, winners: denseWinners, rows: 3)
        func loss(_ weights: [Double]) -> Double {
            maxout.forward(
                activeInputs: active, activeCapacity: 4, output: sparseOutput.pointer, winners: winners, rows: 3,
                workspace: workspace)
            return weightedSum(sparseOutput.pointer, weights)
        }
        let outputWeights = randomValues(9, &generator)
        _ = loss(outputWeights)
        expectClose(sparseOutput.array, denseOutput.array, tolerance: 1e-12)
        zeroGradients(maxout.parameters)
        maxout.backward(
            activeInputs: active, activeCapacity: 4, outputGradient: outputWeights, winners: winners, rows: 3,
            workspace: workspace)
        expectGradientsMatch(maxout.parameters) { loss(outputWeights) }
    }

    @Test func embeddingMatchesFiniteDifferences() {
        var generator = SeededGenerator(seed: 5)
        let embedding = Embedding<Double>(name: "embedding", count: 4, width: 3)
        randomize(embedding.parameters, &generator)
        // Five rows read indices cyclically (2, 0, 2, 0, 2): repeated rows must accumulate.
        let indices: [Int32] = [2, 0]
        let outputWeights = randomValues(15, &generator)
        let output = TestBuffer(count: 15)
        func loss() -> Double {
            embedding.forward(indices: indices, indexCount: 2, output: output.pointer, rows: 5)
            return weightedSum(output.pointer, outputWeights)
        }
        zeroGradients(embedding.parameters)
        embedding.backward(indices: indices, indexCount: 2, outputGradient: outputWeights, rows: 5)
        expectGradientsMatch(embedding.parameters, loss: loss)
        #expect(embedding.weight.gradient[3..<6].allSatisfy { $0 == 0 }, "row 1 was never read")
    }

    @Test func reluMatchesFiniteDifferences() {
        var generator = SeededGenerator(seed: 6)
        // Keep inputs away from the kink at 0, where the derivative is undefined.
        let values = randomValues(10, &generator).map { $0 + ($0 < 0 ? -0.1 : 0.1) }
        let input = Parameter<Double>(name: "input", shape: [10], value: values)
        let outputWeights = randomValues(10, &generator)
        let output = TestBuffer(count: 10)
        func loss() -> Double {
            input.value.withUnsafeBufferPointer { ReLU.forward(input: $0.baseAddress!, output: output.pointer, count: 10) }
            return weightedSum(output.pointer, outputWeights)
        }
        _ = loss()
        input.zeroGradient()
        input.gradient.withUnsafeMutableBufferPointer {
            ReLU.backward(output: output.pointer, outputGradient: outputWeights, inputGradient: $0.baseAddress!, count: 10)
        }
        expectGradientsMatch([input], loss: loss)
    }

    @Test func softmaxCrossEntropyMatchesFiniteDifferencesWithMaskedRows() {
        var generator = SeededGenerator(seed: 7)
        let logits = Parameter<Double>(name: "logits", shape: [4, 3], value: randomValues(12, scale: 3, &generator))
        let targets: [Int32] = [2, -1, 0, 1]
        let probabilities = TestBuffer(count: 12)
        func loss() -> Double {
            logits.value.withUnsafeBufferPointer {
                SoftmaxCrossEntropy.forward(
                    logits: $0.baseAddress!, targets: targets, probabilities: probabilities.pointer, rows: 4, classes: 3)
            }
        }
        _ = loss()
        logits.zeroGradient()
        logits.gradient.withUnsafeMutableBufferPointer {
            SoftmaxCrossEntropy.backward(
                probabilities: probabilities.pointer, targets: targets, logitGradient: $0.baseAddress!,
                rows: 4, classes: 3, scale: 1)
        }
        expectGradientsMatch([logits], loss: loss)
        #expect(logits.gradient[3..<6].allSatisfy { $0 == 0 }, "the masked row gets no gradient")
    }

    @Test func sigmoidBinaryCrossEntropyMatchesFiniteDifferencesWithMaskedEntries() {
        var generator = SeededGenerator(seed: 8)
        let logits = Parameter<Double>(name: "logits", shape: [5], value: randomValues(5, scale: 4, &generator))
        let targets: [Int32] = [1, 0, -1, 1, 0]
        let probabilities = TestBuffer(count: 5)
        func loss() -> Double {
            logits.value.withUnsafeBufferPointer {
                SigmoidBinaryCrossEntropy.forward(
                    logits: $0.baseAddress!, targets: targets, probabilities: probabilities.pointer, count: 5)
            }
        }
        _ = loss()
        logits.zeroGradient()
        logits.gradient.withUnsafeMutableBufferPointer {
            SigmoidBinaryCrossEntropy.backward(
                probabilities: probabilities.pointer, targets: targets, logitGradient: $0.baseAddress!, count: 5, scale: 1)
        }
        expectGradientsMatch([logits], loss: loss)
        #expect(logits.gradient[2] == 0)
    }

    @Test func lossesStayFiniteForHugeLogits() {
        // Naive forms overflow: e^1000 is inf in Double, and log σ(−1000) is log 0.
        let probabilities = TestBuffer(count: 3)
        let softmaxLoss = SoftmaxCrossEntropy.forward(
            logits: [1000.0, 0, -1000], targets: [Int32(1)], probabilities: probabilities.pointer, rows: 1, classes: 3)
        #expect(abs(softmaxLoss - 1000) < 1e-9)
        #expect(abs(probabilities.array.reduce(0, +) - 1) < 1e-12)
        let bceLoss = SigmoidBinaryCrossEntropy.forward(
            logits: [1000.0, -1000, 1000], targets: [Int32(0), 0, 1], probabilities: probabilities.pointer, count: 3)
        #expect(abs(bceLoss - 1000) < 1e-9)
        #expect(probabilities.array == [1, 0, 1])
        #expect(sigmoid(Float(-200)) == 0 && sigmoid(Float(200)) == 1)
    }

    @Test func lstmSequenceMatchesFiniteDifferences() {
        var generator = SeededGenerator(seed: 9)
        let T = 3, B = 2, I = 3, H = 2
        let lstm = LSTM<Double>(name: "lstm", inputSize: I, hiddenSize: H)
        randomize(lstm.parameters, &generator)
        let input = Parameter<Double>(name: "input", shape: [T, B, I], value: randomValues(T * B * I, &generator))
        let outputWeights = randomValues(T * B * H, &generator)
        let workspace = LSTMWorkspace<Double>()
        func loss() -> Double {
            input.value.withUnsafeBufferPointer { lstm.forward(input: $0.baseAddress!, steps: T, batch: B, workspace: workspace) }
            return weightedSum(workspace.hiddenStates, outputWeights)
        }
        _ = loss()
        zeroGradients(lstm.parameters + [input])
        let hiddenGradient = TestBuffer(outputWeights)  // consumed by backward
        input.value.withUnsafeBufferPointer { x in
            input.gradient.withUnsafeMutableBufferPointer { dx in
                lstm.backward(
                    input: x.baseAddress!, hiddenGradient: hiddenGradient.pointer, inputGradient: dx.baseAddress!,
                    steps: T, batch: B, workspace: workspace)
            }
        }
        expectGradientsMatch(lstm.parameters + [input], loss: loss)
    }

    @Test func lstmStepReproducesTheSequenceForward() {
        var generator = SeededGenerator(seed: 10)
        let T = 3, B = 3, I = 2, H = 4
        let lstm = LSTM<Double>(name: "lstm", inputSize: I, hiddenSize: H)
        randomize(lstm.parameters, &generator)
        let input = randomValues(T * B * I, &generator)
        let sequence = LSTMWorkspace<Double>(), stepping = LSTMWorkspace<Double>()
        lstm.forward(input: input, steps: T, batch: B, workspace: sequence)
        let hidden = TestBuffer(count: B * H), cell = TestBuffer(count: B * H)
        let noRows = UnsafeBufferPointer<Int>(start: nil, count: 0)
        input.withUnsafeBufferPointer { x in
            for t in 0..<T {
                // Step 0 skips W_hh (no live rows); later steps use the full product.
                lstm.step(
                    input: x.baseAddress! + t * B * I, hidden: hidden.pointer, cell: cell.pointer, batch: B,
                    recurrentRows: t == 0 ? noRows : nil, workspace: stepping)
                let expected = Array(UnsafeBufferPointer(start: sequence.hiddenStates + t * B * H, count: B * H))
                expectClose(hidden.array, expected, tolerance: 1e-12)
            }
        }
    }
}
