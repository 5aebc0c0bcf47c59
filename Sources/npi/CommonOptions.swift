// Options and helpers shared by the subcommands.
import Foundation
import NPICore
import NPITasks

/// The names of the registered tasks, for help texts.
let taskNames = TaskRegistry.all.map(\.name).joined(separator: ", ")

/// A model file given with --model, or the shipped model of the task.
func loadModel(path: String?, task taskName: String = "addition") throws -> NPIModel {
    let resolved = try path ?? ShippedModels.path(forTask: taskName)
    return try ModelFile.load(path: resolved, tasks: TaskRegistry.named)
}

/// The model at `path` (or the shipped model of the task `options` name), with the task the
/// options name selected when the model holds several.
func loadModel(path: String?, options: TaskOptions) throws -> NPIModel {
    let name = try options.resolve().name
    let model = try loadModel(path: path, task: name)
    if model.tasks.count > 1 && options.isExplicit { try model.select(taskNamed: name) }
    return model
}

/// Writes to standard error (progress and diagnostics, never results).
func printError(_ text: String, terminator: String = "\n") {
    FileHandle.standardError.write(Data((text + terminator).utf8))
}

/// True when standard error is a terminal (progress bars go there).
var standardErrorIsTerminal: Bool { isatty(2) != 0 }

/// `npi train`'s and `npi eval`'s default `--threads`: 2 when the machine has 2 cores or more.
/// Their products and updates split in two give the same results as one thread, and stay a
/// little faster than one thread even with another process busy on one of the two cores
/// (measured; see the README). The shell and `npi bench` default to 1.
let defaultComputeThreads = min(2, ProcessInfo.processInfo.activeProcessorCount)
