// Models of each task a few units wide (about 10 KB on disk, where the shipped ones are 11 MB):
// the shell target's "shipped" models and seeds of the safetensors target.
import Foundation
import NPICore
import NPINeural
import NPITasks

enum TinyModel {
    /// `task`'s network with every free size small; the sizes the task fixes stay as they are.
    static func make(for task: any NPITask, optimizer: Bool = false) -> NPIModel {
        // One task always makes a model.
        try! make(for: [task], optimizer: optimizer)
    }

    /// A model of `tasks` (format version 2 when there are several), every free size small.
    static func make(for tasks: [any NPITask], optimizer: Bool = false) throws -> NPIModel {
        var configuration = try NPIModel.defaultConfiguration(for: tasks)
        configuration.encoderSize = 6
        configuration.maxoutPieces = 2
        configuration.programEmbeddingSize = 3
        configuration.coreSize = 5
        configuration.coreLayers = 2
        configuration.keySize = 3
        let model = try NPIModel(tasks: tasks, configuration: configuration, seed: 7)
        if optimizer {
            let adam = Adam<Float>(parameters: model.network.parameters, learningRate: 1e-3, clipNorm: 5)
            adam.step = 3
            model.optimizer = adam
        }
        return model
    }

    /// The file `ModelFile.save` writes for `model`.
    static func bytes(of model: NPIModel) throws -> Data {
        let path = NSTemporaryDirectory() + "npi-fuzz-model-\(getpid()).safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelFile.save(model, path: path)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }
}
