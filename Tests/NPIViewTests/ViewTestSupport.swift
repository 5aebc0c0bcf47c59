// The shipped models and comparisons of them with their teachers, for the viewer's tests.
import Foundation
import NPICore
import NPITasks
import NPIView

/// The checkout's Samples/models folder.
let samplesModels = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Samples/models").path

/// A shipped model, loaded anew by each test (a model is not shared across test threads).
func shippedModel(_ name: String) throws -> NPIModel {
    try ModelFile.load(path: "\(samplesModels)/\(name).safetensors", tasks: TaskRegistry.named)
}

/// The comparison the viewer shows for `words` run by the shipped model `name`.
func comparison(
    _ name: String, _ words: [String], alpha: Double = 0.5, forcedSteps: Set<Int> = []
) throws -> ExecutionComparison {
    let model = try shippedModel(name)
    let problem = try model.task.parseProblem(words)
    return try ExecutionComparison.record(
        model: model, problem: problem, modelPath: "\(samplesModels)/\(name).safetensors",
        returnThreshold: alpha, forcedSteps: forcedSteps)!
}

/// A folder removed when the value is.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "npi-view-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
