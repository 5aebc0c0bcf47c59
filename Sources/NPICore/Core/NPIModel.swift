// A trained (or training) NPI: the network, its task, its optimizer state and how it was made.
import NPINeural

/// How a model was trained, stored in the model file's metadata and shown by `npi info`.
///
/// It holds no wall-clock time, so that the same run always writes the same bytes.
public struct TrainingSummary: Codable, Equatable, Sendable {
    /// The seed of the run that made the model.
    public var seed: UInt64 = 0
    /// The command line that trained it (so the README can say how to reproduce it).
    public var command: String = ""
    public var epochs: Int = 0
    /// Teacher-forced core steps trained on, counting repeats over epochs.
    public var traceSteps: Int = 0
    /// Held-out accuracy at the last check, e.g. "200/200".
    public var heldOut: String = ""

    public init() {}
}

/// The network of a task together with everything saved beside it.
public final class NPIModel {
    public let task: any NPITask
    public let network: NPINetwork<Float>
    /// Adam's state, present while training and in files written by `npi train`.
    public var optimizer: Adam<Float>?
    public var summary: TrainingSummary
    /// The checksum of the file it was loaded from, verified then (`sha256:…`); nil for a model
    /// built in memory or loaded from a file without one (written by another program).
    public var verifiedChecksum: String?
    /// The training run a checkpoint holds (its recipe and where it is), for `npi train --resume`;
    /// nil for a model not saved by `npi train`.
    public var run: TrainingRun?
    /// What training measured, epoch by epoch (empty for a model trained before npi kept it).
    public var history: [TrainingHistoryPoint] = []

    /// A freshly initialised model for `task`.
    public init(task: any NPITask, configuration: NetworkConfiguration? = nil, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        self.task = task
        self.network = NPINetwork<Float>(
            configuration: configuration ?? NPIModel.defaultConfiguration(for: task),
            generator: &generator)
        self.optimizer = nil
        self.summary = TrainingSummary()
        self.summary.seed = seed
    }

    /// A model around an existing network (used by the model-file loader).
    public init(
        task: any NPITask, network: NPINetwork<Float>, optimizer: Adam<Float>?,
        summary: TrainingSummary
    ) {
        self.task = task
        self.network = network
        self.optimizer = optimizer
        self.summary = summary
    }

    /// keras_npi's sizes (which the PyTorch reference also uses), fitted to the task's inputs.
    public static func defaultConfiguration(for task: any NPITask) -> NetworkConfiguration {
        var configuration = NetworkConfiguration(
            observationFeatureCount: task.observationFeatureCount,
            maxActiveFeatures: task.maxActiveFeatures,
            programCount: task.programs.count)
        configuration.argumentCount = Arguments.count
        configuration.argumentDepth = Arguments.depth
        return configuration
    }

    /// Number of trainable scalars.
    public var parameterCount: Int { network.parameters.reduce(0) { $0 + $1.value.count } }
}
