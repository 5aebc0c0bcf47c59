// Commands for breakpoints: break, tbreak, condition, delete, disable, enable, breaks.

extension Shell {
    static let breakpointCommands: [ShellCommand] = [
        ShellCommand(
            "break", aliases: ["b"], usage: "break [PROGRAM | @STEP] [if CONDITION]",
            summary: "stop the model right after the step that calls PROGRAM, or once step STEP is taken",
            details: "Breakpoints are numbered and stop 'step', 'next', 'finish', 'until' and 'run'. After a composite's breakpoint the stack shows the called program on top; after a primitive's (or NOP's), the caller with the action done. CONDITION compares p (the probability shown as p=), r (the return probability), depth (of the calling program; the root is 0) or step (its number) with a number, using < <= > >= == !=, joined by 'and' and 'or', and is tested on the step that makes the call: 'break ADD1 if depth > 3', 'break if p < 0.6' (any step).",
            arguments: atLeast(1), completion: .breakpointLocation
        ) { shell, args in
            try shell.session.setBreakpoint(args, temporary: false)
        },
        ShellCommand(
            "tbreak", usage: "tbreak [PROGRAM | @STEP] [if CONDITION]",
            summary: "a temporary breakpoint: deleted once it stops the model",
            arguments: atLeast(1), completion: .breakpointLocation
        ) { shell, args in
            try shell.session.setBreakpoint(args, temporary: true)
        },
        ShellCommand(
            "condition", usage: "condition N [CONDITION]", summary: "give breakpoint N a condition, or remove it",
            details: "CONDITION as in 'break'.",
            arguments: atLeast(1), completion: .breakpoints(includingPrograms: false)
        ) { shell, args in
            try shell.session.setBreakpointCondition(args)
        },
        ShellCommand(
            "delete", usage: "delete [N | PROGRAM]...", summary: "delete breakpoints by number or program (no argument: all)",
            arguments: atLeast(0), completion: .breakpoints(includingPrograms: true)
        ) { shell, args in
            try shell.session.deleteBreakpoints(args)
        },
        ShellCommand(
            "disable", usage: "disable [N]...", summary: "keep breakpoints but stop nowhere for them (no argument: all)",
            arguments: atLeast(0), completion: .breakpoints(includingPrograms: false)
        ) { shell, args in
            try shell.session.setBreakpointsEnabled(false, args)
        },
        ShellCommand(
            "enable", usage: "enable [N]...", summary: "make disabled breakpoints stop the model again (no argument: all)",
            arguments: atLeast(0), completion: .breakpoints(includingPrograms: false)
        ) { shell, args in
            try shell.session.setBreakpointsEnabled(true, args)
        },
        ShellCommand(
            "breaks", usage: "breaks", summary: "list the breakpoints: number, enabled, hits, where",
            details: "The same as 'info breakpoints'."
        ) { shell, _ in
            shell.session.printBreakpoints()
        },
    ]
}
