// `npi` with no arguments, `npi shell [FILE...]` and `npi FILE.npis`: the interactive shell
// and its scripts.
import ArgumentParser
import Foundation
import NPICore
import NPIShell

struct ShellSubcommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Open the interactive shell, or run .npis scripts (the default command).",
        discussion: """
            With no FILE, reads commands from the terminal (line editing, history in \
            ~/.npi_history, Tab completion) or, when standard input is not a terminal, from it. \
            The shipped addition model is loaded at start (if it is missing, a warning: the \
            teacher still works); a --model that cannot be loaded is an error. Type 'help' in the \
            shell for its commands.
            """)

    @Option(help: "Load this model instead of the shipped one.") var model: String?
    @Argument(help: "Script files to run, in order (e.g. Samples/tour.npis).") var files: [String] = []

    func run() throws {
        let terminal = isatty(0) != 0 && isatty(1) != 0
        let output = ShellOutput.standard()
        let session = Session(output: output, shippedModelPath: { try ShippedModels.path(forTask: $0) })
        // https://no-color.org: a NO_COLOR that is set but empty does not turn colour off.
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR", default: ""]
        session.settings.color = terminal && noColor.isEmpty
        ShellInterrupt.install()
        do {
            try session.load(path: model)
        } catch let error where model == nil {
            // Without a model the teacher still runs, so a missing shipped model only warns; a
            // model the user named that cannot be loaded stops here, not at the first `run`.
            output.error("warning: \(error)")
        }
        let shell = Shell(session: session)
        if !files.isEmpty {
            for file in files {
                let status = shell.runScript(path: file)
                if status != 0 { throw ExitCode(status) }
            }
            return
        }
        let source: LineSource
        if terminal {
            let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
            let history = LineEditor.usableHistoryPath((home as NSString).appendingPathComponent(".npi_history"))
            if let problem = history.problem { output.error("warning: \(problem); history is kept for this session only") }
            source = LineEditor.makeIfTerminal(historyPath: history.path, completer: ShellCompleter(shell: shell))
                ?? StandardInputLineSource()
            output.message("npi shell: \(session.modelPath.map { "model \(EchoedText.escapeLine($0))" } ?? "no model") — 'help' lists the commands, 'quit' leaves")
        } else {
            source = StandardInputLineSource()
        }
        let status = shell.run(from: source)
        if status != 0 { throw ExitCode(status) }
    }
}
