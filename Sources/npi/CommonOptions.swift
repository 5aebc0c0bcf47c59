// Options and helpers shared by the subcommands.
import ArgumentParser
import Foundation
import NPICore
import NPITasks

/// The names of the registered tasks, for help texts.
let taskNames = TaskRegistry.all.map(\.name).joined(separator: ", ")

/// The names of `npi eval`'s option of problem sizes, one per way of measuring a problem
/// (`--digits`, `--lengths`, ...): all are the same option, so each task is asked in its own words.
let sizesOptionNames = distinctNames(TaskRegistry.all.map(\.problemSize.sizesOption))

/// The names of the largest-training-size option of `npi train` and `npi data` (`--max-digits`, ...).
let largestSizeOptionNames = distinctNames(TaskRegistry.all.map(\.problemSize.largestOption))

/// What a size counts in each environment, for help texts: `addition: operand digits; sort: elements`.
let sizeMeanings: String = {
    var seen: Set<String> = []
    return TaskRegistry.all.compactMap { task in
        seen.insert(task.environmentName).inserted ? "\(task.environmentName): \(task.problemSize.meaning)" : nil
    }.joined(separator: "; ")
}()

/// One option with every name in `names` (long, without dashes).
func optionName(_ names: [String]) -> NameSpecification {
    NameSpecification(names.map { NameSpecification.Element.customLong($0) })
}

/// An example problem of each environment, for help texts: `123 456 (addition), 5 3 9 1 0 (sort)`.
let exampleProblems: String = {
    var seen: Set<String> = []
    return TaskRegistry.all.compactMap { task in
        seen.insert(task.environmentName).inserted ? "\(task.exampleProblem) (\(task.environmentName))" : nil
    }.joined(separator: ", ")
}()

/// `names` in order, each once.
private func distinctNames(_ names: [String]) -> [String] {
    var seen: Set<String> = []
    return names.filter { seen.insert($0).inserted }
}

/// `--digits`, or the task's own name for the option of sizes (`--lengths`), for messages.
func sizesOptionLabel(_ task: any NPITask) -> String { "--" + task.problemSize.sizesOption }

/// `--max-digits`, or the task's own name for the largest training size (`--max-length`).
func largestSizeOptionLabel(_ task: any NPITask) -> String { "--" + task.problemSize.largestOption }

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
