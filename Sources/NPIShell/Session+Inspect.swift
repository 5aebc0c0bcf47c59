// Looking at the state: show, stack, trace, programs, info, eval, and script assertions.
import Foundation
import NPICore
import NPINeural

extension Session {
    /// `show`: the environment with the pointers marked, the call stack and the step count.
    func show() throws {
        let problem = try requireProblem()
        let environment = modelRun?.environment ?? teacherRun!.environment
        output.message("problem \(shorten(problem.description, limit: 80))  expected \(shorten(task.expectedOutput(for: problem)))")
        output.message(environment.render(color: settings.color))
        if let run = modelRun {
            let stack = run.stack.map { task.programs.describe($0.call) }.joined(separator: " > ")
            let state = run.isFinished ? "finished" : "stack \(stack)"
            output.message("step \(run.stepCount)  \(state)" + (modelFailure.map { "  (stopped: \($0))" } ?? ""))
        } else {
            output.message("no model loaded: only the teacher can run ('load PATH')")
        }
    }

    /// `stack`: the model's running calls, innermost first.
    func printStack() throws {
        let run = try requireModelRun()
        guard !run.isFinished else {
            output.message("the execution has finished (\(run.stepCount) steps)")
            return
        }
        let frames = Array(run.stack.enumerated()).reversed()
        let shown = frames.prefix(20)
        for (depth, frame) in shown {
            output.message("#\(run.stack.count - 1 - depth)  \(task.programs.describe(frame.call))  depth \(depth), \(frame.stepsTaken) steps taken" + (frame.returnPending ? ", returns when its call ends" : ""))
        }
        if frames.count > shown.count { output.message("… \(frames.count - shown.count) outer frames") }
    }

    /// `trace`: the model's steps so far in the step format.
    func printTrace() throws {
        _ = try requireModelRun()
        if modelTrace.isEmpty { output.message("no steps yet; use 'step'") }
        for step in modelTrace { output.message(task.programs.formatStep(step)) }
    }

    /// `trace save FILE`: the model's steps so far as one JSON line (the `npi data` schema).
    func saveTrace(path: String) throws {
        let run = try requireModelRun()
        let record = TraceRecord(
            task: task, problem: problem!, steps: modelTrace, output: run.environment.output)
        try AtomicFile.write(Data((try record.jsonLine() + "\n").utf8), to: path)
        output.message("saved \(modelTrace.count) steps to \(path)")
    }

    /// `programs`: the program memory.
    func printPrograms() {
        output.message("id  name      arity  kind       summary")
        for (id, spec) in task.programs.programs.enumerated() {
            let name = spec.name.padding(toLength: 9, withPad: " ", startingAt: 0)
            output.message("\(String(id).padding(toLength: 3, withPad: " ", startingAt: 0)) \(name) \(spec.arity)      \(spec.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(spec.summary)")
        }
    }

    /// `info`: the loaded model.
    func printInfo() throws {
        let model = try requireModel()
        output.message(ModelDescription.text(of: model, path: modelPath ?? "?"))
    }

    /// `eval N [SIZES]`: the loaded model's accuracy on N random problems per size.
    func evaluate(count: Int, sizes: SizeList) throws {
        let model = try requireModel()
        var evaluator = BatchedEvaluator(model: model)
        evaluator.returnThreshold = settings.alpha
        evaluator.maxDepth = settings.maxDepth
        evaluator.maxSteps = settings.maxSteps
        var generator = SeededGenerator(seed: settings.seed)
        output.message(AccuracyReport.header)
        for size in sizes.sizes {
            let problems = (0..<count).map { _ in task.randomProblem(sizes: size...size, using: &generator) }
            var stopped = false
            let results = evaluator.run(problems, shouldStop: {
                stopped = stopped || takeInterrupt()
                return stopped
            })
            if stopped {
                output.message("interrupted")
                return
            }
            output.message(AccuracyReport.row(size: size, results: results, task: task))
        }
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
        default: throw ShellError("expect diff takes 'none' or 'some', not '\(kind)'")
        }
    }
}
