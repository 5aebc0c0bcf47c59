// The data of a training run, rebuilt from its recipe (the same calls and problems every time),
// and the checkpoint that saves the run.
import Foundation
import NPICore
import SafeTensors

/// The training calls, held-out and length-check problems a recipe makes.
struct TrainingRunData {
    let calls: [TrainingCall]
    let trainingProblems: [Problem]
    /// Each trained task's held-out and length-check problems.
    let checks: [TaskChecks]
    let recipe: TrainingRecipe

    var heldOut: [Problem] { checks.flatMap(\.heldOut) }

    /// The data of `recipe` for the tasks it trains (its `tasks`, or the model's one task),
    /// each task's calls marked with the model environment it runs in.
    init(model: NPIModel, recipe: TrainingRecipe) throws {
        self.recipe = recipe
        let parts = recipe.parts(task: model.task.name)
        var calls: [TrainingCall] = []
        var trainingProblems: [Problem] = []
        var checks: [TaskChecks] = []
        for (index, part) in parts.enumerated() {
            guard let task = model.tasks.first(where: { $0.name == part.task }) else {
                throw NPIError("the run trains task '\(part.task)', which the model does not have")
            }
            let environment = model.environmentIndex(of: task)
            // The first task's data is exactly a single-task run's.
            let seed = recipe.seed &+ UInt64(index)
            var problems: [Problem]
            var taskCalls: [TrainingCall]
            if let path = recipe.data {
                if let digest = recipe.dataDigest, try TrainingRunData.digest(ofFile: path) != digest {
                    throw NPIError("\(path) has changed since the run started: a resumed run must train on the same traces")
                }
                (taskCalls, problems) = try TrainingData.calls(task: task, tracesAt: path)
            } else {
                problems = TrainingData.problems(task: task, count: part.count, sizes: 1...part.maxSize, seed: seed)
                taskCalls = try TrainingData.calls(task: task, problems: problems)
            }
            for call in taskCalls.indices { taskCalls[call].environment = environment }
            calls += taskCalls
            trainingProblems += problems
            let heldOut = TrainingData.heldOut(
                task: task, count: part.heldOut, sizes: 1...part.maxSize, seed: seed, excluding: problems)
            let size = part.lengthCheckSize
            let lengthCheck = size == 0 ? [] : TrainingData.heldOut(
                task: task, count: part.lengthCheckCount, sizes: size...size, seed: seed, excluding: [])
            checks.append(TaskChecks(task: task, heldOut: heldOut, lengthCheck: lengthCheck))
        }
        self.calls = calls
        self.trainingProblems = trainingProblems
        self.checks = checks
    }

    /// The first line `npi train` prints: what it trains on, and where a resumed run goes on.
    func description(trainer: Trainer, model: NPIModel, resumedAt progress: TrainingProgress?) -> String {
        let lengthCheck = checks.flatMap(\.lengthCheck)
        let sizes = Set(recipe.parts(task: "").map(\.lengthCheckSize)).sorted().map(String.init).joined(separator: ", ")
        let checkText = lengthCheck.isEmpty ? "" : "; \(lengthCheck.count) length-check of size \(sizes)"
        let resumed = progress.map { progress in
            progress.batchesDone == 0
                ? "; resuming after epoch \(progress.epochsDone)"
                : "; resuming in epoch \(progress.epochsDone + 1) after \(progress.batchesDone) of \(trainer.batches.batchCount) batches"
        } ?? ""
        let frozen = recipe.firstTrainableProgram.map { _ in
            "; core frozen: \(model.optimizer?.trainableEntries?.reduce(0) { $0 + $1.count } ?? 0) weights train"
        } ?? ""
        let names = checks.map(\.task.name).joined(separator: ", ")
        return "training \(names): \(trainingProblems.count) problems, \(calls.count) calls, \(trainer.batches.stepCount) steps per epoch; \(heldOut.count) held-out\(checkText); \(model.parameterCount) parameters\(frozen)\(resumed)"
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
