// SIMD kernels for the Float hot loops BLAS cannot do: the LSTM cell's backward, ReLU, and one
// row's product with a mostly zero input (the cell's forward, with its exp, sigmoid and tanh, is
// in C: Sources/CKernels/lstm_cell.c). Each generic layer loop checks `S.self == Float.self` and
// calls these; in code specialised for Float the check folds away, and Double (the gradient
// checks) keeps the plain scalar loops, so both stay readable and testable against each other.
//
// Measured with perf (default x86-64 target, OpenBLAS Haswell kernels, 1 thread, B = 64, T = 8,
// H = 256): before SIMD kernels glibc tanhf/expm1f/expf took 27% of accumulateGradients and the
// scalar gate loops most of the rest outside BLAS; with them a batch went from 72 ms to 55 ms
// and the forward pass alone from 38 ms to 21 ms.
//
// Shape legend: H hidden width, G = 4H gates (i, f, g, o), V = 8 lanes.

typealias FloatVector = SIMD8<Float>

@inline(__always)
func load(_ pointer: UnsafePointer<Float>) -> FloatVector {
    UnsafeRawPointer(pointer).loadUnaligned(as: FloatVector.self)
}

@inline(__always)
func store(_ vector: FloatVector, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: FloatVector.self)
}

// MARK: - LSTM cell

/// One row of the LSTM backward in Float: from dh (H), the carried dc (H, updated in place to
/// dc·f for the previous step), the activated gates and c_(t−1), writes the pre-activation gate
/// gradient (4H). The tail is done in scalar code with the same formulas (no transcendentals here).
func lstmPointwiseBackwardRow(
    gate: UnsafePointer<Float>, tanhCell: UnsafePointer<Float>, previousCell: UnsafePointer<Float>,
    hiddenGradient dh: UnsafePointer<Float>, cellGradient dcCarry: UnsafeMutablePointer<Float>,
    gateGradient dGate: UnsafeMutablePointer<Float>, hiddenSize H: Int
) {
    var j = 0
    while j + 8 <= H {
        let i = load(gate + j), f = load(gate + H + j), g = load(gate + 2 * H + j), o = load(gate + 3 * H + j)
        let t = load(tanhCell + j), dhj = load(dh + j)
        let dc = load(dcCarry + j) + dhj * o * (1 - t * t)
        store(dc * g * i * (1 - i), dGate + j)
        store(dc * load(previousCell + j) * f * (1 - f), dGate + H + j)
        store(dc * i * (1 - g * g), dGate + 2 * H + j)
        store(dhj * t * o * (1 - o), dGate + 3 * H + j)
        store(dc * f, dcCarry + j)
        j += 8
    }
    while j < H {
        let i = gate[j], f = gate[H + j], g = gate[2 * H + j], o = gate[3 * H + j], t = tanhCell[j]
        let dc = dcCarry[j] + dh[j] * o * (1 - t * t)
        dGate[j] = dc * g * i * (1 - i)
        dGate[H + j] = dc * previousCell[j] * f * (1 - f)
        dGate[2 * H + j] = dc * i * (1 - g * g)
        dGate[3 * H + j] = dh[j] * t * o * (1 - o)
        dcCarry[j] = dc * f
        j += 1
    }
}

// MARK: - ReLU and accumulation

/// `output = max(input, 0)` in Float.
func reluForward(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, count: Int) {
    var j = 0
    while j + 8 <= count {
        let x = load(input + j)
        store(x.replacing(with: 0, where: x .<= 0), output + j)
        j += 8
    }
    while j < count {
        output[j] = input[j] > 0 ? input[j] : 0
        j += 1
    }
}

/// `inputGradient += outputGradient` where `output > 0`, in Float.
func reluBackward(
    output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>,
    count: Int
) {
    var j = 0
    while j + 8 <= count {
        let dy = load(outputGradient + j)
        store(load(inputGradient + j) + dy.replacing(with: 0, where: load(output + j) .<= 0), inputGradient + j)
        j += 8
    }
    while j < count {
        inputGradient[j] += output[j] > 0 ? outputGradient[j] : 0
        j += 1
    }
}

/// `Σ a[i]·b[i]` over `count` Floats: 8-lane partial sums in order, the lanes added in one fixed
/// order, the tail in scalar code. The result depends on the two vectors alone.
func floatDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    var lanes = FloatVector()
    var j = 0
    while j + 8 <= count {
        lanes.addProduct(load(a + j), load(b + j))
        j += 8
    }
    var sum = lanes.sum()
    while j < count {
        sum += a[j] * b[j]
        j += 1
    }
    return sum
}

/// `Σ x²` over `count` Floats: 8-lane partial sums per 1,024-entry block, block totals in Double.
func floatSumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Double {
    let blockCount = (count + blockSize - 1) / blockSize
    var total = 0.0
    // With 2 threads the helper sums the later blocks, and they are added here in the same
    // order as by one thread, so the total is the same.
    guard let split = productSplitRow(outputSize: blockCount, inputSize: blockSize) else {
        for block in 0..<blockCount { total += blockSumOfSquares(x, count: count, block: block) }
        return total
    }
    var later = [Double](repeating: 0, count: blockCount - split)
    later.withUnsafeMutableBufferPointer { later in
        runInTwo(
            { for block in 0..<split { total += blockSumOfSquares(x, count: count, block: block) } },
            { for block in split..<blockCount { later[block - split] = blockSumOfSquares(x, count: count, block: block) } })
    }
    for sum in later { total += sum }
    return total
}

/// The scalars `floatSumOfSquares` sums in Float before adding them up in Double.
private let blockSize = 1024

/// `Σ x²` over block `block` of `floatSumOfSquares`'s `x`: eight Float lanes, then the tail in Double.
private func blockSumOfSquares(_ x: UnsafePointer<Float>, count: Int, block: Int) -> Double {
    let end = min((block + 1) * blockSize, count)
    var partial = FloatVector()
    var i = block * blockSize
    while i + 8 <= end {
        let v = load(x + i)
        partial += v * v
        i += 8
    }
    var sum = Double(partial.sum())
    while i < end {
        sum += Double(x[i]) * Double(x[i])
        i += 1
    }
    return sum
}

/// `target += source` over `count` Floats.
func addInPlace(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int) {
    var j = 0
    while j + 8 <= count {
        store(load(target + j) + load(source + j), target + j)
        j += 8
    }
    while j < count {
        target[j] += source[j]
        j += 1
    }
}

// MARK: - Generic to Float

/// Views a pointer of a generic scalar as Float; only valid after checking `S.self == Float.self`.
@inline(__always)
func mutableFloatPointer<S>(_ pointer: UnsafeMutablePointer<S>) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: Float.self)
}

/// Views a pointer of a generic scalar as Float; only valid after checking `S.self == Float.self`.
@inline(__always)
func floatPointer<S>(_ pointer: UnsafePointer<S>) -> UnsafePointer<Float> {
    UnsafeRawPointer(pointer).assumingMemoryBound(to: Float.self)
}
