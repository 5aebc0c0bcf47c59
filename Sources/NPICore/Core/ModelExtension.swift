// Adding a task to a trained model (Reed & de Freitas 2016, section 4.3): the new task's
// programs get new rows in the program memory, and everything else is the trained model's, so
// that training only those rows leaves the core, the encoders and the heads as they were.
import NPINeural

extension NPIModel {
    /// `base` with `task` added, for a task that extends one of `base`'s (max extends sort).
    ///
    /// The new programs' rows are appended to program_embedding and program_keys, initialised as
    /// a fresh network of the same sizes made from `seed` initialises them; every other value is
    /// `base`'s. Throws an `NPIError` when `task` extends none of `base`'s tasks or is one of them.
    public static func extending(_ base: NPIModel, with task: any NPITask, seed: UInt64) throws -> NPIModel {
        let baseTasks = base.tasks.map { ($0 as? TaskInEnvironment)?.base ?? $0 }
        let names = baseTasks.map(\.name).joined(separator: ", ")
        guard !baseTasks.contains(where: { $0.name == task.name }) else {
            throw NPIError("the model already has task '\(task.name)'")
        }
        guard let extended = task.extendedTaskName, baseTasks.contains(where: { $0.name == extended }) else {
            throw NPIError(
                "task '\(task.name)' adds programs to \(task.extendedTaskName.map { "task '\($0)'" } ?? "no task"), which the model does not have (it has \(names))")
        }
        let tasks = baseTasks + [task]
        let environments = try ModelEnvironment.grouping(tasks)
        var configuration = base.network.configuration
        let index = base.environmentIndex(of: task)
        let added = environments[index].programs.count - base.environments[index].programs.count
        for (position, environment) in environments.enumerated() {
            configuration.environments[position].name = environment.name
        }
        configuration.environments[index].programIDs += Array(configuration.programCount..<configuration.programCount + added)
        configuration.programCount += added
        var generator = SeededGenerator(seed: seed)
        let network = NPINetwork<Float>(configuration: configuration, generator: &generator)
        for (old, new) in zip(base.network.parameters, network.parameters) {
            // Row-major with programs as rows: the old rows are the leading entries.
            precondition(old.count <= new.count, "\(new.name) shrank")
            new.value.replaceSubrange(0..<old.count, with: old.value)
        }
        let model = try NPIModel(tasks: tasks, network: network, optimizer: nil, summary: TrainingSummary())
        model.summary.seed = seed
        return model
    }

    /// The entries that train when only program-memory rows `firstProgram...` do: those rows of
    /// program_embedding.weight, program_keys.weight and program_keys.bias, and nothing else
    /// (`Adam.trainableEntries`, in the network's parameter order).
    public func trainableEntries(fromProgram firstProgram: Int) -> [Range<Int>] {
        let rowTensors: Set = ["program_embedding.weight", "program_keys.weight", "program_keys.bias"]
        return network.parameters.map { parameter in
            guard rowTensors.contains(parameter.name) else { return 0..<0 }
            let width = parameter.count / parameter.shape[0]
            return min(firstProgram * width, parameter.count)..<parameter.count
        }
    }
}
