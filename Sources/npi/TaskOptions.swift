// `--task NAME [--recursive]`: the task a command works on, shared by the subcommands.
import ArgumentParser
import NPICore

/// Which task, and whether its recursive trace variant (Cai, Shin & Song 2017).
struct TaskOptions: ParsableArguments {
    @Option(help: "The task (\(taskNames)).") var task = "addition"
    @Flag(help: "Use the task's recursive trace variant (same as --task NAME-recursive).")
    var recursive = false

    /// The registered name: `--task`, with `-recursive` appended for `--recursive`.
    var name: String {
        recursive && !task.hasSuffix("-recursive") ? task + "-recursive" : task
    }

    /// The registered task these options name.
    func resolve() throws -> any NPITask { try taskNamed(name) }
}
