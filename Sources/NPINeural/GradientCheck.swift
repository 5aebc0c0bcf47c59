// Gradient checking by central finite differences, in Double, in the manner of llm.c's
// `check_tensor`: compare every analytic gradient entry with (L(θ+ε) − L(θ−ε)) / 2ε and report
// the worst mismatch by parameter name and index.

/// One parameter entry's analytic and numeric gradient.
public struct GradientMismatch: Sendable, CustomStringConvertible {
    /// The parameter's name, e.g. `core.1.weight_hh`.
    public var parameterName: String
    /// The flat row-major index of the entry.
    public var index: Int
    /// The gradient the backward pass produced.
    public var analytic: Double
    /// The central finite difference of the loss.
    public var numeric: Double
    /// `|analytic − numeric| / max(|analytic|, |numeric|, floor)`.
    public var relativeError: Double

    public var description: String {
        "\(parameterName)[\(index)]: analytic \(analytic), numeric \(numeric), relative error \(relativeError)"
    }
}

/// The outcome of a gradient check: the worst entry overall and per parameter.
public struct GradientCheckReport: Sendable, CustomStringConvertible {
    /// The worst entry of each checked parameter, in the parameters' order.
    public var perParameter: [GradientMismatch]
    /// How many entries were compared.
    public var checkedEntries: Int

    /// The entry with the largest relative error, or nil if nothing was checked.
    public var worst: GradientMismatch? { perParameter.max { $0.relativeError < $1.relativeError } }
    /// The largest relative error (0 if nothing was checked).
    public var worstRelativeError: Double { worst?.relativeError ?? 0 }

    public var description: String {
        var lines = perParameter.map { "  \($0)" }
        lines.insert("gradient check: \(checkedEntries) entries, worst \(worst.map(\.description) ?? "none")", at: 0)
        return lines.joined(separator: "\n")
    }
}

/// Compares the current `gradient` of every entry of every parameter with central finite
/// differences of `loss`.
///
/// The caller computes the analytic gradient first (zero the gradients, run backward with
/// scale 1). `loss` must be a pure function of the parameter values; each entry is perturbed by
/// ±`epsilon` and restored exactly. `floor` keeps near-zero gradients from dividing by noise.
/// `log`, when given, receives one line per parameter (its worst entry).
public func checkGradients(
    of parameters: [Parameter<Double>], epsilon: Double = 1e-5, floor: Double = 1e-6,
    log: ((String) -> Void)? = nil, loss: () -> Double
) -> GradientCheckReport {
    compareGradients(
        parameters, indices: { Array(0..<$0.count) }, epsilon: epsilon, floor: floor, log: log, loss: loss)
}

/// The same check on at most `samplesPerParameter` entries of each parameter, drawn from
/// `generator` (for tensors too big to check entry by entry).
public func checkGradients(
    of parameters: [Parameter<Double>], samplesPerParameter: Int, generator: inout SeededGenerator,
    epsilon: Double = 1e-5, floor: Double = 1e-6, log: ((String) -> Void)? = nil, loss: () -> Double
) -> GradientCheckReport {
    // Draw every index set up front, in parameter order, so the sample depends only on the seed.
    var selections: [ObjectIdentifier: [Int]] = [:]
    for parameter in parameters {
        var all = Array(0..<parameter.count)
        if all.count > samplesPerParameter {
            generator.shuffle(&all)
            all = Array(all.prefix(samplesPerParameter)).sorted()
        }
        selections[ObjectIdentifier(parameter)] = all
    }
    return compareGradients(
        parameters, indices: { selections[ObjectIdentifier($0)]! }, epsilon: epsilon, floor: floor, log: log,
        loss: loss)
}

private func compareGradients(
    _ parameters: [Parameter<Double>], indices: (Parameter<Double>) -> [Int], epsilon: Double, floor: Double,
    log: ((String) -> Void)?, loss: () -> Double
) -> GradientCheckReport {
    var report = GradientCheckReport(perParameter: [], checkedEntries: 0)
    for parameter in parameters {
        var worst: GradientMismatch?
        for index in indices(parameter) {
            let original = parameter.value[index]
            parameter.value[index] = original + epsilon
            let lossPlus = loss()
            parameter.value[index] = original - epsilon
            let lossMinus = loss()
            parameter.value[index] = original
            let numeric = (lossPlus - lossMinus) / (2 * epsilon)
            let analytic = parameter.gradient[index]
            let relativeError = abs(analytic - numeric) / max(abs(analytic), abs(numeric), floor)
            report.checkedEntries += 1
            if worst == nil || relativeError > worst!.relativeError {
                worst = GradientMismatch(
                    parameterName: parameter.name, index: index, analytic: analytic, numeric: numeric,
                    relativeError: relativeError)
            }
        }
        if let worst {
            report.perParameter.append(worst)
            log?(worst.description)
        }
    }
    return report
}
