// A test-only driver that runs a sort teacher through NPICore's Interpreter and keeps only
// summaries (a 1,000-element row takes millions of steps, too many to keep as a trace).
import NPICore
import NPITasks

/// Runs a sort task's teacher to completion and records the cases it met and what it decided in each.
struct SortRunner {
    struct Result {
        var output: String
        var steps: Int
        /// The most frames on the stack at once.
        var maxDepth: Int
        /// The most steps any one call took.
        var maxStepsInCall: Int
        /// Every case a core step met.
        var cases: Set<SortCase>
        /// What each case led to; empty unless `recordsDecisions`.
        var decisions: [SortCase: Decision]
        /// Cases that led to two different decisions.
        var conflicts: [SortCase]
    }

    var task: SortTask
    var recordsCases = true
    var recordsDecisions = false

    /// Runs `problem` (already parsed), adding decisions to `decisions` so that conflicts across
    /// several runs are found.
    func run(_ problem: Problem, decisions: [SortCase: Decision] = [:]) throws -> Result {
        let environment = task.makeEnvironment(for: problem)
        let interpreter = Interpreter(
            task: task, environment: environment, policy: TeacherPolicy(teacher: task.teacher),
            limits: ExecutionLimits(maxDepth: 100_000, maxSteps: task.stepLimit(for: problem)))
        var result = Result(
            output: "", steps: 0, maxDepth: 0, maxStepsInCall: 0, cases: [], decisions: decisions, conflicts: [])
        while let frame = interpreter.stack.last {
            let stepInCall = frame.stepsTaken
            let depth = interpreter.stack.count
            guard let step = try interpreter.step() else { break }
            result.steps += 1
            result.maxDepth = max(result.maxDepth, depth)
            result.maxStepsInCall = max(result.maxStepsInCall, stepInCall + 1)
            guard recordsCases || recordsDecisions else { continue }
            // Sort composites take no arguments, so the program stands for the whole call.
            let sortCase = SortCase(program: step.current.program, stepInCall: stepInCall, observation: step.observation)
            result.cases.insert(sortCase)
            if recordsDecisions {
                let decision = Decision(call: step.decision.call, returns: step.decision.returns)
                if let earlier = result.decisions.updateValue(decision, forKey: sortCase), earlier != decision {
                    result.conflicts.append(sortCase)
                }
            }
        }
        result.output = environment.output
        return result
    }
}
