// `npi train`'s recipe options. Each is optional so that `--resume` can tell a value the user
// typed from a default: a resumed run keeps its recorded recipe, and only the limits may change.
// The options that shape each task's data take one value per task of `--task a,b` too.
import ArgumentParser
import Foundation
import NPICore
import NPITasks

struct TrainingRecipeOptions: ParsableArguments {
    @Option(help: "Train on the traces in this JSON Lines file (from `npi data`).") var data: String?
    @Option(parsing: .unconditional, help: "How many random training problems (default: the task's, \(trainingDefaults(\.defaultTrainingCount)); one value, or one per task).")
    var count: TaskValues?
    @Option(
        name: optionName(largestSizeOptionNames),
        parsing: .unconditional,
        help: "Largest problem size (\(sizeMeanings)) of training and held-out problems (default: the task's, \(trainingDefaults(\.defaultTrainingSize)); one value, or one per task).")
    var maxDigits: TaskValues?
    @Option(parsing: .unconditional, help: "Most epochs (default 100; with --resume, the new limit).") var epochs: Int?
    @Option(parsing: .unconditional, help: "Seed of the data, the initial weights and the batch order (default 1).") var seed: UInt64?
    @Option(parsing: .unconditional, help: "Held-out problems checked after each epoch (default 200; one value, or one per task).")
    var heldOut: TaskValues?
    @Option(parsing: .unconditional, help: "Held-out checks within each epoch until they are first all solved (then the model is saved at once; default 8).")
    var checksPerEpoch: Int?
    @Option(parsing: .unconditional, help: "Calls per batch (default: the (first) task's, \(trainingDefaults(\.defaultBatchSize))).") var batchSize: Int?
    @Option(parsing: .unconditional, help: "Adam's initial learning rate (default: the (first) task's, \(trainingDefaults(\.defaultLearningRate))).")
    var learningRate: Double?
    @Option(parsing: .unconditional, help: "Epochs without a better held-out score before the learning rate is halved (default 10).")
    var patience: Int?
    @Option(parsing: .unconditional, help: "Epochs to keep training once solved, to widen the model's margins (default: the task's, \(trainingDefaults(\.defaultExtraEpochs)); with --resume, the new number).")
    var extraEpochs: Int?
    @Option(parsing: .unconditional, help: "Size of the length-check problems reported once solved (default: the task's, e.g. 100 digits; 0: none; one value, or one per task).")
    var lengthCheckSize: TaskValues?
    @Option(parsing: .unconditional, help: "How many length-check problems (default 20; one value, or one per task).")
    var lengthCheckCount: TaskValues?

    /// Checks the counts and rates; the sizes depend on the tasks (`checkSizes(for:)`).
    func validate() throws {
        let problems = InputLimits.trainingProblemCount, epochLimit = InputLimits.epochCount
        for value in count?.values ?? [] { try checkPositive(value, "--count", atMost: problems) }
        try epochs.map { try checkPositive($0, "--epochs", atMost: epochLimit) }
        for value in heldOut?.values ?? [] { try checkPositive(value, "--held-out", atMost: problems) }
        try batchSize.map { try checkPositive($0, "--batch-size", atMost: problems) }
        try patience.map { try checkPositive($0, "--patience", atMost: epochLimit) }
        try extraEpochs.map { try checkNotNegative($0, "--extra-epochs", atMost: epochLimit) }
        for value in lengthCheckSize?.values ?? [] {
            try checkNotNegative(value, "--length-check-size", atMost: InputLimits.problemSize)
        }
        for value in lengthCheckCount?.values ?? [] { try checkNotNegative(value, "--length-check-count", atMost: problems) }
        // Each check is a point in the epoch's batch order, kept in a set.
        try checksPerEpoch.map { try checkNotNegative($0, "--checks-per-epoch", atMost: 1000) }
        // A model file holds at most 1 (ModelMetadata checks it on load).
        if let learningRate, !(learningRate > 0 && learningRate <= 1) {
            throw ValidationError("--learning-rate must be a positive number at most 1, not \(learningRate)")
        }
    }

    /// A usage error unless the sizes typed suit `tasks` (the tasks of `--task`, in order): each
    /// task's largest training size and length-check size within its problems' limit.
    func checkSizes(for tasks: [any NPITask]) throws {
        for (option, typed) in [(largestSizeOptionLabel(tasks[0]), maxDigits), ("--length-check-size", lengthCheckSize)] {
            guard let typed else { continue }
            let values = try typed.forEach(of: tasks.count, option: option)
            let isLengthCheck = option == "--length-check-size"
            for (task, value) in zip(tasks, values) where value > 0 || !isLengthCheck {
                let label = isLengthCheck ? option : largestSizeOptionLabel(task)
                do { try task.problemSize.check(value, option: label) } catch { throw ValidationError("\(error)") }
            }
        }
    }

    /// The seed of a new run.
    var seedValue: UInt64 { seed ?? 1 }

    /// A new run's recipe for `tasks`: the options given, the defaults for the rest (the
    /// learning rate: the first task's).
    func newRecipe(tasks: [any NPITask]) throws -> TrainingRecipe {
        var options = TrainingOptions()
        options.epochs = epochs ?? options.epochs
        options.batchSize = batchSize ?? tasks[0].defaultBatchSize
        options.learningRate = learningRate ?? tasks[0].defaultLearningRate
        options.patience = patience ?? options.patience
        options.checksPerEpoch = checksPerEpoch ?? options.checksPerEpoch
        options.seed = seedValue
        let n = tasks.count
        let counts = try count?.forEach(of: n, option: "--count") ?? tasks.map(\.defaultTrainingCount)
        let sizes = try maxDigits?.forEach(of: n, option: largestSizeOptionLabel(tasks[0])) ?? tasks.map(\.defaultTrainingSize)
        let heldOuts = try (heldOut ?? TaskValues(200)).forEach(of: n, option: "--held-out")
        let checkSizes = try lengthCheckSize?.forEach(of: n, option: "--length-check-size") ?? tasks.map(\.lengthCheckSize)
        let checkCounts = try (lengthCheckCount ?? TaskValues(20)).forEach(of: n, option: "--length-check-count")
        if data != nil && n > 1 { throw ValidationError("--data trains one task; give --task one name") }
        var recipe = TrainingRecipe(
            count: counts[0], maxSize: sizes[0], seed: seedValue, heldOut: heldOuts[0],
            data: data.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
            dataDigest: try data.map(TrainingRunData.digest(ofFile:)),
            lengthCheckSize: checkSizes[0], lengthCheckCount: checkCounts[0],
            extraEpochs: extraEpochs ?? tasks[0].defaultExtraEpochs, options: options)
        if n > 1 {
            recipe.tasks = tasks.indices.map {
                TaskRecipe(
                    task: tasks[$0].name, count: counts[$0], maxSize: sizes[$0], heldOut: heldOuts[$0],
                    lengthCheckSize: checkSizes[$0], lengthCheckCount: checkCounts[$0])
            }
        }
        return recipe
    }

    /// The recorded recipe of a run being resumed, with the limits the user raised or lowered
    /// (`--epochs`, `--extra-epochs`). Any other recipe option typed must match the record: the
    /// data and the schedule cannot change in the middle of a run.
    func resumedRecipe(_ recorded: TrainingRecipe) throws -> TrainingRecipe {
        /// A recorded per-task value as typed: one value when every task has it.
        func typed(_ values: [Int]) -> String {
            Set(values).count == 1 ? String(values[0]) : values.map(String.init).joined(separator: ",")
        }
        let parts = recorded.parts(task: "")
        let checks: [(String, String?, String)] = [
            ("--data", data.map { URL(fileURLWithPath: $0).standardizedFileURL.path }, recorded.data ?? "none"),
            ("--count", count?.description, typed(parts.map(\.count))),
            ("--" + largestSizeOptionNames[0], maxDigits?.description, typed(parts.map(\.maxSize))),
            ("--seed", seed.map(String.init), String(recorded.seed)),
            ("--held-out", heldOut?.description, typed(parts.map(\.heldOut))),
            ("--checks-per-epoch", checksPerEpoch.map(String.init), String(recorded.options.checksPerEpoch)),
            ("--batch-size", batchSize.map(String.init), String(recorded.options.batchSize)),
            ("--learning-rate", learningRate.map { "\($0)" }, "\(recorded.options.learningRate)"),
            ("--patience", patience.map(String.init), String(recorded.options.patience)),
            ("--length-check-size", lengthCheckSize?.description, typed(parts.map(\.lengthCheckSize))),
            ("--length-check-count", lengthCheckCount?.description, typed(parts.map(\.lengthCheckCount))),
        ]
        for (name, typed, kept) in checks {
            if let typed, typed != kept {
                throw ValidationError("\(name) \(typed) differs from the run being resumed (\(kept)): a resumed run keeps its recipe; only --epochs and --extra-epochs can change")
            }
        }
        var recipe = recorded
        recipe.options.epochs = epochs ?? recorded.options.epochs
        recipe.extraEpochs = extraEpochs ?? recorded.extraEpochs
        return recipe
    }
}

/// Each task's default of a training option, for help texts: `addition 3, sort 5, ...`, or the
/// one value when every task has it.
private func trainingDefaults<Value: Equatable>(_ value: (any NPITask) -> Value) -> String {
    let all = TaskRegistry.all
    if all.allSatisfy({ value($0) == value(all[0]) }) { return "\(value(all[0]))" }
    return all.map { "\($0.name) \(value($0))" }.joined(separator: ", ")
}
