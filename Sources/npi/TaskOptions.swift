// `--task NAME [--recursive]`: the task a command works on, shared by the subcommands.
import ArgumentParser
import NPICore
import NPITasks

/// Which task, and whether its recursive trace variant (Cai, Shin & Song 2017).
struct TaskOptions: ParsableArguments {
    @Option(help: "The task (\(taskNames); default addition).") var task: String?
    @Flag(help: "Use the task's recursive trace variant (same as --task NAME-recursive).")
    var recursive = false

    /// `--task`, or addition.
    private var base: String { task ?? "addition" }

    /// The registered name: `--task`, with `-recursive` appended for `--recursive`.
    var name: String {
        recursive && !base.hasSuffix("-recursive") ? base + "-recursive" : base
    }

    /// Whether the user named a task (`--task` or `--recursive`), rather than taking the default.
    var isExplicit: Bool { task != nil || recursive }

    /// An unknown task is a usage error of whichever subcommand holds these options: one
    /// message, exit status 64 and that subcommand's usage, even when `--model` makes the task
    /// otherwise unused.
    func validate() throws {
        // `--task` first, so `--task foo --recursive` names the 'foo' the user typed.
        for candidate in [base, name] {
            do { _ = try TaskRegistry.named(candidate) } catch { throw ValidationError("\(error)") }
        }
    }

    /// The registered task these options name (checked by `validate()` before any `run()`).
    func resolve() throws -> any NPITask { try TaskRegistry.named(name) }
}
