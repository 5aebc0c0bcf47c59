// The `__metadata__` of an npi model file: npi's own JSON documents, decoded with Codable and
// then range-checked in one place, so that no number read from a file can overflow later
// arithmetic, reverse a gradient or blow up a learning rate.
//
// Written with JSONEncoder (sorted keys) and read with JSONDecoder: the house JSON approach, and
// these documents need nothing more. The safetensors header around them is written by
// SafeTensorsJSON instead, because its bytes are the file format's framing (see there).
import Foundation
import NPINeural

/// What a model file says about itself besides its tensors, decoded and checked.
///
/// A model of one task is written in format version 1 (`task`, and `programs` as its table); a
/// model of several, in version 2: `tasks` is a JSON list of their names, `environments` an
/// object giving each environment's tasks by environment name, and `programs` an object holding
/// each environment's table by name (the configuration says which memory rows they are).
struct ModelMetadata {
    var taskNames: [String]
    /// Each environment's program table, by environment name ("" for a single-task model's).
    var programs: [String: ProgramTable]
    /// Each environment's tasks, by environment name (empty for a single-task model): written
    /// so that other programs can read the file without npi's task registry; npi checks it.
    var environmentTasks: [String: [String]]
    var configuration: NetworkConfiguration
    var training: TrainingSummary
    /// Present when the file holds Adam's moments.
    var optimizer: OptimizerSettings?
    /// Present in a checkpoint `npi train` wrote: the run's recipe and where it is.
    var run: TrainingRun?
    /// What training measured, point by point (`training_history`; absent when empty).
    var history: [TrainingHistoryPoint]

    /// Adam's hyperparameters and step count, stored beside its moments. β1, β2 and ε are not
    /// stored: npi always trains with Adam's defaults.
    struct OptimizerSettings: Codable, Equatable {
        var step: Int
        var learningRate: Float
        var clipNorm: Float?
    }

    static let format = "npi-model"
    /// The version of a single-task file, and the version of a file of several tasks.
    static let formatVersion = "1"
    static let multitaskFormatVersion = "2"
    /// The most tasks a file may name (npi has far fewer).
    static let taskLimit = 64

    // MARK: - Bounds

    /// Layer widths and counts: the loader also checks that the file holds the weights they imply.
    static let sizeRange = 1...100_000
    /// Far beyond any real run (the shipped models took 6 to 14 epochs), and small enough that
    /// adding a run's epochs cannot overflow.
    static let epochRange = 0...InputLimits.epochCount
    /// Trace steps and Adam updates: 10^15 is years of training, and 2^63 is 9,000 times more.
    static let stepRange = 0...1_000_000_000_000_000
    /// Adam's step size; npi starts at 0.001 or 0.003 and only halves it.
    static let largestLearningRate: Float = 1
    /// Clipping to a norm of 1e-30 stops training, and a negative one reverses the gradient.
    static let clipNormRange: ClosedRange<Float> = 0.001...1000

    // MARK: - Writing

    /// The metadata of `model`, to be saved with its tensors.
    init(of model: NPIModel) {
        taskNames = model.tasks.map(\.name)
        programs = model.tasks.count == 1
            ? ["": model.tasks[0].programs]
            : Dictionary(uniqueKeysWithValues: model.environments.map { ($0.name, $0.programs) })
        environmentTasks = model.tasks.count == 1
            ? [:] : Dictionary(uniqueKeysWithValues: model.environments.map { ($0.name, $0.taskNames) })
        configuration = model.network.configuration
        training = model.summary
        optimizer = model.optimizer.map {
            OptimizerSettings(step: $0.step, learningRate: $0.learningRate, clipNorm: $0.clipNorm)
        }
        run = model.run
        history = model.history
    }

    /// The `__metadata__` strings: the format, the task, and one JSON document per part.
    func encoded() throws -> [String: String] {
        var metadata = [
            "format": Self.format,
            "configuration": try Self.encode(configuration),
            "training": try Self.encode(training),
        ]
        if taskNames.count == 1 {
            metadata["format_version"] = Self.formatVersion
            metadata["task"] = taskNames[0]
            metadata["programs"] = try Self.encode(programs[""]!)
        } else {
            metadata["format_version"] = Self.multitaskFormatVersion
            metadata["tasks"] = try Self.encode(taskNames)
            metadata["environments"] = try Self.encode(environmentTasks)
            metadata["programs"] = try Self.encode(programs)
        }
        if let optimizer { metadata["optimizer"] = try Self.encode(optimizer) }
        if let run { metadata["training_run"] = try Self.encode(run) }
        if !history.isEmpty { metadata["training_history"] = try Self.encode(history) }
        return metadata
    }

    private static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]  // the same model always gives the same bytes
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    // MARK: - Reading

    /// Decodes and range-checks the metadata of the file at `path`.
    ///
    /// Throws an `NPIError` naming the file and the field, e.g.
    /// `m.safetensors: optimizer.clipNorm is -5; it must be a number from 0.001 to 1000`.
    init(decoding metadata: [String: String], path: String) throws {
        func field(_ key: String) throws -> String {
            guard let value = metadata[key] else {
                throw NPIError("\(path): not an npi model (metadata has no '\(key)')")
            }
            return value
        }
        let format = try field("format")
        guard format == Self.format else {
            throw NPIError("\(path): not an npi model (format \(NPIError.quote(format)))")
        }
        let version = try field("format_version")
        switch version {
        case Self.formatVersion:
            taskNames = [try field("task")]
            programs = ["": try Self.decode(ProgramTable.self, try field("programs"), key: "programs", path: path)]
            environmentTasks = [:]
        case Self.multitaskFormatVersion:
            taskNames = try Self.decode([String].self, try field("tasks"), key: "tasks", path: path)
            guard (2...Self.taskLimit).contains(taskNames.count) else {
                throw NPIError("\(path): 'tasks' names \(taskNames.count) tasks; a version 2 file names 2 to \(Self.taskLimit)")
            }
            programs = try Self.decode([String: ProgramTable].self, try field("programs"), key: "programs", path: path)
            environmentTasks = try Self.decode([String: [String]].self, try field("environments"), key: "environments", path: path)
        default:
            throw NPIError(
                "\(path): model format version \(NPIError.quote(version)) is not supported (this npi reads versions \(Self.formatVersion) and \(Self.multitaskFormatVersion))")
        }
        configuration = try Self.decode(
            NetworkConfiguration.self, try field("configuration"), key: "configuration", path: path)
        training = try Self.decode(TrainingSummary.self, try field("training"), key: "training", path: path)
        optimizer = try metadata["optimizer"].map {
            try Self.decode(OptimizerSettings.self, $0, key: "optimizer", path: path)
        }
        run = try metadata["training_run"].map {
            try Self.decode(TrainingRun.self, $0, key: "training_run", path: path)
        }
        history = try metadata["training_history"].map {
            try Self.decode([TrainingHistoryPoint].self, $0, key: "training_history", path: path)
        } ?? []
        try checkRanges(path: path)
        if let run { try Self.checkRanges(of: run, path: path) }
        for (index, point) in history.enumerated() { try Self.checkRanges(of: point, index: index, path: path) }
    }

    /// Every number the file gave, against its bounds.
    private func checkRanges(path: String) throws {
        let c = configuration
        var integers: [(field: String, value: Int, range: ClosedRange<Int>)] = [
            ("configuration.environments", c.environments.count, 1...Self.taskLimit),
            // 0 arguments: a task whose programs take none.
            ("configuration.argumentCount", c.argumentCount, 0...Self.sizeRange.upperBound),
            ("configuration.argumentDepth", c.argumentDepth, Self.sizeRange),
            ("configuration.encoderSize", c.encoderSize, Self.sizeRange),
            ("configuration.maxoutPieces", c.maxoutPieces, Self.sizeRange),
            ("configuration.programCount", c.programCount, Self.sizeRange),
            ("configuration.programEmbeddingSize", c.programEmbeddingSize, Self.sizeRange),
            ("configuration.coreSize", c.coreSize, Self.sizeRange),
            ("configuration.coreLayers", c.coreLayers, Self.sizeRange),
            ("configuration.keySize", c.keySize, Self.sizeRange),
            ("training.epochs", training.epochs, Self.epochRange),
            ("training.traceSteps", training.traceSteps, Self.stepRange),
        ]
        if let optimizer { integers.append(("optimizer.step", optimizer.step, Self.stepRange)) }
        for (index, environment) in c.environments.prefix(Self.taskLimit).enumerated() {
            // The single-task form writes these two at the top level.
            let prefix = c.environments.count == 1 ? "configuration." : "configuration.environments[\(index)]."
            integers.append((prefix + "observationFeatureCount", environment.observationFeatureCount, Self.sizeRange))
            integers.append((prefix + "maxActiveFeatures", environment.maxActiveFeatures, Self.sizeRange))
        }
        for (field, value, range) in integers where !range.contains(value) {
            throw NPIError(
                "\(path): \(field) is \(value); it must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        guard let optimizer else { return }
        let learningRate = optimizer.learningRate
        guard learningRate > 0, learningRate <= Self.largestLearningRate else {
            throw NPIError(
                "\(path): optimizer.learningRate is \(Self.text(learningRate)); it must be a positive number at most \(Self.text(Self.largestLearningRate))")
        }
        if let clipNorm = optimizer.clipNorm, !Self.clipNormRange.contains(clipNorm) {
            throw NPIError(
                "\(path): optimizer.clipNorm is \(Self.text(clipNorm)); it must be a number from \(Self.text(Self.clipNormRange.lowerBound)) to \(Self.text(Self.clipNormRange.upperBound))")
        }
    }

    /// A checkpoint's run, against the same kind of bounds: whatever a resumed run reads from it
    /// must neither overflow nor train differently from the options `npi train` accepts.
    private static func checkRanges(of run: TrainingRun, path: String) throws {
        let recipe = run.recipe, options = recipe.options, progress = run.progress
        var integers: [(field: String, value: Int, range: ClosedRange<Int>)] = [
            ("training_run.recipe.count", recipe.count, 1...countLimit),
            ("training_run.recipe.maxSize", recipe.maxSize, 1...countLimit),
            ("training_run.recipe.heldOut", recipe.heldOut, 1...countLimit),
            ("training_run.recipe.lengthCheckSize", recipe.lengthCheckSize, 0...countLimit),
            ("training_run.recipe.lengthCheckCount", recipe.lengthCheckCount, 0...countLimit),
            ("training_run.recipe.extraEpochs", recipe.extraEpochs, epochRange),
            ("training_run.recipe.options.epochs", options.epochs, 1...epochRange.upperBound),
            ("training_run.recipe.options.batchSize", options.batchSize, 1...countLimit),
            ("training_run.recipe.options.patience", options.patience, 1...epochRange.upperBound),
            ("training_run.recipe.options.checksPerEpoch", options.checksPerEpoch, 0...1000),
            ("training_run.progress.epochsDone", progress.epochsDone, epochRange),
            ("training_run.progress.batchesDone", progress.batchesDone, 0...countLimit),
            ("training_run.progress.epochSteps", progress.epochSteps, stepRange),
            ("training_run.progress.bestHeldOut", progress.bestHeldOut, -1...countLimit),
            ("training_run.progress.epochsSinceBest", progress.epochsSinceBest, epochRange),
            ("training_run.progress.solvedAtEpoch", progress.solvedAtEpoch ?? 0, epochRange),
        ]
        for (index, part) in (recipe.tasks ?? []).prefix(taskLimit + 1).enumerated() {
            let field = "training_run.recipe.tasks[\(index)]."
            integers += [
                (field + "count", part.count, 1...countLimit), (field + "maxSize", part.maxSize, 1...countLimit),
                (field + "heldOut", part.heldOut, 1...countLimit),
                (field + "lengthCheckSize", part.lengthCheckSize, 0...countLimit),
                (field + "lengthCheckCount", part.lengthCheckCount, 0...countLimit),
            ]
        }
        integers.append(("training_run.recipe.tasks", recipe.tasks?.count ?? 1, 1...taskLimit))
        integers.append(("training_run.recipe.firstTrainableProgram", recipe.firstTrainableProgram ?? 0, 0...sizeRange.upperBound))
        for (field, value, range) in integers where !range.contains(value) {
            throw NPIError(
                "\(path): \(field) is \(value); it must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        let rates: [(field: String, value: Double, range: ClosedRange<Double>)] = [
            ("training_run.recipe.options.learningRate", options.learningRate, Double.leastNormalMagnitude...Double(largestLearningRate)),
            ("training_run.recipe.options.minimumLearningRate", options.minimumLearningRate, 0...Double(largestLearningRate)),
            ("training_run.recipe.options.clipNorm", options.clipNorm, Double(clipNormRange.lowerBound)...Double(clipNormRange.upperBound)),
            ("training_run.progress.epochLoss", progress.epochLoss, 0...Double.greatestFiniteMagnitude),
            ("training_run.progress.heldOutFirstSolvedAt", progress.heldOutFirstSolvedAt ?? 0, 0...Double(epochRange.upperBound)),
        ]
        for (field, value, range) in rates where !(value.isFinite && range.contains(value)) {
            throw NPIError("\(path): \(field) is \(value); it must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        guard SeededGenerator(stateWords: progress.epochGenerator) != nil else {
            throw NPIError("\(path): training_run.progress.epochGenerator is not a generator state (4 numbers, not all 0)")
        }
    }

    /// A history point: scores within their counts, every number finite and not negative.
    private static func checkRanges(of point: TrainingHistoryPoint, index: Int, path: String) throws {
        let field = "training_history[\(index)]"
        let integers: [(name: String, value: Int, range: ClosedRange<Int>)] = [
            ("heldOutTried", point.heldOutTried, 0...countLimit),
            ("heldOutCorrect", point.heldOutCorrect, 0...max(0, point.heldOutTried)),
            ("lengthCheckCount", point.lengthCheckCount ?? 0, 0...countLimit),
            ("lengthCheckCorrect", point.lengthCheckCorrect ?? 0, 0...max(0, point.lengthCheckCount ?? 0)),
        ]
        for (name, value, range) in integers where !range.contains(value) {
            throw NPIError(
                "\(path): \(field).\(name) is \(value); it must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        let numbers: [(name: String, value: Double, range: ClosedRange<Double>)] = [
            ("epochs", point.epochs, 0...Double(epochRange.upperBound)),
            ("seconds", point.seconds, 0...Double.greatestFiniteMagnitude),
            ("loss", point.loss, 0...Double.greatestFiniteMagnitude),
            ("stepsPerSecond", point.stepsPerSecond, 0...Double.greatestFiniteMagnitude),
        ]
        for (name, value, range) in numbers where !(value.isFinite && range.contains(value)) {
            throw NPIError("\(path): \(field).\(name) is \(value); it must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
    }

    /// Problems, sizes and batches: far beyond what a run needs, far below what would overflow.
    static let countLimit = 1_000_000_000

    /// `-5`, `0.001`, `9.2e+18`: whole numbers without a fraction, as a person would write them.
    private static func text(_ value: Float) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ text: String, key: String, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw NPIError("\(path): \(problem(error, key: key, text: text))")
        }
    }

    /// What a decoding error says, naming the field as `key.path.to.field`:
    /// "optimizer.learningRate is missing", "training.epochs is not an integer".
    private static func problem(_ error: DecodingError, key: String, text: String) -> String {
        func field(_ codingPath: [any CodingKey]) -> String {
            // The keys are our types' own, but array indices and unknown keys could echo the file.
            EchoedText.escape(([key] + codingPath.map(\.stringValue)).joined(separator: "."))
        }
        switch error {
        case .keyNotFound(let missing, let context):
            return "\(field(context.codingPath + [missing])) is missing"
        case .valueNotFound(let type, let context), .typeMismatch(let type, let context):
            return "\(field(context.codingPath)) is not \(kind(of: type))"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            // JSONDecoder says "not valid JSON" also for 1.5 or 1e30 where an Int belongs, or
            // 1e39 for a Float, without naming the field.
            let isJSON = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) is [String: Any]
            return isJSON
                ? "metadata '\(key)' has a number that does not fit its field (a fraction where an integer belongs, or too large)"
                : "metadata '\(key)' is not a JSON object"
        case .dataCorrupted(let context):
            return "\(field(context.codingPath)) is not a valid value"
        @unknown default:
            return "metadata '\(key)' is not valid"
        }
    }

    private static func kind(of type: Any.Type) -> String {
        switch type {
        case is Int.Type, is UInt64.Type: return "an integer"
        case is Float.Type, is Double.Type: return "a number"
        case is String.Type: return "a string"
        default: return "of the expected type"
        }
    }
}
