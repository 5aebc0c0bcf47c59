// The data of a training run, rebuilt from its recipe (the same calls and problems every time),
// and the checkpoint that saves the run.
import Foundation
import NPICore
import SafeTensors

/// The training calls, held-out and length-check problems a recipe makes.
struct TrainingRunData {
    let calls: [TrainingCall]
    let trainingProblems: [Problem]
    let heldOut: [Problem]
    let lengthCheck: [Problem]
    let task: any NPITask
    let recipe: TrainingRecipe

    init(task: any NPITask, recipe: TrainingRecipe) throws {
        self.task = task
        self.recipe = recipe
        if let path = recipe.data {
            if let digest = recipe.dataDigest, try TrainingRunData.digest(ofFile: path) != digest {
                throw NPIError("\(path) has changed since the run started: a resumed run must train on the same traces")
            }
            let loaded = try TrainingData.calls(task: task, tracesAt: path)
            (calls, trainingProblems) = (loaded.calls, loaded.problems)
        } else {
            trainingProblems = TrainingData.problems(
                task: task, count: recipe.count, sizes: 1...recipe.maxSize, seed: recipe.seed)
            calls = try TrainingData.calls(task: task, problems: trainingProblems)
        }
        heldOut = TrainingData.heldOut(
            task: task, count: recipe.heldOut, sizes: 1...recipe.maxSize, seed: recipe.seed, excluding: trainingProblems)
        let size = recipe.lengthCheckSize
        lengthCheck = size == 0 ? [] : TrainingData.heldOut(
            task: task, count: recipe.lengthCheckCount, sizes: size...size, seed: recipe.seed, excluding: [])
    }

    /// The first line `npi train` prints: what it trains on, and where a resumed run goes on.
    func description(trainer: Trainer, model: NPIModel, resumedAt progress: TrainingProgress?) -> String {
        let checkText = lengthCheck.isEmpty ? "" : "; \(lengthCheck.count) length-check of size \(recipe.lengthCheckSize)"
        let resumed = progress.map { progress in
            progress.batchesDone == 0
                ? "; resuming after epoch \(progress.epochsDone)"
                : "; resuming in epoch \(progress.epochsDone + 1) after \(progress.batchesDone) of \(trainer.batches.batchCount) batches"
        } ?? ""
        return "training \(task.name): \(trainingProblems.count) problems, \(calls.count) calls, \(trainer.batches.stepCount) steps per epoch; \(heldOut.count) held-out\(checkText); \(model.parameterCount) parameters\(resumed)"
    }

    /// `sha256:HEX` of a file's bytes.
    static func digest(ofFile path: String) throws -> String {
        "sha256:" + SHA256.hex(of: try AtomicFile.read(path: path))
    }
}

/// Saves a run: the model, its optimizer state, the recipe and where the trainer is.
final class Checkpoint {
    let model: NPIModel
    let recipe: TrainingRecipe
    let trainer: Trainer
    let path: String

    init(model: NPIModel, recipe: TrainingRecipe, trainer: Trainer, path: String) {
        self.model = model
        self.recipe = recipe
        self.trainer = trainer
        self.path = path
    }

    /// The run as it stands.
    var run: TrainingRun { TrainingRun(recipe: recipe, progress: trainer.progress) }

    /// Writes the checkpoint atomically; the model's run record is brought up to date first.
    func save() throws {
        model.run = run
        try ModelFile.save(model, path: path)
    }
}
