// The `npi` executable: subcommands to make traces, train, evaluate and describe models.
import ArgumentParser
@preconcurrency import Glibc
import NPICore
import NPINeural

@main
struct NPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "npi",
        abstract: "Neural Programmer-Interpreters: train, run and inspect NPI models.",
        discussion: """
            Tasks: \(taskNames). Models are safetensors files; the shipped addition model \
            is used when --model is not given.
            """,
        subcommands: [
            ShellSubcommand.self, DataCommand.self, TrainCommand.self, EvalCommand.self,
            InfoCommand.self, VerifyCommand.self, ViewCommand.self, BenchCommand.self,
        ],
        defaultSubcommand: ShellSubcommand.self)

    static func main() {
        setvbuf(stdout, nil, _IOLBF, 0)  // progress lines appear as they are printed, even in a pipe
        setThreads(1)
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = UnknownCommand.message(arguments: arguments, commands: commandNames) {
            printError("error: \(message)")
            exit(withError: ExitCode.validationFailure)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            fail(with: error)
        }
    }

    /// Ends the program for `error` as ArgumentParser would (the same text and exit code), with
    /// the error's own text escaped: messages repeat paths and values the user or a file gave,
    /// and one with a line break or an escape sequence must not forge a line or drive the
    /// terminal. ArgumentParser's usage lines after the error are kept as lines.
    static func fail(with error: Error) -> Never {
        let code = exitCode(for: error)
        guard code != .success else { exit(withError: error) }  // --help and the like, on stdout
        if let validation = error as? ValidationError {
            printError(EchoedText.escapeLines(fullMessage(for: ValidationError(EchoedText.escapeLine(validation.message)))))
        } else if String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            let message = fullMessage(for: error)
            if !message.isEmpty { printError(EchoedText.escapeLines(message)) }
        } else {
            printError("Error: " + EchoedText.escapeLine("\(error)"))
        }
        Glibc.exit(code.rawValue)
    }

    /// What a first argument may name: the subcommands, their aliases, and ArgumentParser's `help`.
    static var commandNames: [String] {
        let subcommands = configuration.subcommands.map { $0.configuration }
        return subcommands.compactMap(\.commandName) + subcommands.flatMap(\.aliases) + ["help"]
    }
}
