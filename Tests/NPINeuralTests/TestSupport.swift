// Shared helpers for the NPINeural tests: seeded random tensors and a pointer-owning buffer,
// so tests can call the pointer-based layer API without unsafe bookkeeping in every test.
import Testing
@testable import NPINeural

/// A heap buffer of Doubles that frees itself; `pointer` is stable for its lifetime.
final class TestBuffer {
    let pointer: UnsafeMutablePointer<Double>
    let count: Int

    init(count: Int) {
        self.count = count
        // With the room after it that BLIS may read (see `blasSlack`).
        pointer = .allocate(capacity: max(count, 1) + blasSlack(max(count, 1)))
        pointer.initialize(repeating: 0, count: max(count, 1) + blasSlack(max(count, 1)))
    }

    convenience init(_ values: [Double]) {
        self.init(count: values.count)
        for (index, value) in values.enumerated() { pointer[index] = value }
    }

    deinit { pointer.deallocate() }

    var array: [Double] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}

/// `count` draws from U(-scale, scale).
func randomValues(_ count: Int, scale: Double = 1, _ generator: inout SeededGenerator) -> [Double] {
    padded((0..<count).map { _ in (2 * generator.unitDouble() - 1) * scale })
}

/// `values` with the room after them that BLIS may read when they are a matrix (see `blasSlack`).
func padded<S: NeuralScalar>(_ values: [S]) -> [S] {
    var values = values
    values.reserveBLASSlack()
    return values
}

/// Fills every parameter with U(-scale, scale).
func randomize(_ parameters: [Parameter<Double>], scale: Double = 1, _ generator: inout SeededGenerator) {
    for parameter in parameters { parameter.value = randomValues(parameter.count, scale: scale, &generator) }
}

/// `Σ output ⊙ weights`: a scalar loss whose gradient with respect to `output` is `weights`.
func weightedSum(_ output: UnsafePointer<Double>, _ weights: [Double]) -> Double {
    var sum = 0.0
    for (index, weight) in weights.enumerated() { sum += output[index] * weight }
    return sum
}

/// Checks every entry of `parameters` against finite differences and records a test issue
/// (with the full per-parameter report) when the worst relative error exceeds `tolerance`.
/// Below `floor` the comparison is absolute (|a − n| / floor): there the finite difference's
/// own rounding error (about 1e-16·loss/ε) is no longer small against the gradient.
@discardableResult
func expectGradientsMatch(
    _ parameters: [Parameter<Double>], tolerance: Double = 1e-6, floor: Double = 1e-6,
    sourceLocation: SourceLocation = #_sourceLocation, loss: () -> Double
) -> GradientCheckReport {
    let report = checkGradients(of: parameters, floor: floor, loss: loss)
    #expect(report.checkedEntries == scalarCount(parameters), sourceLocation: sourceLocation)
    #expect(report.worstRelativeError < tolerance, "\(report)", sourceLocation: sourceLocation)
    return report
}

/// `|a − b| ≤ tolerance` for every pair, with the first mismatch in the message.
func expectClose(
    _ actual: [Double], _ expected: [Double], tolerance: Double, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (index, (a, e)) in zip(actual, expected).enumerated() where abs(a - e) > tolerance {
        Issue.record("entry \(index): \(a) vs expected \(e) (tolerance \(tolerance))", sourceLocation: sourceLocation)
        return
    }
}
