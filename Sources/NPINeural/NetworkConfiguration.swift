// The sizes of an NPI core network (section 3.1 and 4, Reed & de Freitas 2016), with the
// defaults of the addition task as the keras_npi seed built it.

/// Every size that shapes an `NPINetwork`; a model file stores it next to the weights.
public struct NetworkConfiguration: Codable, Equatable, Sendable {
    /// The width of the environment observation part of f_enc's input (addition: 4 cells × 11 symbols = 44).
    public var observationFeatureCount: Int
    /// The most observation features that are 1 at once (addition: one per scratch-pad row = 4).
    public var maxActiveFeatures: Int
    /// The number of program arguments (the paper always uses 3).
    public var argumentCount: Int
    /// The one-hot depth of each argument (10: a digit, a pointer id, a direction).
    public var argumentDepth: Int
    /// E, the width of the state encoding s = f_enc(e, a).
    public var encoderSize: Int
    /// The number of maxout pieces in f_enc.
    public var maxoutPieces: Int
    /// P, the number of programs (rows of the program memory).
    public var programCount: Int
    /// The width of a program embedding.
    public var programEmbeddingSize: Int
    /// H, the LSTM core's hidden width (the paper: 256).
    public var coreSize: Int
    /// The number of stacked LSTM layers (the paper: 2).
    public var coreLayers: Int
    /// K, the width of the program key f_prog emits and the program keys it is matched against.
    public var keySize: Int

    /// A configuration; every argument defaults to the addition task's size.
    public init(
        observationFeatureCount: Int = 44, maxActiveFeatures: Int = 4, argumentCount: Int = 3,
        argumentDepth: Int = 10, encoderSize: Int = 128, maxoutPieces: Int = 4, programCount: Int = 8,
        programEmbeddingSize: Int = 5, coreSize: Int = 256, coreLayers: Int = 2, keySize: Int = 5
    ) {
        self.observationFeatureCount = observationFeatureCount
        self.maxActiveFeatures = maxActiveFeatures
        self.argumentCount = argumentCount
        self.argumentDepth = argumentDepth
        self.encoderSize = encoderSize
        self.maxoutPieces = maxoutPieces
        self.programCount = programCount
        self.programEmbeddingSize = programEmbeddingSize
        self.coreSize = coreSize
        self.coreLayers = coreLayers
        self.keySize = keySize
    }

    /// The width of f_enc's 0/1 input: observation features, then each argument one-hot (44 + 3·10 = 74).
    public var encoderInputSize: Int { observationFeatureCount + argumentCount * argumentDepth }

    /// Slots per row of the active-index encoding of that input: observation ones plus one per argument.
    public var maxActiveInputs: Int { maxActiveFeatures + argumentCount }

    /// The input width of core layer `layer`: concat(s, p) for the first, H for the others.
    public func coreInputSize(layer: Int) -> Int {
        layer == 0 ? encoderSize + programEmbeddingSize : coreSize
    }

    /// The names of sizes out of range (empty when the configuration is usable): all must be
    /// positive except `argumentCount`, which may be 0 for a task whose programs take no arguments.
    public var invalidFields: [String] {
        let fields: [(String, Int)] = [
            ("observationFeatureCount", observationFeatureCount), ("maxActiveFeatures", maxActiveFeatures),
            ("argumentCount", argumentCount + 1), ("argumentDepth", argumentDepth), ("encoderSize", encoderSize),
            ("maxoutPieces", maxoutPieces), ("programCount", programCount),
            ("programEmbeddingSize", programEmbeddingSize), ("coreSize", coreSize), ("coreLayers", coreLayers),
            ("keySize", keySize),
        ]
        return fields.filter { $0.1 <= 0 }.map(\.0)
    }
}
