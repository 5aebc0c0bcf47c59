// The first LSTM layer's input gates, remembered per input: b_ih + b_hh + W_ih · concat(f_enc(x),
// program embedding) depends on nothing but the step's encoder input, its program and its
// environment, and a batch-1 run meets the same few hundred of those again and again (an
// addition's columns hold ten digits). Looking one up reads 4 KB instead of the 0.5 MB of W_ih
// and the encoder's weights, and returns the very values the product would compute.

/// A bounded map from (environment, program, active encoder inputs) to the first layer's input
/// gates `(4H)`, valid for one set of parameter values.
final class InputGateMemo<S: NeuralScalar> {
    /// The most bytes of gates held: 16 MiB (4,096 inputs with the default H = 256). When full it
    /// starts again empty, so a long session that moves between tasks keeps the inputs it meets now.
    static var byteLimit: Int { 16 << 20 }

    /// The slot of each input's gates in `values`, by key (active inputs, then program and environment).
    private var slots: [[Int32]: Int] = [:]
    private var values: [S] = []
    /// The parameters' change count the held gates were computed with.
    private var parameterStamp: Int?

    /// Copies the gates held for `key` into `gates (width)` and returns true, when they were
    /// computed with parameters whose change count is `stamp`.
    func copyGates(for key: [Int32], stamp: Int, into gates: UnsafeMutablePointer<S>, width: Int) -> Bool {
        guard stamp == parameterStamp, let slot = slots[key] else { return false }
        values.withUnsafeBufferPointer { gates.update(from: $0.baseAddress! + slot, count: width) }
        return true
    }

    /// Holds `gates (width)` for `key`, computed with parameters whose change count is `stamp`.
    func remember(_ gates: UnsafePointer<S>, width: Int, for key: [Int32], stamp: Int) {
        let capacity = max(1, Self.byteLimit / (width * MemoryLayout<S>.stride))
        if stamp != parameterStamp || slots.count >= capacity {
            slots.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
            parameterStamp = stamp
        }
        slots[key] = values.count
        values.append(contentsOf: UnsafeBufferPointer(start: gates, count: width))
    }
}
