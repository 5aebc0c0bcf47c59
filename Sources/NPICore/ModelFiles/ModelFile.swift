// Models on disk: safetensors with PyTorch-style tensor names, validated on load.
//
// The network's parameters come first, under their own names (`core.0.weight_ih`, ...), then
// Adam's moments as `optimizer.exp_avg.NAME` and `optimizer.exp_avg_sq.NAME` when saved.
// `__metadata__` holds the format, the task (or tasks), the program tables, sizes, the training
// summary and a checksum of everything (files written elsewhere may lack it, and still load).
import Foundation
import NPINeural

public enum ModelFile {
    public static let format = ModelMetadata.format
    public static let formatVersion = ModelMetadata.formatVersion
    static let firstMomentPrefix = "optimizer.exp_avg."
    static let secondMomentPrefix = "optimizer.exp_avg_sq."

    /// Writes `model` atomically (temp file + rename): an interrupted save never leaves a torn
    /// file. The file carries a checksum of its contents, which `load` verifies.
    public static func save(_ model: NPIModel, path: String) throws {
        var file = SafeTensorsFile(metadata: try ModelMetadata(of: model).encoded())
        let parameters = model.network.parameters
        for parameter in parameters {
            file.append(name: parameter.name, shape: parameter.shape, values: parameter.value)
        }
        if let optimizer = model.optimizer {
            for (index, parameter) in parameters.enumerated() {
                file.append(
                    name: firstMomentPrefix + parameter.name, shape: parameter.shape,
                    values: optimizer.firstMoments[index])
                file.append(
                    name: secondMomentPrefix + parameter.name, shape: parameter.shape,
                    values: optimizer.secondMoments[index])
            }
        }
        try file.addingChecksum().write(path: path)
    }

    /// Reads and validates a model file; `tasks` resolves each task named in it.
    ///
    /// Every error is one line that starts with `path`.
    public static func load(path: String, tasks: (String) throws -> any NPITask) throws -> NPIModel {
        try model(in: try SafeTensorsFile.read(path: path), path: path, tasks: tasks)
    }

    /// Decodes and validates a model file's bytes as `load(path:tasks:)` does; `source` names
    /// the file in errors (the fuzz campaign in Tests/Fuzz feeds it bytes without a disk).
    public static func load(bytes: Data, source: String, tasks: (String) throws -> any NPITask) throws -> NPIModel {
        try model(in: try SafeTensorsFile.decode(bytes, source: source), path: source, tasks: tasks)
    }

    /// The model a decoded file holds, after every check a hostile or damaged file needs.
    private static func model(
        in file: SafeTensorsFile, path: String, tasks resolve: (String) throws -> any NPITask
    ) throws -> NPIModel {
        let metadata = try ModelMetadata(decoding: file.metadata, path: path)
        let tasks: [any NPITask]
        let environments: [ModelEnvironment]
        do {
            tasks = try metadata.taskNames.map(resolve)
            environments = try ModelEnvironment.grouping(tasks)
        } catch {
            throw NPIError("\(path): \(error)")
        }
        try checkPrograms(metadata.programs, tasks: tasks, environments: environments, path: path)
        if tasks.count > 1 {
            let grouped = Dictionary(uniqueKeysWithValues: environments.map { ($0.name, $0.taskNames) })
            guard metadata.environmentTasks == grouped else {
                throw NPIError("\(path): 'environments' does not group the tasks as this npi does (\(environments.map { "\($0.name): \($0.taskNames.joined(separator: ", "))" }.joined(separator: "; ")))")
            }
        }
        let configuration = metadata.configuration
        try check(configuration, tasks: tasks, environments: environments, path: path)
        let storedValues = file.tensors.reduce(0) { $0 + $1.values.count }
        guard estimatedParameterCount(configuration) <= storedValues else {
            throw NPIError("\(path): the model's sizes need more weights than the file holds (\(storedValues) values)")
        }
        var generator = SeededGenerator(seed: 0)
        let network = NPINetwork<Float>(configuration: configuration, generator: &generator)
        for parameter in network.parameters {
            parameter.value = try file.tensor(named: parameter.name, shape: parameter.shape)
        }
        let optimizer = try loadOptimizer(file, settings: metadata.optimizer, network: network, path: path)
        let known = Set(network.parameters.flatMap { [$0.name, firstMomentPrefix + $0.name, secondMomentPrefix + $0.name] })
        if let unknown = file.tensors.first(where: { !known.contains($0.name) }) {
            throw NPIError("\(path): unexpected tensor \(NPIError.quote(unknown.name))")
        }
        let model: NPIModel
        do {
            model = try NPIModel(tasks: tasks, network: network, optimizer: optimizer, summary: metadata.training)
        } catch {
            throw NPIError("\(path): \(error)")
        }
        model.verifiedChecksum = file.verifiedChecksum
        model.run = metadata.run
        model.history = metadata.history
        return model
    }

    // MARK: - Parts

    private static func loadOptimizer(
        _ file: SafeTensorsFile, settings: ModelMetadata.OptimizerSettings?, network: NPINetwork<Float>,
        path: String
    ) throws -> Adam<Float>? {
        let parameters = network.parameters
        let hasMoments = parameters.map { file[firstMomentPrefix + $0.name] != nil }
        guard hasMoments.contains(true) else { return nil }
        guard let settings else {
            throw NPIError("\(path): optimizer tensors present but metadata has no 'optimizer'")
        }
        let optimizer = Adam<Float>(
            parameters: parameters, learningRate: settings.learningRate, clipNorm: settings.clipNorm)
        optimizer.step = settings.step
        for (index, parameter) in parameters.enumerated() {
            optimizer.firstMoments[index] = try file.tensor(
                named: firstMomentPrefix + parameter.name, shape: parameter.shape)
            optimizer.secondMoments[index] = try file.tensor(
                named: secondMomentPrefix + parameter.name, shape: parameter.shape)
        }
        return optimizer
    }

    /// Each environment's program table in the file must be the one this npi's tasks give it.
    private static func checkPrograms(
        _ programs: [String: ProgramTable], tasks: [any NPITask], environments: [ModelEnvironment], path: String
    ) throws {
        if tasks.count == 1 {
            guard programs[""] == tasks[0].programs else {
                throw NPIError("\(path): the model's program table differs from task '\(tasks[0].name)' of this npi; retrain with `npi train --task \(tasks[0].name)`")
            }
            return
        }
        for environment in environments where programs[environment.name] != environment.programs {
            throw NPIError(
                "\(path): the model's program table of the \(environment.name) environment differs from this npi's (tasks \(environment.taskNames.joined(separator: ", "))); retrain the model")
        }
        if let extra = programs.keys.sorted().first(where: { name in !environments.contains { $0.name == name } }) {
            throw NPIError("\(path): 'programs' has a table for \(NPIError.quote(extra)), which none of the model's tasks runs in")
        }
    }

    /// The file's sizes against its tasks: the inputs and programs of each environment, and
    /// everything the network's initializer requires.
    private static func check(
        _ configuration: NetworkConfiguration, tasks: [any NPITask], environments: [ModelEnvironment], path: String
    ) throws {
        let expected = NPIModel.defaultConfiguration(for: tasks, environments: environments)
        let fits = zip(configuration.environments, expected.environments).allSatisfy { stored, wanted in
            stored.name == wanted.name && stored.observationFeatureCount == wanted.observationFeatureCount
                && stored.maxActiveFeatures == wanted.maxActiveFeatures
                && stored.programIDs.count == wanted.programIDs.count
        }
        guard configuration.environments.count == expected.environments.count, fits,
            configuration.argumentCount == expected.argumentCount,
            configuration.argumentDepth == expected.argumentDepth
        else {
            let names = tasks.map(\.name).joined(separator: ", ")
            throw NPIError("\(path): the model's input or program sizes do not fit task\(tasks.count == 1 ? "" : "s") '\(names)'")
        }
        if let field = configuration.invalidFields.first {
            throw NPIError("\(path): configuration.\(EchoedText.escape(field)) is not valid")
        }
    }

    /// The LSTM and encoder weights the sizes imply (a lower bound on the network's parameters),
    /// checked before allocating so a corrupt size cannot ask for gigabytes. Cannot overflow: the
    /// sizes are at most `ModelMetadata.sizeRange`'s bound and the input sizes are the task's.
    private static func estimatedParameterCount(_ c: NetworkConfiguration) -> Int {
        let gates = 4 * c.coreSize
        let firstInput = c.encoderSize + c.programEmbeddingSize
        let core = gates * (firstInput + c.coreSize) + (c.coreLayers - 1) * gates * 2 * c.coreSize
        let encoders = c.environments.indices.reduce(0) { $0 + c.encoderInputSize(environment: $1) }
        return core + c.maxoutPieces * c.encoderSize * encoders
    }
}
