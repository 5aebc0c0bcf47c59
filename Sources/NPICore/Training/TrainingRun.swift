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
    /// Each task's data and checks in a run of a model of several tasks, in order (the fields
    /// above are then the first task's); nil for a run of a single-task model.
    public var tasks: [TaskRecipe]?
    /// In a run that learns new programs with the core frozen (Reed & de Freitas 2016, section
    /// 4.3), the first program-memory row that trains: only the rows from there on of
    /// program_embedding and program_keys change. nil: every weight trains.
    public var firstTrainableProgram: Int?

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

/// One task's part of a run of several: its problems and checks.
public struct TaskRecipe: Codable, Equatable, Sendable {
    public var task: String
    /// Random training problems (plus the task's covering problems).
    public var count: Int
    /// The largest problem size of training and held-out problems.
    public var maxSize: Int
    public var heldOut: Int
    public var lengthCheckSize: Int
    public var lengthCheckCount: Int

    public init(task: String, count: Int, maxSize: Int, heldOut: Int, lengthCheckSize: Int, lengthCheckCount: Int) {
        self.task = task
        self.count = count
        self.maxSize = maxSize
        self.heldOut = heldOut
        self.lengthCheckSize = lengthCheckSize
        self.lengthCheckCount = lengthCheckCount
    }
}

extension TrainingRecipe {
    /// Each task's part: `tasks`, or for a run of one task, `task` with the recipe's own fields.
    public func parts(task: String) -> [TaskRecipe] {
        tasks ?? [
            TaskRecipe(
                task: task, count: count, maxSize: maxSize, heldOut: heldOut, lengthCheckSize: lengthCheckSize,
                lengthCheckCount: lengthCheckCount)
        ]
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
    /// Whether the last epoch ended with held-out problems and training calls all right; nil
    /// in files written before it was recorded, which count as right. A run does not stop on
    /// an epoch that lost the solution, so the model it leaves is a solved one.
    public var lastEpochSolved: Bool?

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

    /// Whether the run has stopped for good: solved, `extraEpochs` more and the last of them
    /// still solved (a later epoch that is), or `options.epochs` done.
    public var isFinished: Bool {
        guard progress.batchesDone == 0 else { return false }
        if let solved = progress.solvedAtEpoch, progress.epochsDone >= solved + recipe.extraEpochs,
            progress.lastEpochSolved != false
        {
            return true
        }
        return progress.epochsDone >= recipe.options.epochs
    }
}
