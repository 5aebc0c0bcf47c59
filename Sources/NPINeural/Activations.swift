// Elementwise nonlinearities: ReLU (between NPI's LSTM layers and in f_prog), the logistic sigmoid
// and tanh (the LSTM gates).
//
// Shape legend: C elements (any flat buffer).

/// The rectifier, y = max(x, 0).
public enum ReLU {
    /// `output[i] = max(input[i], 0)`; `output` may alias `input`.
    public static func forward<S: NeuralScalar>(
        input: UnsafePointer<S>, output: UnsafeMutablePointer<S>, count: Int
    ) {
        if S.self == Float.self {
            return reluForward(input: floatPointer(input), output: mutableFloatPointer(output), count: count)
        }
        for i in 0..<count { output[i] = input[i] > 0 ? input[i] : 0 }
    }

    /// `inputGradient[i] += outputGradient[i]` where the unit was active (`output[i] > 0`).
    ///
    /// It reads the forward *output*, so the input need not be kept.
    public static func backward<S: NeuralScalar>(
        output: UnsafePointer<S>, outputGradient: UnsafePointer<S>, inputGradient: UnsafeMutablePointer<S>,
        count: Int
    ) {
        if S.self == Float.self {
            return reluBackward(
                output: floatPointer(output), outputGradient: floatPointer(outputGradient),
                inputGradient: mutableFloatPointer(inputGradient), count: count)
        }
        for i in 0..<count { inputGradient[i] += output[i] > 0 ? outputGradient[i] : 0 }
    }
}

/// The logistic function σ(x) = 1 / (1 + e^(−x)), computed without overflow for either sign.
@inline(__always)
public func sigmoid<S: NeuralScalar>(_ x: S) -> S {
    // e^(−|x|) ≤ 1 never overflows; the two branches are the same function rearranged.
    if x >= 0 {
        return 1 / (1 + S.exp(-x))
    }
    let e = S.exp(x)
    return e / (1 + e)
}

/// tanh(x) from one `exp`: sign(x)·(1 − e^(−2|x|)) / (1 + e^(−2|x|)), and a Taylor series near 0.
///
/// glibc's tanhf goes through expm1f and took a quarter of the training time; one exp is several
/// times cheaper. Near 0, 1 − e^(−2|x|) cancels, so |x| < 1/16 uses the series to x¹¹ (the next
/// term, 21844x¹³/6081075, is below 1e-18 there: exact to Double rounding). Both branches are
/// smooth, so gradient checks still hold. Its Float twin for the LSTM cell is in
/// Sources/CKernels/lstm_cell.c.
@inline(__always)
public func tanhViaExp<S: NeuralScalar>(_ x: S) -> S {
    let magnitude = abs(x)
    if magnitude < 0.0625 {
        let square = x * x
        var series: S = -1382 / 155_925
        series = series * square + 62 / 2835
        series = series * square - 17 / 315
        series = series * square + 2 / 15
        series = series * square - 1 / 3
        return (series * square + 1) * x
    }
    let e = S.exp(-2 * magnitude)
    let t = (1 - e) / (1 + e)
    return x < 0 ? -t : t
}
