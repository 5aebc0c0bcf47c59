// Finding a command by what was typed (names, aliases, unique prefixes, as gdb does), and
// `help`, all from the command table.
import NPICore

extension Shell {
    /// The command called `name`: a name or alias, else the only command with a name or alias
    /// that starts with `name` (`fin` is `finish`); nil if there is none or several.
    public func command(named name: String) -> ShellCommand? {
        try? resolveCommand(name)
    }

    /// The command `name` means, or an error: unknown (with the nearest name), or ambiguous
    /// (with the commands it could mean).
    func resolveCommand(_ name: String) throws -> ShellCommand {
        if let exact = Shell.commands.first(where: { $0.names.contains(name) }) { return exact }
        let candidates = Shell.commands.filter { $0.names.contains { $0.hasPrefix(name) } }
        if candidates.count == 1 { return candidates[0] }
        if candidates.count > 1 {
            throw ShellError("\(NPIError.quote(name)) is ambiguous: " + candidates.map(\.name).sorted().joined(separator: ", "))
        }
        throw ShellError(unknownCommandMessage(name))
    }

    /// "unknown command 'stpe' — did you mean 'step'?", for a near miss of a command name.
    func unknownCommandMessage(_ name: String) -> String {
        let shown = NPIError.quote(name)
        if let nearest = NearestName.nearest(to: name, among: Shell.commands.flatMap(\.names)) {
            return "unknown command \(shown) — did you mean '\(nearest)'?"
        }
        return "unknown command \(shown) — 'help' lists the commands"
    }

    /// `help` lists every command; `help NAME` explains one. Text wraps to the terminal.
    func help(_ name: String?) throws {
        let output = session.output
        guard let name else {
            let width = Shell.commands.map(\.name.count).max()!
            for (title, commands) in Shell.commandGroups {
                output.message(title + ":")
                for command in commands {
                    output.paragraph(
                        command.summary, after: "  " + command.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  ")
                }
            }
            output.paragraph(
                "Commands can be separated by ';', '#' starts a comment, and a command can be shortened to any prefix only it has (fin: finish). An empty line repeats the last step, next, back, up or down. 'help COMMAND' explains one.")
            return
        }
        let command = try resolveCommand(name)
        output.message("usage: \(command.usage)")
        output.paragraph(command.summary.prefix(1).uppercased() + command.summary.dropFirst() + ".")
        if !command.details.isEmpty { output.paragraph(command.details) }
        if !command.aliases.isEmpty { output.message("aliases: " + command.aliases.joined(separator: ", ")) }
    }
}
