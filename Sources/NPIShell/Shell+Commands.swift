// Finding a command by what was typed (names, aliases, unique prefixes, as gdb does), and
// `help`, all from the command table.

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
            throw ShellError("\(quoted(name, limit: 30)) is ambiguous: " + candidates.map(\.name).sorted().joined(separator: ", "))
        }
        throw ShellError(unknownCommandMessage(name))
    }

    /// "unknown command 'stpe' — did you mean 'step'?", for a near miss of a command name: one
    /// edit in a word of 3-5 letters, two in a longer one, none in a shorter one.
    func unknownCommandMessage(_ name: String) -> String {
        let shown = quoted(name, limit: 30)
        let allowed = name.count < 3 ? 0 : name.count < 6 ? 1 : 2
        let names = Shell.commands.flatMap(\.names)
        let best = names.map { ($0, editDistance(name, $0)) }.min { $0.1 < $1.1 }
        if let best, best.1 <= allowed, name.count <= 40 {
            return "unknown command \(shown) — did you mean '\(best.0)'?"
        }
        return "unknown command \(shown) — 'help' lists the commands"
    }

    /// `help` lists every command; `help NAME` explains one. Text wraps to the terminal.
    func help(_ name: String?) throws {
        let output = session.output
        guard let name else {
            let width = Shell.commands.map(\.usage.count).max()!
            for command in Shell.commands {
                output.paragraph(
                    command.summary, after: "  " + command.usage.padding(toLength: width, withPad: " ", startingAt: 0) + "  ")
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

/// Edits (insert, delete, replace, or swap two neighbours) between two words, for "did you mean".
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.prefix(64)), b = Array(b.prefix(64))
    guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
    var distance = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { distance[i][0] = i }
    for j in 0...b.count { distance[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let substitution = distance[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            distance[i][j] = min(distance[i - 1][j] + 1, distance[i][j - 1] + 1, substitution)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                distance[i][j] = min(distance[i][j], distance[i - 2][j - 2] + 1)
            }
        }
    }
    return distance[a.count][b.count]
}
