// Adam: a trajectory worked by hand, convergence on a quadratic, global-norm clipping, and
// save/restore of its state.
import Testing
@testable import NPINeural

@Suite("Adam")
struct AdamTests {
    /// f(θ) = θ²/2 from θ = 1, lr 0.1 (so g = θ):
    ///   t=1: m = 0.1, v = 0.001, m̂ = 1, v̂ = 1, θ = 1 − 0.1·1/(1 + 1e-8) = 0.900000001
    ///   t=2: g = 0.900000001, m = 0.09 + 0.0900000001 = 0.1800000001,
    ///        v = 0.000999 + 0.00081000000180 = 0.001809000001800,
    ///        m̂ = m/0.19 = 0.94736842157894, v̂ = v/0.001999 = 0.90495247713858,
    ///        θ = 0.900000001 − 0.1·m̂/(√v̂ + 1e-8) = 0.80041222971234
    @Test func twoStepsWorkedByHand() {
        let theta = Parameter<Double>(name: "theta", shape: [1], value: [1])
        let adam = Adam(parameters: [theta], learningRate: 0.1)
        var trajectory: [Double] = []
        for _ in 0..<2 {
            theta.gradient = theta.value
            adam.update([theta])
            trajectory.append(theta.value[0])
        }
        expectClose(trajectory, [0.9000000009999999, 0.8004122297123379], tolerance: 1e-13)
        #expect(adam.step == 2)
        expectClose(adam.firstMoments[0], [0.1800000001], tolerance: 1e-15)
        expectClose(adam.secondMoments[0], [0.0018090000017999999], tolerance: 1e-15)
    }

    @Test func convergesOnAQuadratic() {
        // f(θ) = Σ a_i (θ_i − c_i)² / 2 with different curvatures a_i.
        let curvature: [Float] = [1, 10, 0.1, 3], center: [Float] = [2, -1, 0.5, 4]
        let theta = Parameter<Float>(name: "theta", shape: [4])
        let adam = Adam(parameters: [theta], learningRate: 0.05)
        for _ in 0..<3000 {
            theta.zeroGradient()
            for i in 0..<4 { theta.gradient[i] += curvature[i] * (theta.value[i] - center[i]) }
            adam.update([theta])
        }
        expectClose(theta.value.map(Double.init), center.map(Double.init), tolerance: 2e-3)
    }

    @Test func clippingScalesTheGradientToTheNorm() {
        let first = Parameter<Double>(name: "a", shape: [1], value: [0])
        let second = Parameter<Double>(name: "b", shape: [1], value: [0])
        first.gradient = [3]
        second.gradient = [4]  // global norm 5
        let clipped = Adam(parameters: [first, second], learningRate: 0.01, clipNorm: 1)
        let norm = clipped.update([first, second])
        #expect(norm == 5)
        // m = (1 − β1)·g·(1/5), v = (1 − β2)·(g/5)²; the raw gradient is left alone.
        expectClose(clipped.firstMoments.flatMap { $0 }, [0.06, 0.08], tolerance: 1e-15)
        expectClose(clipped.secondMoments.flatMap { $0 }, [0.00036, 0.00064], tolerance: 1e-15)
        #expect(first.gradient == [3] && second.gradient == [4])

        let unclipped = Adam(parameters: [first, second], learningRate: 0.01, clipNorm: 10)
        unclipped.update([first, second])
        expectClose(unclipped.firstMoments.flatMap { $0 }, [0.3, 0.4], tolerance: 1e-15)
    }

    @Test func onlyTrainableEntriesChangeAndCountTowardsClipping() {
        // Float, 150 entries: the trainable range crosses the SIMD kernel's 64-entry blocks.
        let frozen = Parameter<Float>(name: "frozen", shape: [3], value: [1, 2, 3])
        let partial = Parameter<Float>(name: "partial", shape: [150], value: (0..<150).map { Float($0) / 10 })
        frozen.gradient = [100, 100, 100]
        partial.gradient = (0..<150).map { Float($0 % 7) - 3 }
        let adam = Adam(parameters: [frozen, partial], learningRate: 0.01, clipNorm: 1)
        adam.trainableEntries = [0..<0, 40..<130]
        let before = partial.value
        let norm = adam.update([frozen, partial])
        // The norm is of the 90 trainable gradients only (the frozen 100s would dominate it).
        let trainableSquares = partial.gradient[40..<130].reduce(0.0) { $0 + Double($1 * $1) }
        #expect(abs(norm - trainableSquares.squareRoot()) < 1e-9)
        #expect(frozen.value == [1, 2, 3] && adam.firstMoments[0] == [0, 0, 0])
        #expect(Array(partial.value[..<40]) == Array(before[..<40]) && Array(partial.value[130...]) == Array(before[130...]))
        #expect((40..<130).allSatisfy { partial.gradient[$0] == 0 || partial.value[$0] != before[$0] })
        // The trainable entries move exactly as an Adam over those entries alone would move them.
        let alone = Parameter<Float>(name: "alone", shape: [90], value: Array(before[40..<130]))
        alone.gradient = Array(partial.gradient[40..<130])
        Adam(parameters: [alone], learningRate: 0.01, clipNorm: 1).update([alone])
        #expect(Array(partial.value[40..<130]) == alone.value)
    }

    @Test func restoredStateContinuesIdentically() {
        var generator = SeededGenerator(seed: 11)
        let original = [Parameter<Float>(name: "w", shape: [2, 3]), Parameter<Float>(name: "b", shape: [3])]
        let adam = Adam(parameters: original, learningRate: 0.01, clipNorm: 1)
        func setGradients(_ parameters: [Parameter<Float>], _ generator: inout SeededGenerator) {
            for parameter in parameters {
                parameter.gradient = (0..<parameter.count).map { _ in Float(generator.unitDouble() - 0.5) }
            }
        }
        for _ in 0..<3 {
            setGradients(original, &generator)
            adam.update(original)
        }
        #expect(adam.parameterNames == ["w", "b"])
        #expect(adam.moments(named: "b")?.first == adam.firstMoments[1])
        // A "loaded" copy: same values, a fresh optimiser given the saved step and moments.
        let copy = original.map { Parameter(name: $0.name, shape: $0.shape, value: $0.value) }
        let restored = Adam(parameters: copy, learningRate: 0.01, clipNorm: 1)
        restored.step = adam.step
        restored.firstMoments = adam.firstMoments
        restored.secondMoments = adam.secondMoments
        var replay = generator
        setGradients(original, &generator)
        setGradients(copy, &replay)
        adam.update(original)
        restored.update(copy)
        #expect(original.map(\.value) == copy.map(\.value))
    }

    @Test func zeroGradientsClearsEveryParameter() {
        let parameters = [Parameter<Float>(name: "a", shape: [3]), Parameter<Float>(name: "b", shape: [2, 2])]
        for parameter in parameters { parameter.gradient = Array(repeating: 7, count: parameter.count) }
        #expect(globalGradientNorm(parameters) == (49.0 * 7).squareRoot())
        zeroGradients(parameters)
        #expect(parameters.allSatisfy { $0.gradient.allSatisfy { $0 == 0 } })
        #expect(globalGradientNorm(parameters) == 0)
    }
}
