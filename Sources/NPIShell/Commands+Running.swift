// Commands that move the model's execution: step, next, finish, until, run, back.

extension Shell {
    static let runningCommands: [ShellCommand] = [
        ShellCommand(
            "step", aliases: ["s"], usage: "step [N]", summary: "advance the model by N core steps (default 1)",
            details: "Each step prints: step number, the running call (indented by depth; deeper than 8 it shows its depth as [N]), the return probability r, the call it makes and the probability p of that choice, and 'return' when it returns. The rows a primitive changed follow (the whole picture with 'set display on'). Stops early at a breakpoint; Ctrl-C interrupts it.",
            arguments: 0...1, repeatsOnEmptyLine: true
        ) { shell, args in
            try shell.session.stepModel(try positiveCount(args.first))
        },
        ShellCommand(
            "next", aliases: ["n"], usage: "next [N]", summary: "N steps at this depth, running each call they make to its end",
            details: "A breakpoint inside a call stops it there.",
            arguments: 0...1, repeatsOnEmptyLine: true
        ) { shell, args in
            try shell.session.nextModel(try positiveCount(args.first))
        },
        ShellCommand(
            "finish", usage: "finish", summary: "run until the current call returns",
            details: "A breakpoint stops it first."
        ) { shell, _ in
            try shell.session.finishCall()
        },
        ShellCommand(
            "until", aliases: ["u"], usage: "until N", summary: "run until step N has been taken",
            details: "A breakpoint stops it first. For an earlier step use 'back'.",
            arguments: 1...1
        ) { shell, args in
            try shell.session.runUntil(step: try positiveCount(args[0]))
        },
        ShellCommand(
            "run", aliases: ["r", "continue", "c"], usage: "run",
            summary: "run to the end, a breakpoint or the step limit; print the output",
            details: "After a breakpoint it continues from there. Ctrl-C interrupts it and returns to the prompt."
        ) { shell, _ in
            try shell.session.runModel()
        },
        ShellCommand(
            "back", usage: "back [N]", summary: "step the model back N steps (default 1)",
            details: "Executions are deterministic, so the model replays the problem from the start to that step without printing or stopping at breakpoints, and reaches exactly the state it was in there (with the current settings).",
            arguments: 0...1, repeatsOnEmptyLine: true
        ) { shell, args in
            try shell.session.stepBack(try positiveCount(args.first))
        },
    ]
}
