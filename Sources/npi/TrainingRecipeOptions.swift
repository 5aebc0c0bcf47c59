// `npi train`'s recipe options. Each is optional so that `--resume` can tell a value the user
// typed from a default: a resumed run keeps its recorded recipe, and only the limits may change.
import ArgumentParser
import Foundation
import NPICore

struct TrainingRecipeOptions: ParsableArguments {
    @Option(help: "Train on the traces in this JSON Lines file (from `npi data`).") var data: String?
    @Option(parsing: .unconditional, help: "How many random training problems (default 1000).") var count: Int?
    @Option(
        name: [.customLong("max-digits"), .customLong("max-length")],
        parsing: .unconditional,
        help: "Largest problem size (addition: operand digits; sort: array length) of training and held-out problems (default 3).")
    var maxDigits: Int?
    @Option(parsing: .unconditional, help: "Most epochs (default 100; with --resume, the new limit).") var epochs: Int?
    @Option(parsing: .unconditional, help: "Seed of the data, the initial weights and the batch order (default 1).") var seed: UInt64?
    @Option(parsing: .unconditional, help: "Held-out problems checked after each epoch (default 200).") var heldOut: Int?
    @Option(parsing: .unconditional, help: "Held-out checks within each epoch until they are first all solved (then the model is saved at once; default 8).")
    var checksPerEpoch: Int?
    @Option(parsing: .unconditional, help: "Calls per batch (default 16).") var batchSize: Int?
    @Option(parsing: .unconditional, help: "Adam's initial learning rate (default: the task's; addition 0.003, the others 0.001).")
    var learningRate: Double?
    @Option(parsing: .unconditional, help: "Epochs without a better held-out score before the learning rate is halved (default 10).")
    var patience: Int?
    @Option(parsing: .unconditional, help: "Epochs to keep training once solved, to widen the model's margins (default 3; with --resume, the new number).")
    var extraEpochs: Int?
    @Option(parsing: .unconditional, help: "Size of the length-check problems reported once solved (default: the task's, e.g. 100 digits; 0: none).")
    var lengthCheckSize: Int?
    @Option(parsing: .unconditional, help: "How many length-check problems (default 20).")
    var lengthCheckCount: Int?

    func validate() throws {
        let problems = InputLimits.trainingProblemCount, epochLimit = InputLimits.epochCount
        try count.map { try checkPositive($0, "--count", atMost: problems) }
        try maxDigits.map { try checkPositive($0, "--max-digits", atMost: InputLimits.problemSize) }
        try epochs.map { try checkPositive($0, "--epochs", atMost: epochLimit) }
        try heldOut.map { try checkPositive($0, "--held-out", atMost: problems) }
        try batchSize.map { try checkPositive($0, "--batch-size", atMost: problems) }
        try patience.map { try checkPositive($0, "--patience", atMost: epochLimit) }
        try extraEpochs.map { try checkNotNegative($0, "--extra-epochs", atMost: epochLimit) }
        try lengthCheckSize.map { try checkNotNegative($0, "--length-check-size", atMost: InputLimits.problemSize) }
        try lengthCheckCount.map { try checkNotNegative($0, "--length-check-count", atMost: problems) }
        // Each check is a point in the epoch's batch order, kept in a set.
        try checksPerEpoch.map { try checkNotNegative($0, "--checks-per-epoch", atMost: 1000) }
        // A model file holds at most 1 (ModelMetadata checks it on load).
        if let learningRate, !(learningRate > 0 && learningRate <= 1) {
            throw ValidationError("--learning-rate must be a positive number at most 1, not \(learningRate)")
        }
    }

    /// The seed of a new run.
    var seedValue: UInt64 { seed ?? 1 }

    /// A new run's recipe: the options given, the defaults for the rest.
    func newRecipe(task: any NPITask) throws -> TrainingRecipe {
        var options = TrainingOptions()
        options.epochs = epochs ?? options.epochs
        options.batchSize = batchSize ?? options.batchSize
        options.learningRate = learningRate ?? task.defaultLearningRate
        options.patience = patience ?? options.patience
        options.checksPerEpoch = checksPerEpoch ?? options.checksPerEpoch
        options.seed = seedValue
        return TrainingRecipe(
            count: count ?? 1000, maxSize: maxDigits ?? 3, seed: seedValue, heldOut: heldOut ?? 200,
            data: data.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
            dataDigest: try data.map(TrainingRunData.digest(ofFile:)),
            lengthCheckSize: lengthCheckSize ?? task.lengthCheckSize, lengthCheckCount: lengthCheckCount ?? 20,
            extraEpochs: extraEpochs ?? 3, options: options)
    }

    /// The recorded recipe of a run being resumed, with the limits the user raised or lowered
    /// (`--epochs`, `--extra-epochs`). Any other recipe option typed must match the record: the
    /// data and the schedule cannot change in the middle of a run.
    func resumedRecipe(_ recorded: TrainingRecipe) throws -> TrainingRecipe {
        let checks: [(String, String?, String)] = [
            ("--data", data.map { URL(fileURLWithPath: $0).standardizedFileURL.path }, recorded.data ?? "none"),
            ("--count", count.map(String.init), String(recorded.count)),
            ("--max-digits", maxDigits.map(String.init), String(recorded.maxSize)),
            ("--seed", seed.map(String.init), String(recorded.seed)),
            ("--held-out", heldOut.map(String.init), String(recorded.heldOut)),
            ("--checks-per-epoch", checksPerEpoch.map(String.init), String(recorded.options.checksPerEpoch)),
            ("--batch-size", batchSize.map(String.init), String(recorded.options.batchSize)),
            ("--learning-rate", learningRate.map { "\($0)" }, "\(recorded.options.learningRate)"),
            ("--patience", patience.map(String.init), String(recorded.options.patience)),
            ("--length-check-size", lengthCheckSize.map(String.init), String(recorded.lengthCheckSize)),
            ("--length-check-count", lengthCheckCount.map(String.init), String(recorded.lengthCheckCount)),
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
