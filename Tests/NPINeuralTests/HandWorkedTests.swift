// Tiny cases worked by hand, so the layers are pinned to numbers and not only to each other.
import Foundation
import Testing
@testable import NPINeural

@Suite("Hand-worked cases")
struct HandWorkedTests {
    /// A 2x2 dense layer into sigmoid BCE.
    ///
    ///   x = [1, 2], W = [[0.5, -0.25], [1, -0.5]], b = [0, 0]
    ///   z = W x = [0.5 - 0.5, 1 - 1] = [0, 0]        σ(z) = [0.5, 0.5]
    ///   targets y = [1, 0]: loss = -log 0.5 - log 0.5 = 2 ln 2 = 1.3862943611198906
    ///   dz = σ - y = [-0.5, 0.5]
    ///   dW = dz xᵀ = [[-0.5, -1], [0.5, 1]]          db = dz = [-0.5, 0.5]
    ///   dx = Wᵀ dz = [0.5·-0.5 + 1·0.5, -0.25·-0.5 + -0.5·0.5] = [0.25, -0.125]
    @Test func denseIntoSigmoidBinaryCrossEntropy() {
        let dense = Dense<Double>(
            weight: Parameter(name: "w", shape: [2, 2], value: [0.5, -0.25, 1, -0.5]),
            bias: Parameter(name: "b", shape: [2], value: [0, 0]))
        let x: [Double] = [1, 2], targets: [Int32] = [1, 0]
        let logits = TestBuffer(count: 2), probabilities = TestBuffer(count: 2), logitGradient = TestBuffer(count: 2)
        let inputGradient = TestBuffer(count: 2)
        dense.forward(input: x, output: logits.pointer, rows: 1)
        let loss = SigmoidBinaryCrossEntropy.forward(
            logits: logits.pointer, targets: targets, probabilities: probabilities.pointer, count: 2)
        #expect(logits.array == [0, 0])
        #expect(probabilities.array == [0.5, 0.5])
        #expect(abs(loss - 1.3862943611198906) < 1e-15)
        SigmoidBinaryCrossEntropy.backward(
            probabilities: probabilities.pointer, targets: targets, logitGradient: logitGradient.pointer, count: 2, scale: 1)
        #expect(logitGradient.array == [-0.5, 0.5])
        dense.backward(input: x, outputGradient: logitGradient.pointer, inputGradient: inputGradient.pointer, rows: 1)
        #expect(dense.weight.gradient == [-0.5, -1, 0.5, 1])
        #expect(dense.bias!.gradient == [-0.5, 0.5])
        #expect(inputGradient.array == [0.25, -0.125])
    }

    /// One LSTM unit (I = H = 1) for two steps from a zero state.
    ///
    ///   W_ih = [0, 5, ln(3)/2, ln 3] (gates i, f, g, o), W_hh = 0, biases 0.
    ///   Step 1, x = 1: i = σ(0) = 0.5, g = tanh(ln(3)/2) = (3-1)/(3+1) = 0.5, o = σ(ln 3) = 3/4,
    ///     c1 = f·0 + i·g = 0.25, h1 = 0.75 · tanh(0.25) = 0.75 · 0.24491866240370913 = 0.18368899680278183
    ///   Step 2, x = 0: every gate pre-activation is 0, so i = f = o = 0.5, g = 0,
    ///     c2 = 0.5 · 0.25 + 0.5 · 0 = 0.125, h2 = 0.5 · tanh(0.125) = 0.5 · 0.12435300177159620 = 0.0621765008857981
    @Test func lstmCellTwoSteps() {
        let lstm = LSTM<Double>(name: "cell", inputSize: 1, hiddenSize: 1)
        lstm.weightIH.value = [0, 5, log(3) / 2, log(3)]
        let workspace = LSTMWorkspace<Double>()
        lstm.forward(input: padded([1.0, 0.0]), steps: 2, batch: 1, workspace: workspace)
        let hidden = Array(UnsafeBufferPointer(start: workspace.hiddenStates, count: 2))
        expectClose(hidden, [0.18368899680278183, 0.0621765008857981], tolerance: 1e-14)
        expectClose(Array(UnsafeBufferPointer(start: workspace.cell.pointer, count: 2)), [0.25, 0.125], tolerance: 1e-14)
    }

    /// Softmax cross-entropy on logits [0, ln 3]: softmax = [1/4, 3/4],
    /// loss for target 1 = -ln(3/4) = 0.2876820724517809, dlogits = [1/4, 3/4 - 1] = [0.25, -0.25].
    @Test func softmaxCrossEntropyOfTwoClasses() {
        let probabilities = TestBuffer(count: 2), gradient = TestBuffer(count: 2)
        let loss = SoftmaxCrossEntropy.forward(
            logits: [0, log(3)], targets: [Int32(1)], probabilities: probabilities.pointer, rows: 1, classes: 2)
        #expect(abs(loss - 0.2876820724517809) < 1e-15)
        SoftmaxCrossEntropy.backward(
            probabilities: probabilities.pointer, targets: [Int32(1)], logitGradient: gradient.pointer,
            rows: 1, classes: 2, scale: 1)
        expectClose(gradient.array, [0.25, -0.25], tolerance: 1e-15)
    }
}
