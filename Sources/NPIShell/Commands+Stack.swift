// Commands for the model's call stack: stack, frame, up, down.
import NPICore

extension Shell {
    static let stackCommands: [ShellCommand] = [
        ShellCommand(
            "stack", aliases: ["bt", "where"], usage: "stack",
            summary: "the model's call stack, innermost first",
            details: "Frame #0 is the innermost call. Each line gives the step that made the call and the steps it has taken; a deep stack lists its 20 innermost frames."
        ) { shell, _ in
            try shell.session.printStack()
        },
        ShellCommand(
            "frame", aliases: ["f"], usage: "frame [N]", summary: "select frame N of the stack (no N: show the selected one)",
            details: "Prints the frame and its latest step; 'show' and 'info frame' then describe it. Any step of the model selects frame #0 again.",
            arguments: 0...1
        ) { shell, args in
            if let text = args.first {
                guard let number = Int(text), number >= 0 else {
                    throw ShellError("N must be a frame number (0 or more), not \(NPIError.quote(text))")
                }
                try shell.session.selectFrame(number: number)
            } else {
                try shell.session.selectFrame()
            }
        },
        ShellCommand(
            "up", usage: "up [N]", summary: "select the frame N calls out (toward the root call; default 1)",
            arguments: 0...1, repeatsOnEmptyLine: true
        ) { shell, args in
            try shell.session.selectFrame(by: try positiveCount(args.first))
        },
        ShellCommand(
            "down", usage: "down [N]", summary: "select the frame N calls in (toward frame #0; default 1)",
            arguments: 0...1, repeatsOnEmptyLine: true
        ) { shell, args in
            try shell.session.selectFrame(by: -(try positiveCount(args.first)))
        },
    ]
}
