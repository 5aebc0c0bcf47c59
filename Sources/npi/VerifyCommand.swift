// `npi verify`: proves a model reproduces the teacher on every problem, by checking every
// per-call input sequence of the task's verification set (Cai, Shin & Song 2017, section 3.3).
import ArgumentParser
import Foundation
import NPICore
import NPITasks

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that a model reproduces the teacher on every per-call input sequence.",
        discussion: """
            Every call starts from a fresh core state, so a call's decisions depend only on its \
            own inputs. The teacher runs on the task's verification set, whose executions meet \
            every per-call input sequence any problem can produce; the model is run \
            teacher-forced on each distinct sequence (greedy, α = 0.5). If it matches the \
            teacher everywhere, it reproduces the teacher's trace on every problem of any size. \
            Only tasks whose calls see boundedly many inputs have a verification set (the \
            recursive variants); the exit status is 0 only when every sequence matches.
            """)

    @Option(help: "The model file (default: the shipped model of --task).") var model: String?
    @OptionGroup(title: "The task: its shipped model when --model is not given, or one of the tasks of a --model of several")
    var taskOptions: TaskOptions
    @Option(parsing: .unconditional, help: "Mismatches to list.") var show = 20
    @Flag(help: "Print one JSON object instead of text.") var json = false

    func validate() throws {
        guard show >= 0 else { throw ValidationError("--show must be 0 or more") }
    }

    func run() throws {
        let path = try model ?? ShippedModels.path(forTask: taskOptions.resolve().name)
        let loaded = try loadModel(path: path, options: taskOptions)
        let task = loaded.task
        guard let verificationSet = task.verificationSet() else {
            let verifiable = TaskRegistry.all.filter { $0.verificationSet() != nil }.map(\.name)
            throw NPIError(
                "cannot verify a model of task '\(task.name)': its calls' inputs grow with the problem, so no finite set of problems covers them (tasks that can be verified: \(verifiable.joined(separator: ", ")))"
            )
        }
        let problems = verificationSet.problems
        var teacherBar = ProgressBar(label: "teacher")
        let sequences = try task.callSequences(of: problems) {
            teacherBar.update(Double($0) / Double(problems.count))
        }
        teacherBar.clear()
        var modelBar = ProgressBar(label: "model")
        let report = Verifier(model: loaded).verify(sequences) {
            modelBar.update(Double($0) / Double(sequences.sequences.count))
        }
        modelBar.clear()
        if json {
            try printJSON(report, task: task, path: path, verificationSet: verificationSet)
        } else {
            printText(report, task: task, path: path, verificationSet: verificationSet)
        }
        if !report.isVerified { throw ExitCode.failure }
    }

    // MARK: - Output

    private func printText(
        _ report: VerificationReport, task: any NPITask, path: String, verificationSet: VerificationSet
    ) {
        print("task        \(task.name)")
        print("model       \(EchoedText.escapeLine(path))")
        print("problems    \(verificationSet.problems.count) (the task's verification set)")
        print("sequences   \(report.sequenceCount) distinct per-call input sequences")
        let nameWidth = report.tallies.map { task.programs[$0.program].name.count }.max() ?? 0
        for tally in report.tallies {
            let name = task.programs[tally.program].name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            print("  \(name)  \(tally.sequences) sequences, \(tally.matching) match")
        }
        print("coverage    \(verificationSet.completeness)")
        print("margin      \(String(format: "%.4f", report.minimumMargin)) (smallest gap between a decision and its nearest alternative)")
        for mismatch in report.mismatches.prefix(show) {
            print("  mismatch: \(task.programs.describe(mismatch))")
        }
        if report.mismatches.count > show {
            print("  ... and \(report.mismatches.count - show) more mismatches")
        }
        if report.isVerified {
            print("verified: the model reproduces the teacher on all \(report.sequenceCount) per-call input sequences")
        } else {
            print("NOT verified: \(report.mismatches.count) of \(report.sequenceCount) sequences differ")
        }
    }

    private func printJSON(
        _ report: VerificationReport, task: any NPITask, path: String, verificationSet: VerificationSet
    ) throws {
        let programs = task.programs
        let object = ReportJSON(
            task: task.name, model: path, problems: verificationSet.problems.count,
            completeness: verificationSet.completeness, sequences: report.sequenceCount,
            programs: report.tallies.map {
                ProgramJSON(program: programs[$0.program].name, sequences: $0.sequences, matching: $0.matching)
            },
            minimumMargin: report.minimumMargin, mismatchCount: report.mismatches.count,
            mismatches: report.mismatches.prefix(show).map { mismatch in
                let call = mismatch.sequence.inputs.call
                return MismatchJSON(
                    program: programs[call.program].name,
                    arguments: Array(call.arguments.values.prefix(programs[call.program].arity)),
                    observations: mismatch.sequence.inputs.observations, step: mismatch.step + 1,
                    teacher: programs.describe(mismatch.teacher), model: programs.describe(mismatch.model),
                    problem: mismatch.sequence.problem.words)
            },
            verified: report.isVerified)
        print(try JSONOutput.line(object))
    }

    /// `--json`'s object, with the keys the README documents.
    private struct ReportJSON: Encodable {
        var task: String
        var model: String
        var problems: Int
        var completeness: String
        var sequences: Int
        var programs: [ProgramJSON]
        var minimumMargin: Double
        var mismatchCount: Int
        var mismatches: [MismatchJSON]
        var verified: Bool
    }

    private struct ProgramJSON: Encodable {
        var program: String
        var sequences: Int
        var matching: Int
    }

    private struct MismatchJSON: Encodable {
        var program: String
        var arguments: [Int]
        var observations: [[Int]]
        /// 1-based, within the call.
        var step: Int
        var teacher: String
        var model: String
        var problem: [String]
    }
}
