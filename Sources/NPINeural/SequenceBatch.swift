// A teacher-forced training batch: B program calls of equal length T, each starting from a zero
// core state (section 3.2, Reed & de Freitas 2016: every call is trained on its own trace).
//
// Shape legend: T steps (the length), B sequences, Q = maxActiveFeatures + A active input slots,
// A arguments. Everything is time-major: step t of sequence b is row t·B + b.

/// B equal-length sequences of NPI steps in one environment, with their targets; −1 marks a
/// masked target. Program ids are the environment's own (see `NetworkEnvironment`).
public struct SequenceBatch: Sendable, Equatable {
    /// The index of the environment every sequence runs in, in `NetworkConfiguration.environments`.
    public var environment: Int
    /// The program each sequence runs: (B). One call per sequence, so it is fixed over time.
    public var programs: [Int32]
    /// T, the number of steps in every sequence.
    public var length: Int
    /// Active indices of the 0/1 f_enc input, −1 padded: (T, B, Q).
    public var features: [Int32]
    /// Whether the call returns after each step, 0 or 1 (−1 masked): (T, B).
    public var targetReturn: [Int32]
    /// The program called next (−1 masked): (T, B).
    public var targetProgram: [Int32]
    /// Each argument's value for the next call (−1 masked): (T, B, A).
    public var targetArguments: [Int32]

    /// A batch; array lengths are checked against the network's configuration when it is used.
    public init(
        environment: Int = 0, programs: [Int32], length: Int, features: [Int32], targetReturn: [Int32],
        targetProgram: [Int32], targetArguments: [Int32]
    ) {
        self.environment = environment
        self.programs = programs
        self.length = length
        self.features = features
        self.targetReturn = targetReturn
        self.targetProgram = targetProgram
        self.targetArguments = targetArguments
    }

    /// B, the number of sequences.
    public var batch: Int { programs.count }

    /// T·B, the number of steps in the batch (the rows of every time-major array).
    public var stepCount: Int { length * programs.count }

    /// Stops with a message naming the first array whose length does not fit `configuration`
    /// (a malformed batch is a bug in the code that built it).
    public func checkShape(for configuration: NetworkConfiguration) {
        let rows = stepCount
        precondition(length >= 0, "SequenceBatch: negative length \(length)")
        precondition(
            configuration.environments.indices.contains(environment),
            "SequenceBatch.environment: \(environment), but the network has \(configuration.environments.count)")
        let slots = configuration.maxActiveInputs(environment: environment)
        precondition(
            features.count == rows * slots,
            "SequenceBatch.features: \(features.count) entries, expected T·B·Q = \(rows * slots)")
        precondition(targetReturn.count == rows, "SequenceBatch.targetReturn: \(targetReturn.count) entries, expected T·B = \(rows)")
        precondition(targetProgram.count == rows, "SequenceBatch.targetProgram: \(targetProgram.count) entries, expected T·B = \(rows)")
        precondition(
            targetArguments.count == rows * configuration.argumentCount,
            "SequenceBatch.targetArguments: \(targetArguments.count) entries, expected T·B·A = \(rows * configuration.argumentCount)")
    }
}

extension NPINetwork {
    /// The training batch type, also reachable as `NPINetwork<S>.SequenceBatch`; it holds only
    /// indices and targets, so one batch serves networks of any scalar type.
    public typealias SequenceBatch = NPINeural.SequenceBatch
}
