// Adam (Kingma & Ba 2015) with bias correction and optional global-norm gradient clipping,
// the optimiser NPI trains with (section 4, Reed & de Freitas 2016). Same update as torch.optim.Adam.
//
// Per parameter entry, at step t (counted from 1), with g the (clipped) gradient:
//   m = β1·m + (1−β1)·g        v = β2·v + (1−β2)·g²
//   θ −= lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)
import CKernels
import Foundation

/// The Adam optimiser. Its whole state (`step`, the moments) is public so a model file can save and restore it.
public final class Adam<S: NeuralScalar> {
    /// The step size; may be changed between updates (learning-rate schedules).
    public var learningRate: S
    /// β1, the decay of the first moment.
    public var beta1: S
    /// β2, the decay of the second moment.
    public var beta2: S
    /// ε, added to √v̂ to keep the denominator away from zero.
    public var epsilon: S
    /// When set, gradients are scaled down so their global L2 norm is at most this before the update.
    public var clipNorm: S?
    /// The number of updates applied so far (t in the bias corrections).
    public var step: Int
    /// When set, the entries each parameter may change, one range per parameter in
    /// `parameterNames` order (empty: frozen); the others keep their values bit for bit and their
    /// gradients neither count towards the clipping norm nor move the moments. nil: every entry
    /// trains. Learning a new program with the core frozen sets it to the new rows of the program
    /// memory (Reed & de Freitas 2016, section 4.3).
    public var trainableEntries: [Range<Int>]?
    /// The names of the parameters the moments belong to, in order: the key of each moment array.
    public let parameterNames: [String]
    /// m, the running mean of gradients: one array per parameter, in `parameterNames` order.
    public var firstMoments: [[S]]
    /// v, the running mean of squared gradients: one array per parameter, in `parameterNames` order.
    public var secondMoments: [[S]]

    /// An optimiser with zero moments for `parameters` (in their order).
    public init(
        parameters: [Parameter<S>], learningRate: S, beta1: S = 0.9, beta2: S = 0.999, epsilon: S = 1e-8,
        clipNorm: S? = nil
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.clipNorm = clipNorm
        self.step = 0
        self.parameterNames = parameters.map(\.name)
        self.firstMoments = parameters.map { Array(repeating: 0, count: $0.count) }
        self.secondMoments = parameters.map { Array(repeating: 0, count: $0.count) }
    }

    /// The first and second moments of the parameter named `name`, if any.
    public func moments(named name: String) -> (first: [S], second: [S])? {
        parameterNames.firstIndex(of: name).map { (firstMoments[$0], secondMoments[$0]) }
    }

    /// Applies one Adam update to every parameter from its current gradient (gradients are left as they are).
    ///
    /// `parameters` must be the list the optimiser was made for, in the same order.
    /// Returns the global gradient norm before clipping.
    @discardableResult
    @_specialize(exported: true, where S == Float)
    public func update(_ parameters: [Parameter<S>]) -> Double {
        precondition(
            parameters.map(\.name) == parameterNames,
            "Adam was made for \(parameterNames.count) parameters \(parameterNames.prefix(3))…, got \(parameters.map(\.name).prefix(3))…")
        let norm = gradientNorm(parameters)
        // Clipping rescales the gradient rather than editing it, so callers still see the raw gradient.
        var gradientScale = 1.0
        if let clipNorm, norm > Double(clipNorm) { gradientScale = Double(clipNorm) / norm }
        step += 1
        // Bias corrections in Double: β2^t creeps away from 1 too slowly for Float early on.
        let t = Double(step)
        let firstCorrection = 1 - Foundation.pow(Double(beta1), t)
        let secondCorrection = 1 - Foundation.pow(Double(beta2), t)
        // Folded constants: θ −= stepSize · m / (√v · rootCorrection⁻¹ + ε).
        let constants = AdamConstants(
            gradientScale: S(gradientScale), beta1: beta1, beta2: beta2, oneMinusBeta1: 1 - beta1,
            oneMinusBeta2: 1 - beta2, stepSize: S(Double(learningRate) / firstCorrection),
            inverseRootCorrection: S(1 / secondCorrection.squareRoot()), epsilon: epsilon)
        for (index, parameter) in parameters.enumerated() {
            parameter.checkSize()
            precondition(
                firstMoments[index].count == parameter.count && secondMoments[index].count == parameter.count,
                "Adam moments of \(parameter.name) have \(firstMoments[index].count) and \(secondMoments[index].count) entries, expected \(parameter.count)")
            let entries = trainableEntries(of: index, parameter)
            guard !entries.isEmpty else { continue }
            let count = entries.count
            // m and v are separate stored properties, so writing both at once is not an overlapping access.
            parameter.gradient.withUnsafeBufferPointer { gBuffer in
                parameter.value.withUnsafeMutableBufferPointer { θBuffer in
                    firstMoments[index].withUnsafeMutableBufferPointer { mBuffer in
                        secondMoments[index].withUnsafeMutableBufferPointer { vBuffer in
                            let first = entries.lowerBound
                            let g = gBuffer.baseAddress! + first, θ = θBuffer.baseAddress! + first
                            let m = mBuffer.baseAddress! + first, v = vBuffer.baseAddress! + first
                            if S.self == Float.self {
                                /// Entries `start ..< end`; each entry's update is independent of the others.
                                func entries(_ start: Int, _ end: Int) {
                                    let c = constants.asFloat
                                    npi_adam_update(
                                        mutableFloatPointer(θ + start), floatPointer(g + start),
                                        mutableFloatPointer(m + start), mutableFloatPointer(v + start), end - start,
                                        c.gradientScale, c.beta1, c.oneMinusBeta1, c.beta2, c.oneMinusBeta2, c.stepSize,
                                        c.inverseRootCorrection, c.epsilon)
                                }
                                // Each entry's update is independent of the others, so any split gives the
                                // same bits; a multiple of 64 entries keeps both parts' vectors aligned.
                                return runParts(
                                    upTo: count, splitAt: productSplitRow(outputSize: count, inputSize: 1), entries)
                            }
                            let c = constants
                            for i in 0..<count {
                                let gi = g[i] * c.gradientScale
                                let mi = c.beta1 * m[i] + c.oneMinusBeta1 * gi
                                let vi = c.beta2 * v[i] + c.oneMinusBeta2 * gi * gi
                                m[i] = mi
                                v[i] = vi
                                θ[i] -= c.stepSize * mi / (vi.squareRoot() * c.inverseRootCorrection + c.epsilon)
                            }
                        }
                    }
                }
            }
        }
        return norm
    }

    /// The entries of parameter `index` this update may change.
    private func trainableEntries(of index: Int, _ parameter: Parameter<S>) -> Range<Int> {
        guard let trainableEntries else { return 0..<parameter.count }
        precondition(
            trainableEntries.count == parameterNames.count
                && trainableEntries[index].lowerBound >= 0 && trainableEntries[index].upperBound <= parameter.count,
            "Adam.trainableEntries: no range within \(parameter.name)'s \(parameter.count) entries")
        return trainableEntries[index]
    }

    /// The global L2 norm of the gradients of the trainable entries.
    private func gradientNorm(_ parameters: [Parameter<S>]) -> Double {
        guard trainableEntries != nil else { return globalGradientNorm(parameters) }
        var total = 0.0
        for (index, parameter) in parameters.enumerated() {
            let entries = trainableEntries(of: index, parameter)
            guard !entries.isEmpty else { continue }
            total += parameter.gradient.withUnsafeBufferPointer {
                sumOfSquares($0.baseAddress! + entries.lowerBound, count: entries.count)
            }
        }
        return total.squareRoot()
    }
}

/// The per-update scalars of Adam, folded once so the per-entry loop does no Double math.
struct AdamConstants<S: NeuralScalar> {
    var gradientScale, beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, inverseRootCorrection, epsilon: S

    /// The same constants in Float (for the C kernel; only used when S is Float).
    var asFloat: AdamConstants<Float> {
        AdamConstants<Float>(
            gradientScale: Float(gradientScale), beta1: Float(beta1), beta2: Float(beta2),
            oneMinusBeta1: Float(oneMinusBeta1), oneMinusBeta2: Float(oneMinusBeta2), stepSize: Float(stepSize),
            inverseRootCorrection: Float(inverseRootCorrection), epsilon: Float(epsilon))
    }
}
