// The shell's commands. `help`, Tab completion, "did you mean" and the README's command
// reference all come from this one table, assembled from one file per group of commands.
import NPICore

extension Shell {
    /// Every command, in the order `help` lists them.
    public static let commands: [ShellCommand] =
        modelCommands + runningCommands + breakpointCommands + stackCommands + teacherCommands
        + scriptCommands
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
