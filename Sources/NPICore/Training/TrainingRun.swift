// What a training checkpoint holds beyond the weights and Adam's state: the recipe that makes
// the data, and exactly where the run is, so `npi train --resume` goes on as if it had never
// stopped.
import NPINeural

/// How a run makes its data and trains: everything `npi train` needs to rebuild the same
/// training calls, held-out and length-check problems, and options.
public struct TrainingRecipe: Codable, Equatable, Sendable {
    /// Random training problems (plus the task's covering problems); ignored with `data`.
    public var count: Int
    /// The largest problem size of training and held-out problems.
    public var maxSize: Int
    /// The run's seed (data, initial weights, batch order).
    public var seed: UInt64
    public var heldOut: Int
    /// A JSON Lines trace file to train on instead of random problems, and the SHA-256 of its
    /// bytes when the run started (a resumed run refuses a file that has changed).
    public var data: String?
    public var dataDigest: String?
    public var lengthCheckSize: Int
    public var lengthCheckCount: Int
    /// Epochs to go on once solved.
    public var extraEpochs: Int
    public var options: TrainingOptions

    public init(
        count: Int, maxSize: Int, seed: UInt64, heldOut: Int, data: String?, dataDigest: String?,
        lengthCheckSize: Int, lengthCheckCount: Int, extraEpochs: Int, options: TrainingOptions
    ) {
        self.count = count
        self.maxSize = maxSize
        self.seed = seed
        self.heldOut = heldOut
        self.data = data
        self.dataDigest = dataDigest
        self.lengthCheckSize = lengthCheckSize
        self.lengthCheckCount = lengthCheckCount
        self.extraEpochs = extraEpochs
        self.options = options
    }
}

/// Exactly where a run is: between two batches of an epoch (or between epochs), with the
/// state of the batch order and of the learning-rate schedule.
public struct TrainingProgress: Codable, Equatable, Sendable {
    /// Epochs finished.
    public var epochsDone = 0
    /// Batches done in the epoch under way (0 between epochs).
    public var batchesDone = 0
    /// The batch-order generator's state when the epoch under way started (or the next one starts).
    public var epochGenerator: [UInt64]
    /// The loss summed over the epoch's batches done, and their core steps (for its report).
    public var epochLoss = 0.0
    public var epochSteps = 0
    /// The schedule: the best held-out score and the epochs since it (the learning rate itself
    /// is Adam's, saved with its state).
    public var bestHeldOut = -1
    public var epochsSinceBest = 0
    /// Fractional epochs after which every held-out problem was first solved.
    public var heldOutFirstSolvedAt: Double?
    /// The epoch after which held-out problems and training calls were first all right.
    public var solvedAtEpoch: Int?

    public init(epochGenerator: [UInt64]) { self.epochGenerator = epochGenerator }
}

/// A run's recipe and where it is, stored in a checkpoint's metadata.
public struct TrainingRun: Codable, Equatable, Sendable {
    public var recipe: TrainingRecipe
    public var progress: TrainingProgress

    public init(recipe: TrainingRecipe, progress: TrainingProgress) {
        self.recipe = recipe
        self.progress = progress
    }

    /// Whether the run has stopped for good: solved and `extraEpochs` more, or `options.epochs` done.
    public var isFinished: Bool {
        guard progress.batchesDone == 0 else { return false }
        if let solved = progress.solvedAtEpoch, progress.epochsDone >= solved + recipe.extraEpochs { return true }
        return progress.epochsDone >= recipe.options.epochs
    }
}
