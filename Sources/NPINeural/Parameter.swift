// A named, shaped tensor of trainable values with its gradient: the unit that Adam, zero-grad,
// the gradient check and the model file all walk.
//
// Layout follows PyTorch: a dense weight is (out, in) row-major, an embedding is (rows, width),
// an LSTM's fused gate matrix is (4H, in) with gate blocks in the order i, f, g, o.

/// A trainable tensor: its values and the gradient that backward passes add into.
///
/// `value` and `gradient` are flat row-major arrays of `shape.reduce(1, *)` entries.
/// Layers read them through unsafe pointers, so they must never change length.
public final class Parameter<S: NeuralScalar> {
    /// The stable name a model file stores this tensor under, e.g. `core.0.weight_ih`.
    public let name: String
    /// The tensor's dimensions, outermost first (PyTorch order).
    public let shape: [Int]
    /// The values, row-major (with room after them that BLIS may read: see `blasSlack`).
    public var value: [S] {
        didSet {
            value.reserveBLASSlack()
            valueVersion &+= 1
        }
    }
    /// Counts the changes to `value` (each assignment or in-place mutation), so that a copy made
    /// from it (see `WeightCopy`) knows when it is stale.
    private(set) var valueVersion = 0
    /// d(loss)/d(value), row-major; backward passes add into it, `zeroGradient()` clears it.
    public var gradient: [S] { didSet { gradient.reserveBLASSlack() } }

    /// The number of scalars, `shape.reduce(1, *)`.
    public let count: Int

    /// A zero-valued parameter of the given shape.
    public init(name: String, shape: [Int]) {
        precondition(shape.allSatisfy { $0 > 0 }, "parameter \(name): shape \(shape) has a non-positive dimension")
        self.name = name
        self.shape = shape
        let count = shape.reduce(1, *)
        self.count = count
        // Two arrays, each with its slack: a shared one would be copied without it on its first change.
        var value = [S](repeating: 0, count: count), gradient = value
        value.reserveBLASSlack()
        gradient.reserveBLASSlack()
        self.value = value
        self.gradient = gradient
    }

    /// A parameter holding `value` (which must have `shape`'s element count).
    public convenience init(name: String, shape: [Int], value: [S]) {
        self.init(name: name, shape: shape)
        precondition(value.count == self.count, "parameter \(name): \(value.count) values for shape \(shape)")
        var padded = value
        padded.reserveBLASSlack()  // (an initializer does not run `didSet`)
        self.value = padded
    }

    /// Stops if `value` or `gradient` was replaced by an array of the wrong length: layers index
    /// them through raw pointers, so this is checked at every public entry point.
    public func checkSize() {
        precondition(
            value.count == count && gradient.count == count,
            "parameter \(name) \(shape): value has \(value.count) and gradient \(gradient.count) entries, expected \(count)")
    }

    /// Sets every gradient entry to zero (the one place gradients are cleared).
    @_specialize(exported: true, where S == Float)
    public func zeroGradient() {
        gradient.withUnsafeMutableBufferPointer { gradient in
            let g = gradient.baseAddress!, count = gradient.count
            // A large gradient is cleared half here and half on the helper thread (2 threads).
            runParts(upTo: count, splitAt: productSplitRow(outputSize: count, inputSize: 1)) { start, end in
                (g + start).update(repeating: 0, count: end - start)
            }
        }
    }
}

/// Sets the gradient of every parameter in the list to zero.
@_specialize(exported: true, where S == Float)
public func zeroGradients<S>(_ parameters: [Parameter<S>]) {
    for parameter in parameters { parameter.zeroGradient() }
}

/// The total number of scalars in a parameter list.
public func scalarCount<S>(_ parameters: [Parameter<S>]) -> Int {
    parameters.reduce(0) { $0 + $1.count }
}

/// The L2 norm of all gradients of a parameter list taken together (global-norm clipping).
@_specialize(exported: true, where S == Float)
public func globalGradientNorm<S>(_ parameters: [Parameter<S>]) -> Double {
    var total = 0.0
    for parameter in parameters {
        total += parameter.gradient.withUnsafeBufferPointer { sumOfSquares($0.baseAddress!, count: $0.count) }
    }
    return total.squareRoot()
}
