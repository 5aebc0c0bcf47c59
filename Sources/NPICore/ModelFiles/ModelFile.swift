// Models on disk: safetensors with PyTorch-style tensor names, validated on load.
//
// The network's parameters come first, under their own names (`core.0.weight_ih`, ...), then
// Adam's moments as `optimizer.exp_avg.NAME` and `optimizer.exp_avg_sq.NAME` when saved.
// `__metadata__` holds the format, task, program table, sizes, the training summary and a
// checksum of everything (files written elsewhere may lack it, and still load).
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

    /// Reads and validates a model file; `tasks` resolves the task named in it.
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
        in file: SafeTensorsFile, path: String, tasks: (String) throws -> any NPITask
    ) throws -> NPIModel {
        let metadata = try ModelMetadata(decoding: file.metadata, path: path)
        let task: any NPITask
        do { task = try tasks(metadata.taskName) } catch {
            throw NPIError("\(path): \(error)")
        }
        guard metadata.programs == task.programs else {
            throw NPIError("\(path): the model's program table differs from task '\(task.name)' of this npi; retrain with `npi train --task \(task.name)`")
        }
        let configuration = metadata.configuration
        try check(configuration, against: task, path: path)
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
        let model = NPIModel(task: task, network: network, optimizer: optimizer, summary: metadata.training)
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

    private static func check(_ configuration: NetworkConfiguration, against task: any NPITask, path: String) throws {
        let expected = NPIModel.defaultConfiguration(for: task)
        guard configuration.observationFeatureCount == expected.observationFeatureCount,
            configuration.maxActiveFeatures == expected.maxActiveFeatures,
            configuration.programCount == expected.programCount,
            configuration.argumentCount == expected.argumentCount,
            configuration.argumentDepth == expected.argumentDepth
        else {
            throw NPIError("\(path): the model's input or program sizes do not fit task '\(task.name)'")
        }
    }

    /// The LSTM and encoder weights the sizes imply (a lower bound on the network's parameters),
    /// checked before allocating so a corrupt size cannot ask for gigabytes. Cannot overflow: the
    /// sizes are at most `ModelMetadata.sizeRange`'s bound and the input sizes are the task's.
    private static func estimatedParameterCount(_ c: NetworkConfiguration) -> Int {
        let gates = 4 * c.coreSize
        let firstInput = c.encoderSize + c.programEmbeddingSize
        let core = gates * (firstInput + c.coreSize) + (c.coreLayers - 1) * gates * 2 * c.coreSize
        return core + c.maxoutPieces * c.encoderSize * (c.observationFeatureCount + c.argumentCount * c.argumentDepth)
    }
}
