// The Float-only fast paths (the LSTM cell in C with its exp/tanh/sigmoid polynomials, the transposed maxout
// gather) against the plain Double code they replace, at sizes that reach both their vector
// loops and their scalar tails.
import CKernels
import Foundation
import Testing
@testable import NPINeural

@Suite("Float kernels")
struct FloatKernelTests {
    @Test func theCellsSigmoidAndTanhAreAccurate() {
        // One row of H = 487 lanes (vectors and a tail) per sweep: i and o get x/4 (sigmoid),
        // g gets x/8 (tanh), f gets 0, and the previous cell x/16, over x in [-90, 90].
        var worstTanh = 0.0, worstSigmoid = 0.0, worstCell = 0.0
        let H = 487
        for start in stride(from: -90.0, to: 90.0, by: 0.37 * Double(H) / 8) {
            let x = (0..<H).map { Float(start + Double($0) * 0.046) }
            var gate = x.map { $0 / 4 } + [Float](repeating: 0, count: H) + x.map { $0 / 8 } + x.map { $0 / 4 }
            let previous = x.map { $0 / 16 }
            var cell = [Float](repeating: 0, count: H), tanhCell = cell, hidden = cell
            npi_lstm_cell_forward_row(&gate, previous, &cell, &tanhCell, &hidden, H)
            for lane in 0..<H {
                let i = 1 / (1 + Foundation.exp(-Double(x[lane] / 4))), g = Foundation.tanh(Double(x[lane] / 8))
                worstSigmoid = max(worstSigmoid, abs(Double(gate[lane]) - i), abs(Double(gate[3 * H + lane]) - i))
                worstSigmoid = max(worstSigmoid, abs(Double(gate[H + lane]) - 0.5))
                worstTanh = max(worstTanh, abs(Double(gate[2 * H + lane]) - g))
                let c = 0.5 * Double(previous[lane]) + i * g
                worstCell = max(worstCell, abs(Double(cell[lane]) - c) / max(1, abs(c)))
                worstTanh = max(worstTanh, abs(Double(tanhCell[lane]) - Foundation.tanh(Double(cell[lane]))))
                #expect(hidden[lane] == gate[3 * H + lane] * tanhCell[lane])
            }
        }
        #expect(worstTanh < 3e-7, "tanh absolute error \(worstTanh)")
        #expect(worstSigmoid < 3e-7, "sigmoid absolute error \(worstSigmoid)")
        #expect(worstCell < 1e-6, "cell relative error \(worstCell)")
        // The scalar generic form, which Double uses, is within a few ulps on both branches.
        for x in [-20.0, -0.5, -0.0625, -1e-3, 0, 1e-8, 0.03, 0.0625, 2, 30] {
            #expect(abs(tanhViaExp(x) - Foundation.tanh(x)) <= 4 * Foundation.tanh(abs(x)).ulp, "tanh(\(x))")
        }
    }

    @Test func floatLSTMMatchesDouble() {
        // H = 12: one 8-lane block plus a 4-lane tail in every row.
        let T = 3, B = 2, I = 5, H = 12
        var generator = SeededGenerator(seed: 31)
        let reference = LSTM<Double>(name: "lstm", inputSize: I, hiddenSize: H)
        randomize(reference.parameters, &generator)
        let fast = LSTM<Float>(name: "lstm", inputSize: I, hiddenSize: H)
        for (target, source) in zip(fast.parameters, reference.parameters) { target.value = source.value.map(Float.init) }
        let input = randomValues(T * B * I, scale: 2, &generator), outputGradient = randomValues(T * B * H, &generator)
        let doubleWorkspace = LSTMWorkspace<Double>(), floatWorkspace = LSTMWorkspace<Float>()
        reference.forward(input: input, steps: T, batch: B, workspace: doubleWorkspace)
        fast.forward(input: padded(input.map(Float.init)), steps: T, batch: B, workspace: floatWorkspace)
        let floatHidden = Array(UnsafeBufferPointer(start: floatWorkspace.hiddenStates, count: T * B * H)).map(Double.init)
        expectClose(floatHidden, Array(UnsafeBufferPointer(start: doubleWorkspace.hiddenStates, count: T * B * H)), tolerance: 1e-5)

        var doubleGradient = outputGradient, floatGradient = outputGradient.map(Float.init)
        var doubleInputGradient = [Double](repeating: 0, count: T * B * I)
        var floatInputGradient = [Float](repeating: 0, count: T * B * I)
        zeroGradients(reference.parameters)
        zeroGradients(fast.parameters)
        reference.backward(
            input: input, hiddenGradient: &doubleGradient, inputGradient: &doubleInputGradient,
            steps: T, batch: B, workspace: doubleWorkspace)
        fast.backward(
            input: input.map(Float.init), hiddenGradient: &floatGradient, inputGradient: &floatInputGradient,
            steps: T, batch: B, workspace: floatWorkspace)
        expectClose(floatInputGradient.map(Double.init), doubleInputGradient, tolerance: 1e-5)
        for (f, d) in zip(fast.parameters, reference.parameters) {
            expectClose(f.gradient.map(Double.init), d.gradient, tolerance: 1e-5)
        }
    }

    @Test func transposedMaxoutGatherMatchesRowByRow() {
        // 40 rows at once and one row at a time give the same outputs; the backward of 40 rows
        // takes the transposed path and that of one row the strided one.
        let rows = 40, columns = 9, capacity = 3
        #expect(rows >= MaxoutWorkspace<Double>.transposeThreshold)
        var generator = SeededGenerator(seed: 32)
        let maxout = Maxout<Double>(name: "maxout", inputSize: columns, outputSize: 5, pieces: 3)
        randomize(maxout.parameters, &generator)
        let active: [Int32] = (0..<rows * capacity).map { _ in Int32(generator.uniform(below: columns + 1)) - 1 }
        let outputWeights = randomValues(rows * 5, &generator)
        let workspace = MaxoutWorkspace<Double>()
        let together = TestBuffer(count: rows * 5), single = TestBuffer(count: 5)
        let winners = UnsafeMutablePointer<Int32>.allocate(capacity: rows * 5), rowWinners = UnsafeMutablePointer<Int32>.allocate(capacity: 5)
        defer { winners.deallocate(); rowWinners.deallocate() }
        func loss() -> Double {
            maxout.forward(
                activeInputs: active, activeCapacity: capacity, output: together.pointer, winners: winners, rows: rows,
                workspace: workspace)
            return weightedSum(together.pointer, outputWeights)
        }
        _ = loss()
        active.withUnsafeBufferPointer { indices in
            for row in 0..<rows {
                maxout.forward(
                    activeInputs: indices.baseAddress! + row * capacity, activeCapacity: capacity, output: single.pointer,
                    winners: rowWinners, rows: 1, workspace: workspace)
                #expect(single.array == Array(together.array[row * 5..<(row + 1) * 5]), "row \(row)")
            }
        }
        // The transposed backward against finite differences, and against row-by-row backward.
        zeroGradients(maxout.parameters)
        maxout.backward(
            activeInputs: active, activeCapacity: capacity, outputGradient: outputWeights, winners: winners, rows: rows,
            workspace: workspace)
        let transposedGradient = maxout.weight.gradient
        expectGradientsMatch(maxout.parameters, loss: loss)
        zeroGradients(maxout.parameters)
        active.withUnsafeBufferPointer { indices in
            outputWeights.withUnsafeBufferPointer { weights in
                for row in 0..<rows {
                    maxout.backward(
                        activeInputs: indices.baseAddress! + row * capacity, activeCapacity: capacity,
                        outputGradient: weights.baseAddress! + row * 5, winners: winners + row * 5, rows: 1,
                        workspace: workspace)
                }
            }
        }
        expectClose(maxout.weight.gradient, transposedGradient, tolerance: 1e-12)
    }
}
