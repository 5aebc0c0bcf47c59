// `npi view`: a model's execution of one problem beside its teacher's, as a self-contained
// HTML page (the shell's `view` writes the same page for the session's problem).
import ArgumentParser
import Foundation
import NPICore
import NPIView
import SafeTensors

struct ViewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Write an HTML page showing a model's execution of one problem beside its teacher's.",
        discussion: """
            The page is one file that opens from disk and fetches nothing: both executions as \
            call trees, step beside step, the first divergence (as the shell's diff finds it) and \
            every teacher-forced disagreement (diff --all) marked, the environment after the \
            selected step, and the model's decision there as bars (what why shows). E.g. \
            `npi view --model Samples/models/addition-undertrained.safetensors 128 256 -o view.html`. \
            A model `npi train` wrote also gets its training curves (loss, held-out accuracy and \
            the length check, against epochs and seconds); `--training` without a problem writes \
            a page of the curves alone. A page shows at most 100,000 steps of each execution; a \
            problem whose teacher needs more is refused.
            """)

    @Option(help: "The model file (default: the shipped model of --task).") var model: String?
    @OptionGroup(title: "The task: its shipped model when --model is not given, or one of the tasks of a --model of several")
    var taskOptions: TaskOptions
    @Option(parsing: .unconditional, help: "α, the return threshold.") var alpha = 0.5
    @Option(name: .shortAndLong, help: "The HTML file to write (atomically).") var output: String
    @Flag(help: "Replace an existing --output file instead of refusing.") var overwrite = false
    @Flag(help: "Show the model's training curves (alone when no problem is given).") var training = false
    @Argument(help: "The problem, as the shell's env takes it: \(exampleProblems).")
    var problem: [String] = []

    func validate() throws {
        guard (0...1).contains(alpha) else { throw ValidationError("--alpha must be in 0...1") }
        guard training || !problem.isEmpty else {
            throw ValidationError("give a problem (e.g. 128 256), or --training for the training curves alone")
        }
        guard overwrite || !FileManager.default.fileExists(atPath: output) else {
            throw ValidationError("\(output) exists; use --overwrite to replace it")
        }
    }

    func run() throws {
        let path = try model ?? ShippedModels.path(forTask: taskOptions.resolve().name)
        let loaded = try loadModel(path: path, options: taskOptions)
        let curves = training || !loaded.history.isEmpty ? [TrainingCurves.section(for: loaded.history)] : []
        guard !problem.isEmpty else {
            let page = ViewPage.html(title: "training of \(loaded.task.name)", subtitle: path, sections: curves)
            try AtomicFile.write(Data(page.utf8), to: output)
            printError("wrote \(EchoedText.escapeLine(output)): the training curves of \(EchoedText.escapeLine(path)) (\(loaded.history.count) points)")
            return
        }
        let parsed = try loaded.task.parseProblem(problem)
        let comparison = try ExecutionComparison.record(
            model: loaded, problem: parsed, modelPath: path, returnThreshold: alpha, cache: CallCache())!
        let page = try ViewPage.html(for: comparison, sections: curves)
        try AtomicFile.write(Data(page.utf8), to: output)
        printError("wrote \(EchoedText.escapeLine(output)): \(comparison.summary)")
    }
}
