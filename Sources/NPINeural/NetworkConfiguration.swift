// The sizes of an NPI core network (section 3.1 and 4, Reed & de Freitas 2016), with the
// defaults of the addition task as the keras_npi seed built it.

/// Every size that shapes an `NPINetwork`; a model file stores it next to the weights.
///
/// It is encoded as JSON with the environments' sizes as two top-level fields when there is one
/// unnamed environment owning every program (the form of single-task model files), and as an
/// `environments` list otherwise.
public struct NetworkConfiguration: Equatable, Sendable {
    /// The environments, each with its own encoder; a single-task network has one, unnamed.
    public var environments: [NetworkEnvironment]
    /// The number of program arguments (the paper always uses 3).
    public var argumentCount: Int
    /// The one-hot depth of each argument (10: a digit, a pointer id, a direction).
    public var argumentDepth: Int
    /// E, the width of the state encoding s = f_enc(e, a).
    public var encoderSize: Int
    /// The number of maxout pieces in f_enc.
    public var maxoutPieces: Int
    /// P, the number of programs (rows of the program memory), over all environments.
    public var programCount: Int
    /// The width of a program embedding.
    public var programEmbeddingSize: Int
    /// H, the LSTM core's hidden width (the paper: 256).
    public var coreSize: Int
    /// The number of stacked LSTM layers (the paper: 2).
    public var coreLayers: Int
    /// K, the width of the program key f_prog emits and the program keys it is matched against.
    public var keySize: Int

    /// A configuration with one unnamed environment owning every program; every argument
    /// defaults to the addition task's size.
    public init(
        observationFeatureCount: Int = 44, maxActiveFeatures: Int = 4, argumentCount: Int = 3,
        argumentDepth: Int = 10, encoderSize: Int = 128, maxoutPieces: Int = 4, programCount: Int = 8,
        programEmbeddingSize: Int = 5, coreSize: Int = 256, coreLayers: Int = 2, keySize: Int = 5
    ) {
        self.environments = [
            NetworkEnvironment(
                name: "", observationFeatureCount: observationFeatureCount, maxActiveFeatures: maxActiveFeatures,
                programIDs: Array(0..<max(0, programCount)))
        ]
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

    /// The first environment's observation width (the only environment of a single-task network).
    public var observationFeatureCount: Int {
        get { environments[0].observationFeatureCount }
        set { environments[0].observationFeatureCount = newValue }
    }

    /// The first environment's most active observation features.
    public var maxActiveFeatures: Int {
        get { environments[0].maxActiveFeatures }
        set { environments[0].maxActiveFeatures = newValue }
    }

    /// The width of the first environment's 0/1 f_enc input (see `encoderInputSize(environment:)`).
    public var encoderInputSize: Int { encoderInputSize(environment: 0) }

    /// The first environment's active-index slots per row (see `maxActiveInputs(environment:)`).
    public var maxActiveInputs: Int { maxActiveInputs(environment: 0) }

    /// The width of environment `index`'s 0/1 f_enc input: observation features, then each
    /// argument one-hot (addition: 44 + 3·10 = 74).
    public func encoderInputSize(environment index: Int) -> Int {
        environments[index].observationFeatureCount + argumentCount * argumentDepth
    }

    /// Slots per row of the active-index encoding of environment `index`'s input: observation
    /// ones plus one per argument.
    public func maxActiveInputs(environment index: Int) -> Int {
        environments[index].maxActiveFeatures + argumentCount
    }

    /// The input width of core layer `layer`: concat(s, p) for the first, H for the others.
    public func coreInputSize(layer: Int) -> Int {
        layer == 0 ? encoderSize + programEmbeddingSize : coreSize
    }

    /// The names of sizes out of range (empty when the configuration is usable): all must be
    /// positive except `argumentCount`, which may be 0 for a task whose programs take no arguments;
    /// each environment needs a name fit for a tensor name (unless it is the only one) and
    /// distinct program rows within the memory.
    public var invalidFields: [String] {
        let fields: [(String, Int)] = [
            ("argumentCount", argumentCount + 1), ("argumentDepth", argumentDepth), ("encoderSize", encoderSize),
            ("maxoutPieces", maxoutPieces), ("programCount", programCount),
            ("programEmbeddingSize", programEmbeddingSize), ("coreSize", coreSize), ("coreLayers", coreLayers),
            ("keySize", keySize),
        ]
        var invalid = fields.filter { $0.1 <= 0 }.map(\.0)
        if environments.isEmpty { invalid.append("environments") }
        for (index, environment) in environments.enumerated() {
            let field = environments.count == 1 ? "" : "environments[\(index)]."
            if environment.observationFeatureCount <= 0 { invalid.append(field + "observationFeatureCount") }
            if environment.maxActiveFeatures <= 0 { invalid.append(field + "maxActiveFeatures") }
            let named = environments.count == 1 && environment.name.isEmpty || NetworkEnvironment.isValidName(environment.name)
            if !named { invalid.append(field + "name") }
            let ids = environment.programIDs
            if ids.isEmpty || Set(ids).count != ids.count || !ids.allSatisfy({ (0..<programCount).contains($0) }) {
                invalid.append(field + "programIDs")
            }
        }
        if Set(environments.map(\.name)).count != environments.count { invalid.append("environments (names repeat)") }
        return invalid
    }
}

extension NetworkConfiguration: Codable {
    private enum CodingKeys: String, CodingKey {
        case environments, observationFeatureCount, maxActiveFeatures, argumentCount, argumentDepth, encoderSize
        case maxoutPieces, programCount, programEmbeddingSize, coreSize, coreLayers, keySize
    }

    /// Whether the configuration has the single-task form: one unnamed environment owning every
    /// program, written as two top-level sizes.
    private var hasSingleEnvironmentForm: Bool {
        environments.count == 1 && environments[0].name.isEmpty
            && environments[0].isIdentity(programCount: programCount)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        argumentCount = try container.decode(Int.self, forKey: .argumentCount)
        argumentDepth = try container.decode(Int.self, forKey: .argumentDepth)
        encoderSize = try container.decode(Int.self, forKey: .encoderSize)
        maxoutPieces = try container.decode(Int.self, forKey: .maxoutPieces)
        programCount = try container.decode(Int.self, forKey: .programCount)
        programEmbeddingSize = try container.decode(Int.self, forKey: .programEmbeddingSize)
        coreSize = try container.decode(Int.self, forKey: .coreSize)
        coreLayers = try container.decode(Int.self, forKey: .coreLayers)
        keySize = try container.decode(Int.self, forKey: .keySize)
        if container.contains(.environments) {
            environments = try container.decode([NetworkEnvironment].self, forKey: .environments)
        } else {
            // The single-task form; a hostile programCount must not make a huge id list here
            // (the caller range-checks it before building anything from it).
            environments = [
                NetworkEnvironment(
                    name: "", observationFeatureCount: try container.decode(Int.self, forKey: .observationFeatureCount),
                    maxActiveFeatures: try container.decode(Int.self, forKey: .maxActiveFeatures),
                    programIDs: Array(0..<min(max(0, programCount), 1_000_000)))
            ]
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if hasSingleEnvironmentForm {
            try container.encode(environments[0].observationFeatureCount, forKey: .observationFeatureCount)
            try container.encode(environments[0].maxActiveFeatures, forKey: .maxActiveFeatures)
        } else {
            try container.encode(environments, forKey: .environments)
        }
        try container.encode(argumentCount, forKey: .argumentCount)
        try container.encode(argumentDepth, forKey: .argumentDepth)
        try container.encode(encoderSize, forKey: .encoderSize)
        try container.encode(maxoutPieces, forKey: .maxoutPieces)
        try container.encode(programCount, forKey: .programCount)
        try container.encode(programEmbeddingSize, forKey: .programEmbeddingSize)
        try container.encode(coreSize, forKey: .coreSize)
        try container.encode(coreLayers, forKey: .coreLayers)
        try container.encode(keySize, forKey: .keySize)
    }
}
