// The NPI core network (section 3.1, Reed & de Freitas 2016): the state encoder f_enc, the
// program memory, the LSTM core and the three heads f_end, f_prog, f_arg, with their parameters
// and the forward pieces that training (NPINetwork+Training) and inference (NPINetwork+Inference) share.
//
// Shape legend: N rows (B for a step, T·B for a sequence batch), Q = maxActiveFeatures + A active
// input slots, X encoder input width (observation + A·D), E encoder width, M maxout pieces,
// P programs in the memory, Pₑ the programs of the environment a batch runs in, Pe
// program-embedding width, H core width, L core layers, K key width, A arguments, D argument depth.
//
// Every row of a step or batch runs in one environment e (section 4.4 of the paper: one core,
// an encoder per environment); program ids in and out are e's own, mapped to memory rows by
// `NetworkEnvironment.programIDs`.
//
//   s = maxout_e(W_enc,e x + b_e)                (E)      x is 0/1, given as active indices
//   p = program_embedding[row(program)]          (Pe)
//   h_0 = LSTM_0(concat(s, p))  r_0 = relu(h_0)   (H)      each layer's recurrent h is the raw LSTM output
//   h_l = LSTM_l(r_(l−1))        r_l = relu(h_l)
//   end  = σ(f_end r)                            (1)      probability of returning to the caller
//   prog = softmax over e's rows of (program_keys relu(f_prog r))  (Pₑ)
//   arg_i = softmax(f_arg.i r)                   (D)      for i in 0..<A

/// The weights of each term of NPI's per-step loss (eqs. 6-8); as in the keras_npi seed.
public enum LossWeight {
    /// Binary cross-entropy of the return flag.
    public static let returnFlag = 0.25
    /// Cross-entropy of the next program.
    public static let program = 0.25
    /// Cross-entropy of each unmasked argument.
    public static let argument = 1.0
}

/// The NPI core network, generic over its scalar so gradient checks run in Double on the very
/// code that trains in Float.
///
/// An instance owns reusable work buffers, so it must not run two calls at once.
public final class NPINetwork<S: NeuralScalar> {
    /// The sizes this network was built with.
    public let configuration: NetworkConfiguration

    /// Every parameter, in the one canonical order that Adam, zero-grad, the gradient check and
    /// the model file walk: each environment's f_enc, program_embedding, core.0 … core.(L−1),
    /// f_end, f_prog, program_keys, f_arg.0 … f_arg.(A−1).
    public let parameters: [Parameter<S>]

    let encoders: [Maxout<S>]  // per environment: f_enc[.NAME].weight (M·E, X) piece-major, .bias (M·E)
    let programEmbedding: Embedding<S>  // program_embedding.weight (P, Pe)
    let core: [LSTM<S>]  // core.l.weight_ih (4H, in_l), .weight_hh (4H, H), .bias_ih (4H), .bias_hh (4H)
    let endHead: Dense<S>  // f_end.weight (1, H), f_end.bias (1)
    let keyHead: Dense<S>  // f_prog.weight (K, H), f_prog.bias (K)
    let programKeys: Dense<S>  // program_keys.weight (P, K), program_keys.bias (P)
    let argumentHeads: [Dense<S>]  // f_arg.i.weight (D, H), f_arg.i.bias (D)

    let trainingWorkspace = TrainingWorkspace<S>()
    let inferenceWorkspace = InferenceWorkspace<S>()
    /// Per environment: whether it owns every memory row in order, so its ids need no mapping
    /// (every single-environment network); worked out once, not at every step.
    let ownsWholeMemory: [Bool]

    /// A freshly initialised network; the same configuration and seed give the same weights.
    ///
    /// Initialisation (the Keras 1 defaults the seed used): Glorot-uniform for f_enc (per maxout
    /// piece), W_ih (per gate block) and the heads; orthogonal W_hh per gate block; program
    /// embeddings U(−0.05, 0.05); zero biases except the LSTM forget gate's, which is 1 (in
    /// bias_ih; bias_hh stays 0) so the cell remembers by default early in training.
    @_specialize(exported: true, where S == Float)
    public init(configuration: NetworkConfiguration, generator: inout SeededGenerator) {
        precondition(configuration.invalidFields.isEmpty, "invalid configuration: \(configuration.invalidFields)")
        let c = configuration
        self.configuration = c
        encoders = c.environments.indices.map {
            Maxout(
                name: c.environments[$0].encoderName, inputSize: c.encoderInputSize(environment: $0),
                outputSize: c.encoderSize, pieces: c.maxoutPieces)
        }
        programEmbedding = Embedding(name: "program_embedding", count: c.programCount, width: c.programEmbeddingSize)
        core = (0..<c.coreLayers).map {
            LSTM(name: "core.\($0)", inputSize: c.coreInputSize(layer: $0), hiddenSize: c.coreSize)
        }
        endHead = Dense(name: "f_end", inputSize: c.coreSize, outputSize: 1)
        keyHead = Dense(name: "f_prog", inputSize: c.coreSize, outputSize: c.keySize)
        programKeys = Dense(name: "program_keys", inputSize: c.keySize, outputSize: c.programCount)
        argumentHeads = (0..<c.argumentCount).map {
            Dense(name: "f_arg.\($0)", inputSize: c.coreSize, outputSize: c.argumentDepth)
        }
        // The one enumeration of the parameters.
        var all = encoders.flatMap(\.parameters) + programEmbedding.parameters
        for layer in core { all += layer.parameters }
        all += endHead.parameters + keyHead.parameters + programKeys.parameters
        for head in argumentHeads { all += head.parameters }
        parameters = all
        ownsWholeMemory = c.environments.map { $0.isIdentity(programCount: c.programCount) }
        initializeParameters(generator: &generator)
    }

    /// Checks every parameter's arrays still fit its shape (cheap; a loader could have replaced them).
    func checkParameterSizes() {
        for parameter in parameters { parameter.checkSize() }
    }

    /// The parameter called `name`, if any.
    public func parameter(named name: String) -> Parameter<S>? {
        parameters.first { $0.name == name }
    }

    /// The total number of trainable scalars.
    public var parameterCount: Int { scalarCount(parameters) }

    private func initializeParameters(generator: inout SeededGenerator) {
        let E = configuration.encoderSize, H = configuration.coreSize
        for encoder in encoders {
            for piece in 0..<configuration.maxoutPieces {
                encoder.weight.fillGlorotUniform(rows: piece * E..<(piece + 1) * E, generator: &generator)
            }
        }
        programEmbedding.weight.fillUniform(limit: 0.05, generator: &generator)
        for layer in core {
            for gate in 0..<4 {
                layer.weightIH.fillGlorotUniform(rows: gate * H..<(gate + 1) * H, generator: &generator)
            }
            for gate in 0..<4 {
                layer.weightHH.fillOrthogonal(rows: gate * H..<(gate + 1) * H, generator: &generator)
            }
            for j in H..<2 * H { layer.biasIH.value[j] = 1 }  // forget gate block
        }
        for head in [endHead, keyHead, programKeys] + argumentHeads {
            head.weight.fillGlorotUniform(generator: &generator)
        }
    }

    // MARK: - Forward pieces shared by training and inference

    /// Writes `input (N, E+Pe)` = concat(f_enc_e(features), program_embedding[rows[n % rowCount]])
    /// for N rows of `features (N, Q)` in environment `environment`, recording maxout winners
    /// `(N, E)`; `rows` are memory rows (see `memoryRows(of:environment:)`).
    func encodeInputs(
        features: UnsafePointer<Int32>, environment: Int, programRows rows: UnsafePointer<Int32>, rowCount: Int,
        input: UnsafeMutablePointer<S>, winners: UnsafeMutablePointer<Int32>, count: Int,
        encoderWorkspace: MaxoutWorkspace<S>
    ) {
        let width = configuration.encoderSize + configuration.programEmbeddingSize
        encoders[environment].forward(
            activeInputs: features, activeCapacity: configuration.maxActiveInputs(environment: environment),
            output: input, outputStride: width, winners: winners, rows: count, workspace: encoderWorkspace)
        programEmbedding.forward(
            indices: rows, indexCount: rowCount, output: input + configuration.encoderSize,
            outputStride: width, rows: count)
    }

    /// The memory rows of environment `environment`'s program ids `programs`; stops on an id
    /// out of range (a bug in the caller, which builds them from its task's table).
    func memoryRows(of programs: [Int32], environment: Int) -> [Int32] {
        // The embedding checks the range of the ids it is given.
        guard !ownsWholeMemory[environment] else { return programs }
        let ids = configuration.environments[environment].programIDs
        return programs.map {
            precondition(ids.indices.contains(Int($0)), "program \($0) is not one of environment \(environment)'s \(ids.count)")
            return Int32(ids[Int($0)])
        }
    }

    /// Copies environment `environment`'s columns of the memory's `logits (N, P)` into
    /// `environmentLogits (N, Pₑ)`, in the environment's id order; returns the logits to use:
    /// `logits` itself when the environment owns every row in order.
    func environmentLogits(
        _ logits: UnsafeMutablePointer<S>, into environmentLogits: UnsafeMutablePointer<S>, rows: Int,
        environment: Int
    ) -> UnsafeMutablePointer<S> {
        let c = configuration, ids = c.environments[environment].programIDs, P = c.programCount
        guard !ownsWholeMemory[environment] else { return logits }
        for row in 0..<rows {
            for (column, id) in ids.enumerated() { environmentLogits[row * ids.count + column] = logits[row * P + id] }
        }
        return environmentLogits
    }

    /// Runs the three heads on the top layer's `top (N, H)` = r, writing logits into `heads`;
    /// with `eachRowAlone`, each row's logits are computed from that row alone (batched inference).
    func headsForward(top: UnsafePointer<S>, heads: HeadActivations<S>, rows: Int, eachRowAlone: Bool = false) {
        func forward(_ layer: Dense<S>, _ input: UnsafePointer<S>, _ output: UnsafeMutablePointer<S>) {
            if eachRowAlone {
                layer.forwardEachRowAlone(input: input, output: output, rows: rows)
            } else {
                layer.forward(input: input, output: output, rows: rows)
            }
        }
        forward(endHead, top, heads.endLogit.pointer)
        forward(keyHead, top, heads.keyPreactivation.pointer)
        ReLU.forward(
            input: heads.keyPreactivation.pointer, output: heads.key.pointer, count: rows * configuration.keySize)
        forward(programKeys, heads.key.pointer, heads.programLogits.pointer)
        let D = configuration.argumentDepth
        for (index, head) in argumentHeads.enumerated() {
            forward(head, top, heads.argumentLogits.pointer + index * rows * D)
        }
    }
}

/// The head outputs for N rows, reused between calls.
final class HeadActivations<S: NeuralScalar> {
    let endLogit = ScratchBuffer<S>()  // (N)
    let endProbability = ScratchBuffer<S>()  // (N)
    let keyPreactivation = ScratchBuffer<S>()  // f_prog before ReLU: (N, K)
    let key = ScratchBuffer<S>()  // the program key k: (N, K)
    let programLogits = ScratchBuffer<S>()  // (N, P)
    let environmentProgramLogits = ScratchBuffer<S>()  // the environment's columns of programLogits: (N, Pₑ)
    let programProbabilities = ScratchBuffer<S>()  // over the environment's programs: (N, Pₑ)
    let argumentLogits = ScratchBuffer<S>()  // argument-major: (A, N, D)
    let argumentProbabilities = ScratchBuffer<S>()  // (A, N, D)

    func prepare(rows: Int, configuration c: NetworkConfiguration) {
        endLogit.reserve(rows)
        endProbability.reserve(rows)
        keyPreactivation.reserve(rows * c.keySize)
        key.reserve(rows * c.keySize)
        programLogits.reserve(rows * c.programCount)
        environmentProgramLogits.reserve(rows * c.programCount)
        programProbabilities.reserve(rows * c.programCount)
        argumentLogits.reserve(rows * c.argumentCount * c.argumentDepth)
        argumentProbabilities.reserve(rows * c.argumentCount * c.argumentDepth)
    }
}
