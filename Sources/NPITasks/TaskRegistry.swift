// The tasks npi knows, by name. A new task is one line in `all`.
import NPICore

/// Every task npi can train and run, looked up by the name `--task` and model files use.
public enum TaskRegistry {
    /// The registered tasks, in the order listings show them.
    public static let all: [any NPITask] = [
        AdditionTask(),
        AdditionTask(recursive: true),
        SortTask(),
        SortTask(recursive: true),
        QuicksortTask(),
        QuicksortTask(recursive: true),
        MaxTask(),
        HanoiTask(),
    ]

    /// The registered task called `name` (exact, as stored in model files); the error for an
    /// unknown name lists the known ones.
    public static func named(_ name: String) throws -> any NPITask {
        guard let task = all.first(where: { $0.name == name }) else {
            let known = all.map(\.name).joined(separator: ", ")
            throw NPIError("unknown task \(NPIError.quote(name)) (known: \(known))")
        }
        return task
    }
}
