// `npi data`: teacher traces as JSON Lines, optionally shown step by step with the scratchpad.
import ArgumentParser
import Foundation
import NPICore

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Write the teacher's execution traces as JSON Lines (one problem per line).",
        discussion: """
            Without PROBLEM, makes --count random problems whose size is drawn from 1 to the \
            largest size (\(largestSizeOptionNames.map { "--" + $0 }.joined(separator: ", ")): one \
            option, named for each task). With PROBLEM (e.g. `npi data 123 456 --show`), traces that one.
            Each line holds the problem, the expected and produced output, and every core step: \
            step, depth, frame, program, arguments, observation, returns (the end flag) and call.
            """)

    @OptionGroup var taskOptions: TaskOptions
    @Option(parsing: .unconditional, help: "How many random problems (at most 1,000,000,000).") var count = 100
    @Option(
        name: optionName(largestSizeOptionNames), parsing: .unconditional,
        help: "Largest problem size (\(sizeMeanings); at most 1,000,000, or the task's own limit), drawn uniformly from 1 to this.")
    var maxDigits = 3
    @Option(parsing: .unconditional, help: "Seed of the random problems.") var seed: UInt64 = 1
    @Option(name: .shortAndLong, help: "Write the traces to this file (atomically).") var output: String?
    @Flag(help: "Print each step and the scratchpad after each primitive acts.") var show = false
    @Argument(help: "One problem instead of random ones, e.g. 123 456.") var problem: [String] = []

    func validate() throws {
        try checkPositive(count, "--count", atMost: InputLimits.problemCount)
        try checkPositive(maxDigits, taskOptions.largestSizeOptionLabel, atMost: InputLimits.problemSize)
        if problem.isEmpty, let task = try? taskOptions.resolve() {
            do { try task.problemSize.check(maxDigits, option: largestSizeOptionLabel(task)) } catch { throw ValidationError("\(error)") }
        }
    }

    func run() throws {
        let task = try taskOptions.resolve()
        // Drawn one at a time as they are traced, so no count makes the problems fill the memory.
        let problems: any Sequence<Problem> =
            problem.isEmpty
            ? RandomProblems(task: task, seed: seed).next(count, sizes: 1...maxDigits) : [try task.parseProblem(problem)]
        guard let output else {
            for problem in problems {
                let record = try traceRecord(problem, task: task)
                if !show { print(try record.jsonLine()) }
            }
            return
        }
        // The first Ctrl-C stops at the next trace and leaves the old file as it was.
        Interrupt.install()
        var written = 0
        try AtomicFile.write(to: output) { file in
            for problem in problems {
                try file.write(try traceRecord(problem, task: task).jsonLine() + "\n")
                written += 1
                if Interrupt.requested { throw NPIError("interrupted after \(written) traces: \(output) is unchanged") }
            }
        }
        printError("wrote \(written == 1 ? "1 trace" : "\(written) traces") to \(EchoedText.escapeLine(output))")
    }

    /// The teacher's trace of `problem` (shown as it runs with --show).
    private func traceRecord(_ problem: Problem, task: any NPITask) throws -> TraceRecord {
        let (steps, result) = try trace(problem, task: task)
        return TraceRecord(task: task, problem: problem, steps: steps, output: result)
    }

    /// Runs the teacher on `problem`, printing it as it goes when --show is on.
    private func trace(_ problem: Problem, task: any NPITask) throws -> ([TraceStep], String) {
        guard show else {
            let trace = try task.teacherTrace(for: problem)
            return (trace.steps, trace.output)
        }
        let environment = task.makeEnvironment(for: problem)
        let interpreter = Interpreter(
            task: task, environment: environment, policy: TeacherPolicy(teacher: task.teacher),
            limits: task.executionLimits(for: problem))
        print("problem \(problem)  expected \(task.expectedOutput(for: problem))")
        print(environment.render(color: false))
        var steps: [TraceStep] = []
        while let step = try interpreter.step() {
            steps.append(step)
            print(task.programs.formatStep(step))
            if let call = step.decision.call, task.programs[call.program].kind == .primitive {
                print(environment.render(color: false))
            }
        }
        print("output \(environment.output)  (\(steps.count) steps)")
        return (steps, environment.output)
    }
}
