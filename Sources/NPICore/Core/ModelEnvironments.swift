// How the tasks of one model share environments (section 4.4, Reed & de Freitas 2016): each
// environment has one encoder and one stretch of the program memory, and its tasks run there.

/// An environment of a model: its name, its program table (the longest of its tasks' tables,
/// which all begin alike) and its tasks.
public struct ModelEnvironment: Sendable {
    public let name: String
    /// The environment's programs; their ids are those its calls use.
    public let programs: ProgramTable
    /// The names of the tasks that run in it, in the model's order.
    public let taskNames: [String]

    /// The environments `tasks` need, in order of first use, checking that tasks sharing an
    /// environment can: each must extend the one before it (`max` extends `sort`), so that their
    /// tables begin alike and no program is taught two ways (`sort` and `sort-recursive` cannot
    /// share one model). Throws an `NPIError` naming the tasks.
    public static func grouping(_ tasks: [any NPITask]) throws -> [ModelEnvironment] {
        var names: [String] = []
        var members: [String: [any NPITask]] = [:]
        for task in tasks {
            guard !(members[task.environmentName] ?? []).contains(where: { $0.name == task.name }) else {
                throw NPIError("task '\(task.name)' is named twice")
            }
            if members[task.environmentName] == nil { names.append(task.environmentName) }
            members[task.environmentName, default: []].append(task)
        }
        return try names.map { name in
            let group = members[name]!.sorted { $0.programs.count < $1.programs.count }
            for (shorter, longer) in zip(group, group.dropFirst()) {
                guard longer.extendedTaskName == shorter.name,
                    Array(longer.programs.programs.prefix(shorter.programs.count)) == shorter.programs.programs
                else {
                    throw NPIError(
                        "tasks '\(shorter.name)' and '\(longer.name)' both run in the \(name) environment, and neither extends the other: a model holds one task per environment, besides tasks that add programs to it (max extends sort)")
                }
            }
            return ModelEnvironment(
                name: name, programs: group.last!.programs,
                taskNames: tasks.filter { $0.environmentName == name }.map(\.name))
        }
    }
}

extension NPITask {
    /// The task with the program table of `environment`, which it runs in.
    func running(in environment: ModelEnvironment) -> any NPITask {
        environment.programs == programs ? self : TaskInEnvironment(self, programs: environment.programs)
    }
}
