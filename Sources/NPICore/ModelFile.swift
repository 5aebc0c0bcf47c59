// Models on disk: safetensors with PyTorch-style tensor names, validated on load.
//
// The network's parameters come first, under their own names (`core.0.weight_ih`, ...), then
// Adam's moments as `optimizer.exp_avg.NAME` and `optimizer.exp_avg_sq.NAME` when saved.
// `__metadata__` holds the format, task, program table, sizes, and the training summary.
import Foundation
import NPINeural

public enum ModelFile {
    public static let format = "npi-model"
    public static let formatVersion = "1"
    static let firstMomentPrefix = "optimizer.exp_avg."
    static let secondMomentPrefix = "optimizer.exp_avg_sq."

    /// Writes `model` atomically (temp file + rename): an interrupted save never leaves a torn file.
    public static func save(_ model: NPIModel, path: String) throws {
        var file = SafeTensorsFile(metadata: try metadata(of: model))
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
        try file.write(path: path)
    }

    /// Reads and validates a model file; `tasks` resolves the task named in it.
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
        let metadata = file.metadata
        func field(_ key: String) throws -> String {
            guard let value = metadata[key] else {
                throw NPIError("\(path): not an npi model (metadata has no '\(key)')")
            }
            return value
        }
        guard try field("format") == format else {
            throw NPIError("\(path): not an npi model (format '\(metadata["format"] ?? "")')")
        }
        guard try field("format_version") == formatVersion else {
            throw NPIError("\(path): model format version \(metadata["format_version"] ?? "") is not supported (this npi reads version \(formatVersion))")
        }
        let taskName = try field("task")
        let task: any NPITask
        do { task = try tasks(taskName) } catch let error as NPIError {
            throw NPIError("\(path): \(error.message)")
        }
        let programs = try decode(ProgramTable.self, try field("programs"), key: "programs", path: path)
        guard programs == task.programs else {
            throw NPIError("\(path): the model's program table differs from task '\(task.name)' of this npi; retrain with `npi train --task \(task.name)`")
        }
        let configuration = try decode(
            NetworkConfiguration.self, try field("configuration"), key: "configuration", path: path)
        try check(configuration, against: task, path: path)
        let storedValues = file.tensors.reduce(0) { $0 + $1.values.count }
        guard estimatedParameterCount(configuration) <= storedValues else {
            throw NPIError("\(path): the model's sizes need more weights than the file holds (\(storedValues) values)")
        }
        let summary = try decode(TrainingSummary.self, try field("training"), key: "training", path: path)
        var generator = SeededGenerator(seed: 0)
        let network = NPINetwork<Float>(configuration: configuration, generator: &generator)
        for parameter in network.parameters {
            parameter.value = try file.tensor(named: parameter.name, shape: parameter.shape)
        }
        let optimizer = try loadOptimizer(file, network: network, path: path)
        let known = Set(network.parameters.flatMap { [$0.name, firstMomentPrefix + $0.name, secondMomentPrefix + $0.name] })
        if let unknown = file.tensors.first(where: { !known.contains($0.name) }) {
            throw NPIError("\(path): unexpected tensor '\(unknown.name)'")
        }
        return NPIModel(task: task, network: network, optimizer: optimizer, summary: summary)
    }

    // MARK: - Metadata

    private static func metadata(of model: NPIModel) throws -> [String: String] {
        var metadata = [
            "format": format,
            "format_version": formatVersion,
            "task": model.task.name,
            "programs": try encode(model.task.programs),
            "configuration": try encode(model.network.configuration),
            "training": try encode(model.summary),
        ]
        if let optimizer = model.optimizer {
            metadata["optimizer"] = try encode(
                OptimizerSettings(
                    step: optimizer.step, learningRate: optimizer.learningRate,
                    clipNorm: optimizer.clipNorm))
        }
        return metadata
    }

    /// Adam's hyperparameters and step count, stored beside its moments.
    private struct OptimizerSettings: Codable {
        var step: Int
        var learningRate: Float
        var clipNorm: Float?
    }

    private static func loadOptimizer(
        _ file: SafeTensorsFile, network: NPINetwork<Float>, path: String
    ) throws -> Adam<Float>? {
        let parameters = network.parameters
        let hasMoments = parameters.map { file[firstMomentPrefix + $0.name] != nil }
        guard hasMoments.contains(true) else { return nil }
        guard let text = file.metadata["optimizer"] else {
            throw NPIError("\(path): optimizer tensors present but metadata has no 'optimizer'")
        }
        let settings = try decode(OptimizerSettings.self, text, key: "optimizer", path: path)
        guard settings.step >= 0, settings.learningRate.isFinite, settings.learningRate > 0 else {
            throw NPIError("\(path): optimizer metadata has an invalid step or learning rate")
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
        let sizes = [configuration.encoderSize, configuration.maxoutPieces, configuration.programEmbeddingSize,
                     configuration.coreSize, configuration.coreLayers, configuration.keySize]
        guard sizes.allSatisfy({ (1...100_000).contains($0) }) else {
            throw NPIError("\(path): the model's layer sizes \(sizes) are out of range")
        }
    }

    /// The LSTM and encoder weights the sizes imply (a lower bound on the network's parameters),
    /// checked before allocating so a corrupt size cannot ask for gigabytes.
    private static func estimatedParameterCount(_ c: NetworkConfiguration) -> Int {
        let gates = 4 * c.coreSize
        let firstInput = c.encoderSize + c.programEmbeddingSize
        let core = gates * (firstInput + c.coreSize) + (c.coreLayers - 1) * gates * 2 * c.coreSize
        return core + c.maxoutPieces * c.encoderSize * (c.observationFeatureCount + c.argumentCount * c.argumentDepth)
    }

    private static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ text: String, key: String, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw NPIError("\(path): metadata '\(key)' is not valid")
        }
    }
}
