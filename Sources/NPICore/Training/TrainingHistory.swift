// A training run's history: what `npi train` measured after every epoch and at every held-out
// check within one, saved in the model file (`training_history`) for the viewer's curves.
// Losses, scores and epochs are reproducible; the seconds and steps/s are the machine's.

/// One measurement of a run: at the end of an epoch, or at a held-out check within one.
public struct TrainingHistoryPoint: Codable, Equatable, Sendable {
    /// Epochs trained: whole at an epoch's end, fractional at a check within an epoch.
    public var epochs: Double
    /// Wall-clock seconds of training so far, over every part of a resumed run.
    public var seconds: Double
    /// Mean loss per core step over the epoch so far.
    public var loss: Double
    /// Core steps trained per second over the epoch so far (since it resumed, for a resumed one).
    public var stepsPerSecond: Double
    /// Held-out problems solved of those tried: all of them at an epoch's end; a check within
    /// an epoch tries the first 20 and the rest only if those 20 are solved.
    public var heldOutCorrect: Int
    public var heldOutTried: Int
    /// Length-check problems solved, and how many: run at an epoch's end once every held-out
    /// problem and training call is right (nil before).
    public var lengthCheckCorrect: Int?
    public var lengthCheckCount: Int?
    /// Whether the point is an epoch's end (false: a check within the epoch).
    public var isEpochEnd: Bool

    public init(
        epochs: Double, seconds: Double, loss: Double, stepsPerSecond: Double, heldOutCorrect: Int, heldOutTried: Int,
        lengthCheckCorrect: Int? = nil, lengthCheckCount: Int? = nil, isEpochEnd: Bool
    ) {
        self.epochs = epochs
        self.seconds = seconds
        self.loss = loss
        self.stepsPerSecond = stepsPerSecond
        self.heldOutCorrect = heldOutCorrect
        self.heldOutTried = heldOutTried
        self.lengthCheckCorrect = lengthCheckCorrect
        self.lengthCheckCount = lengthCheckCount
        self.isEpochEnd = isEpochEnd
    }

    /// Held-out accuracy of the problems tried, 0...1.
    public var heldOutAccuracy: Double { heldOutTried > 0 ? Double(heldOutCorrect) / Double(heldOutTried) : 0 }

    /// Length-check accuracy, 0...1, when it was run.
    public var lengthCheckAccuracy: Double? {
        guard let correct = lengthCheckCorrect, let count = lengthCheckCount, count > 0 else { return nil }
        return Double(correct) / Double(count)
    }
}
