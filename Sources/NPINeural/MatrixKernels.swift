// The few matrix kernels every layer is built from, as thin row-major wrappers over BLAS,
// plus the reusable scratch memory that keeps hot loops free of array allocation.
//
// Shape legend: N rows (batch, or steps x batch), I input width, O output width.
// A weight W is (O, I) row-major, as in PyTorch's nn.Linear.

// MARK: - Readable slack after every matrix

/// How many scalars after a matrix of `count` scalars must be readable memory of ours.
///
/// Debian's BLIS 0.9.0 reads past the end of its operands in some small-matrix ("sup") gemm
/// kernels: a C program that put each operand right before an unreadable page saw 47,213 of
/// 774,400 shapes (M, N, K from 1 to 1,031, npi's three product forms) fault, on A or C, never
/// by a write (a read-only page after them was never touched), and the loaded values are
/// unused. An operand ending at the edge of mapped memory then crashes the process (a test
/// run did, in a training product with K = 13). The over-read stays within one row of the
/// operand, so `min(count, 65,536)` scalars (a row is never longer than the matrix, nor than
/// 65,536 for npi's sizes) made every one of those shapes run cleanly.
@inline(__always)
func blasSlack(_ count: Int) -> Int { min(count, 65_536) }

extension Array where Element: NeuralScalar {
    /// Makes sure the array's storage holds `blasSlack(count)` scalars past its end, so BLIS
    /// can read past it (see `blasSlack`); allocates only when it does not yet.
    @inline(__always)
    mutating func reserveBLASSlack() {
        let needed = count + blasSlack(count)
        if capacity < needed { reserveCapacity(needed) }
    }
}

// MARK: - Scratch memory

/// A growable block of scalars, allocated once and reused for every batch of the same or smaller size.
///
/// Layers work on raw pointers into these, which avoids both Array bounds checks in inner loops and
/// per-step allocation. Contents are undefined after `reserve` unless the caller clears them.
///
/// The storage starts on a cache line: malloc's 16-byte alignment put a large buffer 16 bytes
/// into its page, so every 64-byte vector load of it straddled two lines (a batch-1 step's
/// weight products ran 10% slower so).
final class ScratchBuffer<Element> {
    private(set) var pointer: UnsafeMutablePointer<Element>
    private(set) var capacity: Int

    init() {
        capacity = 0
        pointer = Self.allocate(1)
    }

    deinit { UnsafeMutableRawPointer(pointer).deallocate() }

    /// Makes room for `count` elements, and `blasSlack(count)` more that BLIS may read past a
    /// matrix's end; reallocates only when growing.
    func reserve(_ count: Int) {
        guard count > capacity else { return }
        UnsafeMutableRawPointer(pointer).deallocate()
        pointer = Self.allocate(count + blasSlack(count))
        capacity = count
    }

    /// Uninitialised room for `count` elements, starting on a 64-byte boundary.
    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Element> {
        UnsafeMutableRawPointer.allocate(
            byteCount: count * MemoryLayout<Element>.stride, alignment: max(64, MemoryLayout<Element>.alignment)
        ).bindMemory(to: Element.self, capacity: count)
    }
}

extension ScratchBuffer where Element: NeuralScalar {
    /// Makes room for `count` zeros in a buffer that is never written: the buffer is cleared
    /// only when it grows, so a call that fits does no work (an inference step made one
    /// such call per layer, clearing B × H scalars each time).
    func reserveZeroed(_ count: Int) {
        guard count > capacity else { return }
        reserve(count)
        pointer.update(repeating: 0, count: count)
    }
}

// MARK: - Forward products

/// `y (N, O) += x (N, I) · Wᵀ`, with `W (O, I)`.
///
/// A single row goes through gemv: OpenBLAS's gemm with M = 1 runs several times slower
/// (docs: research/swift-on-linux.md, section 2). With 2 threads a large Float product is split
/// at an output column between this thread and the helper thread (ProductHelper.swift), with
/// identical results.
@inline(__always)
func addInputTimesWeightTransposed<S: NeuralScalar>(
    input x: UnsafePointer<S>, weight: UnsafePointer<S>, output y: UnsafeMutablePointer<S>,
    rows: Int, inputSize: Int, outputSize: Int, inputStride: Int? = nil
) {
    let ldx = inputStride ?? inputSize
    if rows == 1, S.self == Float.self, let splitRow = productSplitRow(outputSize: outputSize, inputSize: inputSize) {
        splitProduct(
            input: floatPointer(x), weight: floatPointer(weight), output: mutableFloatPointer(y),
            inputSize: inputSize, outputSize: outputSize, splitRow: splitRow)
    } else if rows == 1 {
        S.gemv(
            transposeA: false, m: outputSize, n: inputSize, alpha: 1, a: weight, lda: inputSize,
            x: x, beta: 1, y: y)
    } else {
        /// Output columns `start ..< end`: `y[:, start..<end] += x · W[start..<end]ᵀ`.
        func columns(_ start: Int, _ end: Int) {
            S.gemm(
                transposeA: false, transposeB: true, m: rows, n: end - start, k: inputSize,
                alpha: 1, a: x, lda: ldx, b: weight + start * inputSize, ldb: inputSize, beta: 1, c: y + start,
                ldc: outputSize)
        }
        let split = S.self == Float.self ? productSplitRow(outputSize: outputSize, inputSize: inputSize) : nil
        runParts(upTo: outputSize, splitAt: split, columns)
    }
}

/// Sets every row of `y (N, O)` to `bias (O)`, or to zero when there is no bias.
@inline(__always)
func broadcastRows<S: NeuralScalar>(
    _ bias: UnsafePointer<S>?, into y: UnsafeMutablePointer<S>, rows: Int, width: Int
) {
    guard let bias else {
        y.update(repeating: 0, count: rows * width)
        return
    }
    for row in 0..<rows { (y + row * width).update(from: bias, count: width) }
}

// MARK: - Backward products

/// `dW (O, I) += dyᵀ (O, N) · x (N, I)`: the weight gradient of `y = x · Wᵀ`. With 2 threads a
/// large Float one is split at a row of dW, with identical results. `onlyRows` computes just
/// those rows of dW, on this thread.
@inline(__always)
func addWeightGradient<S: NeuralScalar>(
    outputGradient dy: UnsafePointer<S>, input x: UnsafePointer<S>, weightGradient dW: UnsafeMutablePointer<S>,
    rows: Int, inputSize: Int, outputSize: Int, inputStride: Int? = nil, onlyRows: Range<Int>? = nil
) {
    guard rows > 0 else { return }
    if let only = onlyRows { return weightRows(only.lowerBound, only.upperBound) }
    /// Rows `start ..< end` of dW, from the same columns of dy.
    func weightRows(_ start: Int, _ end: Int) {
        S.gemm(
            transposeA: true, transposeB: false, m: end - start, n: inputSize, k: rows,
            alpha: 1, a: dy + start, lda: outputSize, b: x, ldb: inputStride ?? inputSize,
            beta: 1, c: dW + start * inputSize, ldc: inputSize)
    }
    let split = S.self == Float.self ? productSplitRow(outputSize: outputSize, inputSize: inputSize) : nil
    runParts(upTo: outputSize, splitAt: split, weightRows)
}

/// `dx (N, I) += dy (N, O) · W (O, I)`: the input gradient of `y = x · Wᵀ`. Never split between
/// threads: BLIS rounds parts of this reduction over O differently from the whole.
@inline(__always)
func addInputGradient<S: NeuralScalar>(
    outputGradient dy: UnsafePointer<S>, weight: UnsafePointer<S>, inputGradient dx: UnsafeMutablePointer<S>,
    rows: Int, inputSize: Int, outputSize: Int, inputStride: Int? = nil
) {
    let ldx = inputStride ?? inputSize
    if rows == 1 && ldx == inputSize {
        S.gemv(
            transposeA: true, m: outputSize, n: inputSize, alpha: 1, a: weight, lda: inputSize,
            x: dy, beta: 1, y: dx)
    } else {
        S.gemm(
            transposeA: false, transposeB: false, m: rows, n: inputSize, k: outputSize,
            alpha: 1, a: dy, lda: outputSize, b: weight, ldb: inputSize, beta: 1, c: dx, ldc: ldx)
    }
}

/// `db (O) += Σ_rows dy (N, O)`: the bias gradient.
@inline(__always)
func addColumnSums<S: NeuralScalar>(
    _ dy: UnsafePointer<S>, into db: UnsafeMutablePointer<S>, rows: Int, width: Int
) {
    if S.self == Float.self {
        for row in 0..<rows { addInPlace(floatPointer(dy + row * width), into: mutableFloatPointer(db), count: width) }
        return
    }
    for row in 0..<rows {
        let source = dy + row * width
        for column in 0..<width { db[column] += source[column] }
    }
}

// MARK: - Reductions

/// `Σ x²` over `count` scalars, accumulated in Double.
///
/// Eight independent scalar partial sums per 1,024-element block let the compiler vectorise
/// (a single running sum cannot be reordered); each block's total is then added in Double.
func sumOfSquares<S: NeuralScalar>(_ x: UnsafePointer<S>, count: Int) -> Double {
    if S.self == Float.self { return floatSumOfSquares(floatPointer(x), count: count) }
    var total = 0.0
    var start = 0
    while start < count {
        let end = min(start + 1024, count)
        var partial: (S, S, S, S, S, S, S, S) = (0, 0, 0, 0, 0, 0, 0, 0)
        var i = start
        while i + 8 <= end {
            partial.0 += x[i] * x[i]
            partial.1 += x[i + 1] * x[i + 1]
            partial.2 += x[i + 2] * x[i + 2]
            partial.3 += x[i + 3] * x[i + 3]
            partial.4 += x[i + 4] * x[i + 4]
            partial.5 += x[i + 5] * x[i + 5]
            partial.6 += x[i + 6] * x[i + 6]
            partial.7 += x[i + 7] * x[i + 7]
            i += 8
        }
        var block = Double(partial.0) + Double(partial.1) + Double(partial.2) + Double(partial.3)
        block += Double(partial.4) + Double(partial.5) + Double(partial.6) + Double(partial.7)
        while i < end {
            block += Double(x[i]) * Double(x[i])
            i += 1
        }
        total += block
        start = end
    }
    return total
}
