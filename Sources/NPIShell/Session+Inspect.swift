// Looking at the state: show, stack, trace, programs, info, eval, and script assertions.
import Foundation
import NPICore
import NPINeural

extension Session {
    /// `show`: the picture with the pointers marked, the call stack and the step count, and the
    /// selected frame when it is not the innermost.
    func show() throws {
        let problem = try requireProblem()
        output.message(problemLine(problem))
        guard let run = modelRun else {
            output.message(teacherRun!.environment.render(color: settings.color))
            output.message("no model loaded: only the teacher can run ('load PATH')")
            return
        }
        output.message(run.environment.render(color: settings.color))
        let forced = forcedSteps.filter { $0 <= run.stepCount }.sorted()
        output.message(status(of: run.stack.map(\.call), steps: run.stepCount, finished: run.isFinished)
            + (forced.isEmpty ? "" : "  (forced: \(forced.map(String.init).joined(separator: ", ")))")
            + (modelFailure.map { "  (stopped: \($0))" } ?? ""))
        if selectedFrame > 0, !run.isFinished, selectedFrame < run.stack.count {
            output.message("selected " + frameLine(run.stack[run.stack.count - 1 - selectedFrame], index: selectedFrame))
        }
    }

    /// `show teacher`: the model's picture and stack beside the teacher's, each at its own step.
    func showTeacher() throws {
        let problem = try requireProblem()
        guard let teacher = teacherRun else { return }
        output.message(problemLine(problem))
        let teacherSide = "teacher\n" + teacher.environment.render(color: settings.color) + "\n"
            + status(of: teacher.stack.map(\.call), steps: teacher.stepCount, finished: teacher.isFinished)
        guard let run = modelRun else {
            output.message(teacherSide)
            return
        }
        let modelSide = "model\n" + run.environment.render(color: settings.color) + "\n"
            + status(of: run.stack.map(\.call), steps: run.stepCount, finished: run.isFinished)
        output.message(sideBySide(modelSide, teacherSide))
    }

    /// `problem 123 456  expected 579`, long operands and answers shortened, and a long list of
    /// words cut after the whole (shortened) words that fit, with their count.
    func problemLine(_ problem: Problem) -> String {
        let words = Problem(problem.words.map { shorten($0, limit: 24) }).abbreviated(counting: "word", limit: 80)
        return "problem \(words)  expected \(shorten(task.expectedOutput(for: problem)))"
    }

    /// `step 13  stack ADD > ADD1`, or `step 26  finished`.
    func status(of calls: [Call], steps: Int, finished: Bool) -> String {
        "step \(steps)  " + (finished ? "finished" : "stack " + task.programs.describeStack(calls))
    }

    /// `stack`: the model's running calls, innermost first (the innermost 20 of a deep stack).
    func printStack() throws {
        let run = try requireModelRun()
        guard !run.isFinished else {
            output.message("the execution has finished (\(plural(run.stepCount, "step")))")
            return
        }
        let shown = min(run.stack.count, 20)
        for index in 0..<shown {
            let frame = run.stack[run.stack.count - 1 - index]
            output.message(frameLine(frame, index: index) + (index == selectedFrame && index > 0 ? "  (selected)" : ""))
        }
        if run.stack.count > shown { output.message("… \(plural(run.stack.count - shown, "outer frame"))") }
    }

    /// `trace`: the model's steps so far in the step format.
    func printTrace() throws {
        _ = try requireModelRun()
        if modelTrace.isEmpty { output.message("no steps yet; use 'step'") }
        for step in modelTrace { output.message(task.programs.formatStep(step)) }
    }

    /// `trace save [--overwrite] FILE`: the model's steps so far as one JSON line (the
    /// `npi data` schema). An existing file is kept unless `overwrite`.
    func saveTrace(path: String, overwrite: Bool) throws {
        let run = try requireModelRun()
        let resolved = expandedPath(path)
        if !overwrite, FileManager.default.fileExists(atPath: resolved) {
            throw ShellError("\(shorten(path)) exists; 'trace save --overwrite \(shorten(path))' replaces it")
        }
        let record = TraceRecord(
            task: task, problem: problem!, steps: modelTrace, output: run.environment.output)
        try AtomicFile.write(Data((try record.jsonLine() + "\n").utf8), to: resolved)
        output.message("saved \(plural(modelTrace.count, "step")) to \(EchoedText.escapeLine(path))")
    }

    /// `programs`: the program memory.
    func printPrograms() {
        if let model, model.tasks.count > 1 {
            printMemory(of: model)
            return
        }
        // The name column fits the longest name (PTRS_TO_LO), so no name is cut.
        let width = max(9, task.programs.programs.map(\.name.count).max() ?? 0)
        output.message("id  " + "name".padding(toLength: width, withPad: " ", startingAt: 0) + " arity  kind       summary")
        for (id, spec) in task.programs.programs.enumerated() {
            let name = spec.name.padding(toLength: width, withPad: " ", startingAt: 0)
            output.message("\(String(id).padding(toLength: 3, withPad: " ", startingAt: 0)) \(name) \(spec.arity)      \(spec.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(spec.summary)")
        }
    }

    /// `programs` for a model of several tasks: each environment's programs with their rows.
    private func printMemory(of model: NPIModel) {
        let width = max(11, model.environments.flatMap { $0.programs.programs.map(\.name.count) }.max() ?? 0)
        output.message("row  environment  id  " + "name".padding(toLength: width, withPad: " ", startingAt: 0) + " arity  kind       summary")
        for (index, environment) in model.environments.enumerated() {
            let rows = model.network.configuration.environments[index].programIDs
            let mark = index == model.environmentIndex ? "*" : " "
            for (id, spec) in environment.programs.programs.enumerated() {
                let columns = [
                    String(rows[id]).padding(toLength: 4, withPad: " ", startingAt: 0),
                    (mark + environment.name).padding(toLength: 12, withPad: " ", startingAt: 0),
                    String(id).padding(toLength: 3, withPad: " ", startingAt: 0),
                    spec.name.padding(toLength: width, withPad: " ", startingAt: 0),
                    String(spec.arity).padding(toLength: 6, withPad: " ", startingAt: 0),
                    spec.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0), spec.summary,
                ]
                output.message(columns.joined(separator: " "))
            }
        }
    }

    /// `info`: the loaded model.
    func printInfo() throws {
        let model = try requireModel()
        output.message(ModelDescription.text(of: model, path: modelPath ?? "?"))
    }

    /// `info cache`: whether the call cache is on, and what its caches have served and hold.
    func printCacheInfo() {
        output.message("call cache: \(settings.cache ? "on" : "off ('set cache on' turns it on)")")
        if let cache = stepCache {
            output.message("  steps      \(cache.statistics.text), at most \(cache.byteLimit >> 20) MB")
        }
        if let cache = lastEvalCache {
            output.message("  last eval  \(cache.statistics.text)")
        }
    }

    /// `eval N [SIZES]`: the loaded model's accuracy on N random problems per size.
    func evaluate(count: Int, sizes: SizeList) throws {
        let model = try requireModel()
        try checkProblemSizes(sizes)
        var evaluator = BatchedEvaluator(model: model)
        evaluator.returnThreshold = settings.alpha
        evaluator.maxDepth = settings.maxDepth
        evaluator.maxSteps = settings.maxSteps
        evaluator.cache = settings.cache ? CallCache() : nil
        lastEvalCache = evaluator.cache
        let problems = RandomProblems(task: task, seed: settings.seed)
        output.message(AccuracyReport.header)
        for size in sizes.sizes {
            var tally = AccuracyTally()
            let finished = evaluator.run(problems.next(count, sizes: size...size), shouldStop: takeInterrupt) {
                tally.add($1, at: $0)
            }
            guard finished else {
                output.message("interrupted")
                return
            }
            output.message(AccuracyReport.row(size: size, tally: tally, task: task, hint: ShellError.hint(for:)))
        }
    }

    /// `eval N SIZES --diff`: where the model decides differently from the teacher,
    /// teacher-forced, over N random problems per size (drawn as they are used).
    func printDivergences(count: Int, sizes: SizeList) throws {
        let model = try requireModel()
        try checkProblemSizes(sizes)
        var statistics = DivergenceStatistics(model: model)
        statistics.returnThreshold = settings.alpha
        let random = RandomProblems(task: task, seed: settings.seed)
        let problems = sizes.sizes.lazy.flatMap { random.next(count, sizes: $0...$0) }
        guard let report = try statistics.run(problems, shouldStop: takeInterrupt) else {
            output.message("interrupted")
            return
        }
        for line in report.lines(task: task) { output.message(line) }
    }

    // MARK: - Assertions for scripts

    /// `expect output VALUE...`: the model's output equals VALUE (the words joined by single spaces).
    func expectOutput(_ value: String) throws {
        let run = try requireModelRun()
        let produced = run.environment.output
        guard produced == value else {
            throw ShellError("expected output \(shorten(value)), got \(shorten(produced))")
        }
    }

    /// `expect correct`: the model's output equals the true answer.
    func expectCorrect() throws {
        let run = try requireModelRun()
        let expected = task.expectedOutput(for: problem!)
        guard run.environment.output == expected else {
            throw ShellError("expected the correct answer \(shorten(expected)), got \(shorten(run.environment.output))")
        }
    }

    /// `expect diff none|some`: what the last `diff` found.
    func expectDiff(_ kind: String) throws {
        guard let found = lastDiffFoundDivergence else { throw ShellError("no 'diff' has run for this problem") }
        switch kind {
        case "none": if found { throw ShellError("expected no divergence, but the last diff found one") }
        case "some": if !found { throw ShellError("expected a divergence, but the last diff found none") }
        default: throw ShellError("expect diff takes 'none' or 'some', not \(NPIError.quote(kind))")
        }
    }

    /// `expect step N`: the model has taken exactly N steps.
    func expectStep(_ text: String) throws {
        let run = try requireModelRun()
        guard let expected = Int(text), expected >= 0 else {
            throw ShellError("expect step takes a step number (0 or more), not \(NPIError.quote(text))")
        }
        guard run.stepCount == expected else {
            throw ShellError("expected the model at step \(expected), but it is at step \(run.stepCount)")
        }
    }

    /// `expect stack NAME...`: the model's call stack, innermost first; a word matches a frame
    /// by program name (any case) or as the call is printed (`WRITE(1,4)`).
    func expectStack(_ words: [String]) throws {
        let run = try requireModelRun()
        let calls = Array(run.stack.reversed().map(\.call))
        let matches = words.count == calls.count && zip(words, calls).allSatisfy { word, call in
            task.programs.describe(call) == word || task.programs.id(named: word) == call.program
        }
        guard matches else {
            let actual = calls.isEmpty ? "empty (the execution has finished)" : calls.map(task.programs.describe).joined(separator: " ")
            throw ShellError("expected the stack \(shorten(words.joined(separator: " "))), got \(shorten(actual))")
        }
    }
}

extension Session {
    /// An error unless every size of `sizes` is one the task's problems can have (hanoi: at
    /// most 20 disks), before any problem is made.
    private func checkProblemSizes(_ sizes: SizeList) throws {
        for size in sizes.sizes { try task.problemSize.check(size, option: "size") }
    }
}
