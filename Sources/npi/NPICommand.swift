// The `npi` executable: subcommands to make traces, train, evaluate and describe models.
import ArgumentParser
@preconcurrency import Glibc
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
            InfoCommand.self, VerifyCommand.self, BenchCommand.self,
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
            exit(withError: error)
        }
    }

    /// What a first argument may name: the subcommands, their aliases, and ArgumentParser's `help`.
    static var commandNames: [String] {
        let subcommands = configuration.subcommands.map { $0.configuration }
        return subcommands.compactMap(\.commandName) + subcommands.flatMap(\.aliases) + ["help"]
    }
}
