// `--task NAME [--recursive]`: the task a command works on, shared by the subcommands;
// `npi train` also takes several (`--task addition,sort`) for one model of several tasks.
import ArgumentParser
import NPICore
import NPITasks

/// Which task, and whether its recursive trace variant (Cai, Shin & Song 2017).
struct TaskOptions: ParsableArguments {
    @Option(help: "The task (\(taskNames); default addition). npi train takes a comma-separated list for one model of several tasks.")
    var task: String?
    @Flag(help: "Use the task's recursive trace variant (same as --task NAME-recursive; with a list, for each).")
    var recursive = false

    /// `--task`, or addition.
    private var base: String { task ?? "addition" }

    /// The names `--task` lists, as typed.
    private var typedNames: [String] { base.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }

    /// The registered names: each of `--task`, with `-recursive` appended for `--recursive`.
    var names: [String] {
        typedNames.map { recursive && !$0.hasSuffix("-recursive") ? $0 + "-recursive" : $0 }
    }

    /// The registered name of a single task (the list as typed when there are several).
    var name: String { names.joined(separator: ",") }

    /// Whether the user named a task (`--task` or `--recursive`), rather than taking the default.
    var isExplicit: Bool { task != nil || recursive }

    /// An unknown task is a usage error of whichever subcommand holds these options: one
    /// message, exit status 64 and that subcommand's usage, even when `--model` makes the task
    /// otherwise unused.
    func validate() throws {
        // `--task` first, so `--task foo --recursive` names the 'foo' the user typed.
        for candidate in typedNames + names {
            do { _ = try TaskRegistry.named(candidate) } catch { throw ValidationError("\(error)") }
        }
    }

    /// The one registered task these options name; a list is a usage error (only `npi train`
    /// takes one).
    func resolve() throws -> any NPITask {
        guard names.count == 1 else {
            throw ValidationError("--task names \(names.count) tasks; only npi train takes a list")
        }
        return try TaskRegistry.named(names[0])
    }

    /// The name of the option of problem sizes in the words of the task named (`--lengths` for
    /// sort), or `--digits` when the options name none or several.
    var sizesOptionLabel: String {
        (try? resolve()).map(npi.sizesOptionLabel) ?? "--" + sizesOptionNames[0]
    }

    /// The name of the largest-training-size option in the words of the first task named.
    var largestSizeOptionLabel: String {
        (try? resolveAll().first).flatMap { $0 }.map(npi.largestSizeOptionLabel) ?? "--" + largestSizeOptionNames[0]
    }

    /// Every task these options name, in order.
    func resolveAll() throws -> [any NPITask] { try names.map(TaskRegistry.named) }
}
