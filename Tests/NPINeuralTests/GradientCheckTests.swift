// The gradient checker itself: it must pass a correct gradient and point at a wrong one.
import Testing
@testable import NPINeural

@Suite("Gradient check helper")
struct GradientCheckTests {
    /// f(θ) = Σ_i (i+1)·θ_i², so ∂f/∂θ_i = 2(i+1)·θ_i.
    private func quadratic(_ parameter: Parameter<Double>) -> Double {
        var sum = 0.0
        for (index, value) in parameter.value.enumerated() { sum += Double(index + 1) * value * value }
        return sum
    }

    @Test func acceptsACorrectGradient() {
        let theta = Parameter<Double>(name: "theta", shape: [5], value: [0.3, -1, 2, 0.5, -0.25])
        theta.gradient = theta.value.enumerated().map { 2 * Double($0.offset + 1) * $0.element }
        let report = checkGradients(of: [theta]) { quadratic(theta) }
        #expect(report.checkedEntries == 5)
        #expect(report.worstRelativeError < 1e-8)
        #expect(theta.value == [0.3, -1, 2, 0.5, -0.25], "values are restored exactly")
    }

    @Test func pointsAtTheWrongEntry() {
        let good = Parameter<Double>(name: "good", shape: [3], value: [1, 2, 3])
        let bad = Parameter<Double>(name: "bad", shape: [2, 2], value: [1, -1, 0.5, 2])
        good.gradient = good.value.enumerated().map { 2 * Double($0.offset + 1) * $0.element }
        bad.gradient = bad.value.enumerated().map { 2 * Double($0.offset + 1) * $0.element }
        bad.gradient[2] *= 1.1  // analytic 3.3 against numeric 3
        var lines: [String] = []
        let report = checkGradients(of: [good, bad], log: { lines.append($0) }) { quadratic(good) + quadratic(bad) }
        #expect(report.worst?.parameterName == "bad")
        #expect(report.worst?.index == 2)
        #expect(abs(report.worstRelativeError - 0.3 / 3.3) < 1e-6)
        #expect(lines.count == 2 && lines[1].hasPrefix("bad[2]"))
        #expect(report.description.contains("worst bad[2]"))
    }

    @Test func samplesASeededSubsetOfBigTensors() {
        let big = Parameter<Double>(name: "big", shape: [100], value: (0..<100).map { Double($0) / 100 })
        big.gradient = big.value.enumerated().map { 2 * Double($0.offset + 1) * $0.element }
        var first = SeededGenerator(seed: 3), second = SeededGenerator(seed: 3)
        var evaluations = 0
        let report = checkGradients(of: [big], samplesPerParameter: 10, generator: &first) {
            evaluations += 1
            return quadratic(big)
        }
        #expect(report.checkedEntries == 10 && evaluations == 20)
        let again = checkGradients(of: [big], samplesPerParameter: 10, generator: &second) { quadratic(big) }
        #expect(report.worst?.index == again.worst?.index)
        #expect(report.worstRelativeError < 1e-6)
    }
}
