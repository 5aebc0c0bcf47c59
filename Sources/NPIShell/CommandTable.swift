// The shell's commands. `help`, Tab completion, "did you mean" and the README's command
// reference all come from this one table.
import NPICore
import NPITasks

extension Shell {
    /// Every command, in the order `help` lists them.
    public static let commands: [ShellCommand] = [
        ShellCommand(
            "load", usage: "load [PATH]", summary: "load a model file (no path: the shipped model)",
            details: "Resets the model's and the teacher's executions; keeps the problem if the task is the same.",
            completion: .files
        ) { shell, args in
            try expectArgumentCount(args, 0...1)
            try shell.session.load(path: args.first)
            shell.session.output.message("loaded \(shell.session.modelPath ?? "") (\(shell.session.task.name))")
        },
        ShellCommand(
            "task", usage: "task [NAME]", summary: "show the task, or switch to another with its shipped model",
            details: "With no name, lists the tasks and marks the current one. With a name, loads that task's shipped model (or none, if it has none: the teacher still runs) and clears the problem.",
            completion: .words(TaskRegistry.all.map(\.name), filesAfter: [])
        ) { shell, args in
            try expectArgumentCount(args, 0...1)
            guard let name = args.first else {
                for task in TaskRegistry.all {
                    shell.session.output.message("\(task.name == shell.session.task.name ? "*" : " ") \(task.name)")
                }
                return
            }
            shell.session.output.message(try shell.session.switchTask(to: name))
        },
        ShellCommand("info", usage: "info", summary: "describe the loaded model") { shell, args in
            try expectArgumentCount(args, 0...0)
            try shell.session.printInfo()
        },
        ShellCommand(
            "env", usage: "env ARGS...", summary: "set up a problem, e.g. 'env 123 456'",
            details: "Resets the model's and the teacher's executions to the start of the problem."
        ) { shell, args in
            try shell.session.setProblem(args)
            shell.session.output.message("problem \(shorten(shell.session.problem!.description, limit: 80))  expected \(shorten(shell.session.task.expectedOutput(for: shell.session.problem!)))")
        },
        ShellCommand(
            "show", usage: "show", summary: "the scratchpad with the pointers marked, the stack and the step count"
        ) { shell, args in
            try expectArgumentCount(args, 0...0)
            try shell.session.show()
        },
        ShellCommand(
            "step", aliases: ["s"], usage: "step [N]", summary: "advance the model by N core steps (default 1)",
            details: "Each step prints: step number, the running call (indented by depth), the return probability r, the call it makes and the probability p of that choice, and 'return' when it returns. The scratchpad rows a primitive changed follow.",
            repeatsOnEmptyLine: true
        ) { shell, args in
            try expectArgumentCount(args, 0...1)
            try shell.session.stepModel(try positiveCount(args.first))
        },
        ShellCommand(
            "next", aliases: ["n"], usage: "next [N]", summary: "N steps at this depth, running each call they make to its end",
            repeatsOnEmptyLine: true
        ) { shell, args in
            try expectArgumentCount(args, 0...1)
            try shell.session.nextModel(try positiveCount(args.first))
        },
        ShellCommand("finish", usage: "finish", summary: "run until the current call returns") { shell, args in
            try expectArgumentCount(args, 0...0)
            try shell.session.finishCall()
        },
        ShellCommand(
            "run", usage: "run", summary: "run to the end, a breakpoint or the step limit; print the output",
            details: "Ctrl-C interrupts it and returns to the prompt."
        ) { shell, args in
            try expectArgumentCount(args, 0...0)
            try shell.session.runModel()
        },
        ShellCommand(
            "break", aliases: ["b"], usage: "break PROGRAM", summary: "stop 'run', 'next' and 'finish' when PROGRAM is called",
            completion: .programs
        ) { shell, args in
            try expectArgumentCount(args, 1...1)
            let id = try shell.session.programID(args[0])
            shell.session.breakpoints.insert(id)
            shell.session.output.message("breakpoint at \(shell.session.task.programs[id].name)")
        },
        ShellCommand(
            "delete", usage: "delete [PROGRAM]", summary: "remove a breakpoint (no argument: all of them)",
            completion: .programs
        ) { shell, args in
            try expectArgumentCount(args, 0...1)
            if let name = args.first {
                let id = try shell.session.programID(name)
                guard shell.session.breakpoints.remove(id) != nil else {
                    throw ShellError("no breakpoint at \(shell.session.task.programs[id].name)")
                }
            } else {
                shell.session.breakpoints = []
            }
        },
        ShellCommand("breaks", usage: "breaks", summary: "list the breakpoints") { shell, args in
            try expectArgumentCount(args, 0...0)
            let names = shell.session.breakpoints.sorted().map { shell.session.task.programs[$0].name }
            shell.session.output.message(names.isEmpty ? "no breakpoints" : "breakpoints: " + names.joined(separator: ", "))
        },
        ShellCommand(
            "stack", aliases: ["bt"], usage: "stack", summary: "the model's call stack, innermost first"
        ) { shell, args in
            try expectArgumentCount(args, 0...0)
            try shell.session.printStack()
        },
        ShellCommand(
            "teacher", usage: "teacher [run | step [N]]", summary: "the teacher's trace, in the same format as the model's",
            details: "'teacher' or 'teacher run' prints the teacher's steps to the end; 'teacher step N' advances the teacher by N steps, showing the rows its primitives change.",
            completion: .words(["run", "step"], filesAfter: [])
        ) { shell, args in
            try expectArgumentCount(args, 0...2)
            switch args.first {
            case nil, "run":
                guard args.count <= 1 else { throw ShellError("too many arguments") }
                try shell.session.stepTeacher(nil)
            case "step": try shell.session.stepTeacher(try positiveCount(args.count > 1 ? args[1] : nil))
            case let other?: throw ShellError("unknown teacher command '\(other)' (run, step)")
            }
        },
        ShellCommand(
            "diff", usage: "diff [--all]", summary: "run model and teacher in lock-step and stop at the first divergence",
            details: "Prints the step, the call stack, what the teacher did and what the model did, with the model's probabilities for both, and the scratchpad. '--all' feeds the model the teacher's state at every step and lists every disagreement with counts per program.",
            completion: .words(["--all"], filesAfter: [])
        ) { shell, args in
            try expectArgumentCount(args, 0...1)
            switch args.first {
            case nil: try shell.session.diffFirst()
            case "--all": try shell.session.diffAll()
            case let other?: throw ShellError("unknown option '\(other)' (--all)")
            }
        },
        ShellCommand(
            "trace", usage: "trace [save FILE]", summary: "print the model's trace so far, or save it as JSON Lines",
            completion: .words(["save"], filesAfter: ["save"])
        ) { shell, args in
            switch args.count {
            case 0: try shell.session.printTrace()
            case 2 where args[0] == "save": try shell.session.saveTrace(path: args[1])
            default: throw ShellError("expected 'trace' or 'trace save FILE'")
            }
        },
        ShellCommand("programs", usage: "programs", summary: "the program memory: id, name, arity, kind") { shell, args in
            try expectArgumentCount(args, 0...0)
            shell.session.printPrograms()
        },
        ShellCommand(
            "set", usage: "set [NAME VALUE]", summary: "show or change a setting",
            details: "alpha (return threshold, 0.5), max-steps (N or auto), max-depth (N or auto), color on|off, echo on|off, bail on|off (stop a script at its first error), seed (of 'eval'), threads (1, or 2 to split each single problem's step over two cores).",
            completion: .settings
        ) { shell, args in
            switch args.count {
            case 0: shell.session.output.message(shell.session.settings.listing.joined(separator: "\n"))
            case 2:
                try shell.session.settings.set(args[0], to: args[1])
                shell.session.settingsChanged()
            default: throw ShellError("expected 'set' or 'set NAME VALUE'")
            }
        },
        ShellCommand(
            "eval", usage: "eval N [SIZES]", summary: "accuracy of the model on N random problems per size (default 1-8)",
            details: "SIZES is N, N-M or a comma-separated list, as in 'npi eval --digits'. Ctrl-C interrupts it."
        ) { shell, args in
            try expectArgumentCount(args, 1...2)
            let count = try positiveCount(args[0])
            let sizes: SizeList
            do { sizes = try SizeList(args.count > 1 ? args[1] : "1-8") } catch { throw ShellError("\(error)") }
            try shell.session.evaluate(count: count, sizes: sizes)
        },
        ShellCommand(
            "expect", usage: "expect WHAT [VALUE...]",
            summary: "assert something in a script; a failing expect is an error",
            details: "'expect output VALUE...' compares the model's output (several words are joined by single spaces, as in a sort's output '0 1 3 5 9'); 'expect correct' checks it is the true answer; 'expect diff none|some' checks the last diff; 'expect error' passes only if the previous command failed.",
            completion: .words(["output", "correct", "diff", "error"], filesAfter: [])
        ) { shell, args in
            switch (args.first, args.count) {
            case ("output", 2...): try shell.session.expectOutput(args.dropFirst().joined(separator: " "))
            case ("correct", 1): try shell.session.expectCorrect()
            case ("diff", 2): try shell.session.expectDiff(args[1])
            case ("error", 1):
                guard shell.previousCommandFailed else { throw ShellError("expected the previous command to fail, but it succeeded") }
            default: throw ShellError("expected 'expect output VALUE...', 'expect correct', 'expect diff none|some' or 'expect error'")
            }
        },
        ShellCommand("source", usage: "source FILE", summary: "run the commands in a script file", completion: .files) { shell, args in
            try expectArgumentCount(args, 1...1)
            try shell.source(path: args[0])
        },
        ShellCommand("help", aliases: ["?"], usage: "help [COMMAND]", summary: "list the commands, or explain one", completion: .commands) { shell, args in
            try expectArgumentCount(args, 0...1)
            try shell.help(args.first)
        },
        ShellCommand("quit", aliases: ["exit"], usage: "quit", summary: "leave the shell") { shell, args in
            try expectArgumentCount(args, 0...0)
            shell.quitRequested = true
        },
    ]
}

extension Session {
    /// The id of a program typed by name (any case).
    func programID(_ name: String) throws -> ProgramID {
        guard let id = task.programs.id(named: name) else {
            let names = task.programs.programs.map(\.name).joined(separator: ", ")
            throw ShellError("unknown program '\(shorten(name, limit: 30))' (programs: \(names))")
        }
        return id
    }
}
