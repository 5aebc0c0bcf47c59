// The shell's commands. `help`, Tab completion, "did you mean" and the README's command
// reference all come from this one table, assembled from one file per group of commands.
import NPICore

extension Shell {
    /// The commands in groups, as `help` lists them.
    static let commandGroups: [(title: String, commands: [ShellCommand])] = [
        ("The model and the problem", modelCommands),
        ("Running the model", runningCommands),
        ("Breakpoints", breakpointCommands),
        ("The call stack", stackCommands),
        ("The teacher", teacherCommands),
        ("Settings and scripts", scriptCommands),
    ]

    /// Every command, in the order `help` lists them.
    public static let commands: [ShellCommand] = commandGroups.flatMap(\.commands)
}

extension Session {
    /// The id of a program typed by name (any case).
    func programID(_ name: String) throws -> ProgramID {
        guard let id = task.programs.id(named: name) else {
            let names = task.programs.programs.map(\.name).joined(separator: ", ")
            throw ShellError("unknown program \(NPIError.quote(name)) (programs: \(names))")
        }
        return id
    }
}
