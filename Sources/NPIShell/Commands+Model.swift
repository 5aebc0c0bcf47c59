// Commands for the model and the problem: load, task, info, env, restart, show, programs.
import NPICore
import NPITasks

extension Shell {
    static let modelCommands: [ShellCommand] = [
        ShellCommand(
            "load", usage: "load [PATH]", summary: "load a model file (no path: the shipped model)",
            details: "Resets the model's and the teacher's executions; keeps the problem and the breakpoints if the task is the same, and clears them (saying so) if it is not. '~' is the home folder.",
            arguments: 0...1, completion: .files
        ) { shell, args in
            let note = try shell.session.load(path: args.first)
            shell.session.output.message(
                "loaded \(EchoedText.escapeLine(shell.session.modelPath ?? "")) (\(shell.session.task.name))" + (note.map { "; " + $0 } ?? ""))
        },
        ShellCommand(
            "task", usage: "task [NAME]", summary: "show the task, or switch to another (in the loaded model if it has it)",
            details: "With no name, lists the tasks, marks the current one with * and those the loaded model holds with +. With a name, switches to that task within the loaded model when the model holds it (a model of several tasks: no reload), else loads the task's shipped model (or none, if it has none: the teacher still runs); either way it clears the problem (and, for another task, the breakpoints).",
            arguments: 0...1, completion: .words(TaskRegistry.all.map(\.name), filesAfter: [])
        ) { shell, args in
            guard let name = args.first else {
                let held = Set(shell.session.model?.tasks.map(\.name) ?? [])
                for task in TaskRegistry.all {
                    let mark = task.name == shell.session.task.name ? "*" : held.contains(task.name) ? "+" : " "
                    shell.session.output.message("\(mark) \(task.name)")
                }
                return
            }
            shell.session.output.message(try shell.session.switchTask(to: name))
        },
        ShellCommand(
            "info", usage: "info [model | breakpoints | frame | cache]",
            summary: "describe the loaded model, the breakpoints, the selected frame or the call cache",
            details: "'info' and 'info model' describe the model file; 'info breakpoints' lists the breakpoints as 'breaks' does; 'info frame' describes the selected frame: its call and arguments, the step that called it, its steps so far, the observation it started from and its latest step; 'info cache' shows what the call cache (see 'set cache') has served and holds, for single steps and for the latest 'eval'.",
            arguments: 0...1, completion: .words(["model", "breakpoints", "frame", "cache"], filesAfter: [])
        ) { shell, args in
            switch args.first {
            case nil, "model": try shell.session.printInfo()
            case "breakpoints", "break", "b": shell.session.printBreakpoints()
            case "frame", "f": try shell.session.printFrameInfo()
            case "cache": shell.session.printCacheInfo()
            case let other?: throw ShellError("unknown info command \(NPIError.quote(other)) (model, breakpoints, frame, cache)")
            }
        },
        ShellCommand(
            "env", usage: "env ARGS...", summary: "set up a problem, e.g. 'env 123 456'",
            details: "Resets the model's and the teacher's executions to the start of the problem.",
            arguments: atLeast(0)
        ) { shell, args in
            try shell.session.setProblem(args)
            let session = shell.session
            session.output.message(session.problemLine(session.problem!))
        },
        ShellCommand(
            "restart", usage: "restart", summary: "the same problem again from step 0, for the model and the teacher",
            details: "Breakpoints and settings stay."
        ) { shell, _ in
            try shell.session.restart()
        },
        ShellCommand(
            "show", usage: "show [teacher]", summary: "the picture with the pointers marked, the stack and the step count",
            details: "After 'up', 'down' or 'frame' it also names the selected frame. 'show teacher' puts the model's picture and stack beside the teacher's, each at its own step.",
            arguments: 0...1, completion: .words(["teacher"], filesAfter: [])
        ) { shell, args in
            switch args.first {
            case nil: try shell.session.show()
            case "teacher": try shell.session.showTeacher()
            case let other?: throw ShellError("unknown show command \(NPIError.quote(other)) (teacher)")
            }
        },
        ShellCommand(
            "programs", usage: "programs", summary: "the program memory: id, name, arity, kind",
            details: "In a model of several tasks, every program of every environment, with its row in the shared memory; the current task's environment is marked with *."
        ) { shell, _ in
            shell.session.printPrograms()
        },
    ]
}
