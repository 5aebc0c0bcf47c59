// A trained (or training) NPI: the network, its tasks, its optimizer state and how it was made.
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

/// The network of one or more tasks together with everything saved beside it.
///
/// A model of several tasks (Reed & de Freitas 2016, section 4.4) shares the LSTM core, the heads
/// and the program memory among them; each environment has its own encoder and its own programs
/// in the memory. Executions run one task at a time: `task`, which `select(taskNamed:)` changes.
public final class NPIModel {
    /// Every task the model holds, in its file's order, each with its environment's program table.
    public let tasks: [any NPITask]
    /// The environments of `tasks`, in the order of the network's encoders.
    public let environments: [ModelEnvironment]
    /// The task new executions run: the first of `tasks` until `select(taskNamed:)`.
    public private(set) var task: any NPITask
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
    public convenience init(task: any NPITask, configuration: NetworkConfiguration? = nil, seed: UInt64) {
        // One task always has an environment to itself, and its default sizes fit it.
        try! self.init(tasks: [task], configuration: configuration, seed: seed)
    }

    /// A freshly initialised model for `tasks`; throws an `NPIError` when two of them cannot
    /// share a model (see `ModelEnvironment.grouping`).
    public convenience init(tasks: [any NPITask], configuration: NetworkConfiguration? = nil, seed: UInt64) throws {
        let environments = try ModelEnvironment.grouping(tasks)
        var generator = SeededGenerator(seed: seed)
        let network = NPINetwork<Float>(
            configuration: configuration ?? NPIModel.defaultConfiguration(for: tasks, environments: environments),
            generator: &generator)
        try self.init(tasks: tasks, environments: environments, network: network)
        self.summary.seed = seed
    }

    /// A model around an existing network (used by the model-file loader); throws an `NPIError`
    /// when the network's environments do not fit the tasks.
    public convenience init(
        tasks: [any NPITask], network: NPINetwork<Float>, optimizer: Adam<Float>?, summary: TrainingSummary
    ) throws {
        try self.init(tasks: tasks, environments: ModelEnvironment.grouping(tasks), network: network)
        self.optimizer = optimizer
        self.summary = summary
    }

    private init(tasks: [any NPITask], environments: [ModelEnvironment], network: NPINetwork<Float>) throws {
        let inputs = network.configuration.environments
        guard inputs.count == environments.count else {
            throw NPIError("the network has \(inputs.count) environments, but its tasks need \(environments.count)")
        }
        for (environment, input) in zip(environments, inputs) {
            let task = tasks.first { $0.environmentName == environment.name }!
            guard input.name == (tasks.count == 1 ? "" : environment.name),
                input.observationFeatureCount == task.observationFeatureCount,
                input.maxActiveFeatures == task.maxActiveFeatures,
                input.programIDs.count == environment.programs.count
            else {
                throw NPIError("the network's inputs or programs do not fit the \(environment.name) environment of this npi")
            }
        }
        self.environments = environments
        self.tasks = tasks.map { task in task.running(in: environments.first { $0.name == task.environmentName }!) }
        self.task = self.tasks[0]
        self.network = network
        self.optimizer = nil
        self.summary = TrainingSummary()
    }

    /// Makes `name` the task new executions run; throws an `NPIError` listing the model's tasks.
    public func select(taskNamed name: String) throws {
        guard let chosen = tasks.first(where: { $0.name == name }) else {
            throw NPIError(
                "the model has no task \(NPIError.quote(name)) (it has \(tasks.map(\.name).joined(separator: ", ")))")
        }
        task = chosen
    }

    /// The index of the environment `task` runs in, among the network's environments.
    public func environmentIndex(of task: any NPITask) -> Int {
        environments.firstIndex { $0.name == task.environmentName } ?? 0
    }

    /// The environment the current task runs in.
    public var environmentIndex: Int { environmentIndex(of: task) }

    /// The first of `tasks` that runs in environment `index`: it has that environment's table.
    public func task(inEnvironment index: Int) -> any NPITask {
        tasks.first { environmentIndex(of: $0) == index } ?? task
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

    /// The default sizes for `tasks`; throws an `NPIError` when they cannot share a model.
    public static func defaultConfiguration(for tasks: [any NPITask]) throws -> NetworkConfiguration {
        defaultConfiguration(for: tasks, environments: try ModelEnvironment.grouping(tasks))
    }

    /// The default sizes for `tasks`: one task's, or one named environment per environment, each
    /// owning the next stretch of program-memory rows.
    static func defaultConfiguration(for tasks: [any NPITask], environments: [ModelEnvironment]) -> NetworkConfiguration {
        var configuration = defaultConfiguration(for: tasks[0])
        guard tasks.count > 1 else { return configuration }
        var nextRow = 0
        configuration.environments = environments.map { environment in
            let task = tasks.first { $0.environmentName == environment.name }!
            defer { nextRow += environment.programs.count }
            return NetworkEnvironment(
                name: environment.name, observationFeatureCount: task.observationFeatureCount,
                maxActiveFeatures: task.maxActiveFeatures,
                programIDs: Array(nextRow..<nextRow + environment.programs.count))
        }
        configuration.programCount = nextRow
        return configuration
    }

    /// Number of trainable scalars.
    public var parameterCount: Int { network.parameters.reduce(0) { $0 + $1.value.count } }
}
