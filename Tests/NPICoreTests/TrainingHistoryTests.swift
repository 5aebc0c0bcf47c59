import Foundation
import NPICore
import NPINeural
import Testing

/// A model's training history: saved and loaded with it, and range-checked like the rest of the
/// metadata.
@Suite struct TrainingHistoryTests {
    let points = [
        TrainingHistoryPoint(
            epochs: 0.5, seconds: 1.25, loss: 2.5, stepsPerSecond: 900, heldOutCorrect: 3, heldOutTried: 20,
            isEpochEnd: false),
        TrainingHistoryPoint(
            epochs: 1, seconds: 2.5, loss: 0.125, stepsPerSecond: 1000, heldOutCorrect: 200, heldOutTried: 200,
            lengthCheckCorrect: 19, lengthCheckCount: 20, isEpochEnd: true),
    ]

    func savedModel() throws -> (NPIModel, String) {
        let model = NPIModel(task: CountdownTask(), seed: 5)
        model.history = points
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("npi-history-\(UUID().uuidString).safetensors").path
        try ModelFile.save(model, path: path)
        return (model, path)
    }

    func load(_ path: String) throws -> NPIModel {
        try ModelFile.load(path: path) { _ in CountdownTask() }
    }

    @Test func theHistoryIsSavedAndLoadedWithTheModel() throws {
        let (_, path) = try savedModel()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try load(path)
        #expect(loaded.history == points)
        #expect(points[1].lengthCheckAccuracy == 0.95)
        #expect(points[0].heldOutAccuracy == 0.15)
        #expect(ModelDescription.text(of: loaded, path: path)
            .contains("history     2 points to epoch 1, 2.5 s: loss 2.5 -> 0.125, held-out 3/20 -> 200/200"))
    }

    @Test(arguments: [
        (#""loss":0.125"#, #""loss":-1"#, "training_history[1].loss is -1.0; it must be a number from 0.0 to 1.7976931348623157e+308"),
        (#""heldOutCorrect":3"#, #""heldOutCorrect":21"#, "training_history[0].heldOutCorrect is 21; it must be an integer from 0 to 20"),
        (#""epochs":1"#, #""epochs":1e9"#, "training_history[1].epochs is 1000000000.0; it must be a number from 0.0 to 1000000.0"),
        (#""lengthCheckCorrect":19"#, #""lengthCheckCorrect":-19"#, "training_history[1].lengthCheckCorrect is -19; it must be an integer from 0 to 20"),
    ])
    func historyNumbersAreRangeChecked(_ original: String, _ edited: String, _ expected: String) throws {
        let (_, path) = try savedModel()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try SafeTensorsFile.read(path: path)
        var metadata = file.metadata
        let history = try #require(metadata["training_history"])
        try #require(history.contains(original), "\(history)")
        metadata["training_history"] = history.replacingOccurrences(of: original, with: edited)
        metadata["checksum"] = nil
        try SafeTensorsFile(tensors: file.tensors, metadata: metadata).encoded().write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: NPIError.self) { try load(path) }
        #expect(error?.message == "\(path): \(expected)")
    }
}
