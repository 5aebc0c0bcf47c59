// The Float-only fast paths (SIMD LSTM cell, exp/tanh/sigmoid polynomials, the transposed maxout
// gather) against the plain Double code they replace, at sizes that reach both their vector
// loops and their scalar tails.
import Foundation
import Testing
@testable import NPINeural

@Suite("Float kernels")
struct FloatKernelTests {
    @Test func vectorExpTanhAndSigmoidAreAccurate() {
        var worstExp = 0.0, worstTanh = 0.0, worstSigmoid = 0.0
        for start in stride(from: -90.0, to: 90.0, by: 0.37) {
            var x = FloatVector()
            for lane in 0..<8 { x[lane] = Float(start + Double(lane) * 0.046) }
            let e = vectorExp(x), t = vectorTanh(x / 8), s = vectorSigmoid(x / 4)
            for lane in 0..<8 {
                let xl = Double(x[lane])
                let clamped = min(max(xl, Double(Float(-87.3))), Double(Float(88.3)))  // the clamp is in Float
                worstExp = max(worstExp, abs(Double(e[lane]) - Foundation.exp(clamped)) / Foundation.exp(clamped))
                worstTanh = max(worstTanh, abs(Double(t[lane]) - Foundation.tanh(Double(Float(xl / 8)))))
                worstSigmoid = max(worstSigmoid, abs(Double(s[lane]) - 1 / (1 + Foundation.exp(-Double(Float(xl / 4))))))
            }
        }
        #expect(worstExp < 5e-7, "exp relative error \(worstExp)")
        #expect(worstTanh < 3e-7, "tanh absolute error \(worstTanh)")
        #expect(worstSigmoid < 3e-7, "sigmoid absolute error \(worstSigmoid)")
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
