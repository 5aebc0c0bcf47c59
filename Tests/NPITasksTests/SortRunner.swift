// A test-only driver that runs a sort or max teacher through NPICore's Interpreter and keeps only
// summaries (a 1,000-element row takes millions of steps, too many to keep as a trace).
import NPICore
import NPITasks

/// Runs a task's teacher on a sort row to completion and records the cases it met (`SortCase`
/// for the sort tasks, `MaxCase` for max) and what it decided in each.
struct SortRunner<Case: Hashable> {
    struct Result {
        /// The environment as the teacher left it.
        var environment: any NPIEnvironment
        var output: String
        var steps: Int
        /// The most frames on the stack at once.
        var maxDepth: Int
        /// The most steps any one call took.
        var maxStepsInCall: Int
        /// Every case a core step met.
        var cases: Set<Case>
        /// What each case led to; empty unless `recordsDecisions`.
        var decisions: [Case: Decision]
        /// Cases that led to two different decisions.
        var conflicts: [Case]
    }

    var task: any NPITask
    /// The case of a step from its program, its 0-based index in the call and its observation.
    var caseOf: (ProgramID, Int, [Int]) -> Case
    var recordsCases = true
    var recordsDecisions = false

    /// Runs `problem` (already parsed), adding decisions to `decisions` so that conflicts across
    /// several runs are found.
    func run(_ problem: Problem, decisions: [Case: Decision] = [:]) throws -> Result {
        let environment = task.makeEnvironment(for: problem)
        let interpreter = Interpreter(
            task: task, environment: environment, policy: TeacherPolicy(teacher: task.teacher),
            limits: ExecutionLimits(maxDepth: 100_000, maxSteps: task.stepLimit(for: problem)))
        var result = Result(
            environment: environment, output: "", steps: 0, maxDepth: 0, maxStepsInCall: 0, cases: [],
            decisions: decisions, conflicts: [])
        while let frame = interpreter.stack.last {
            let stepInCall = frame.stepsTaken
            let depth = interpreter.stack.count
            guard let step = try interpreter.step() else { break }
            result.steps += 1
            result.maxDepth = max(result.maxDepth, depth)
            result.maxStepsInCall = max(result.maxStepsInCall, stepInCall + 1)
            guard recordsCases || recordsDecisions else { continue }
            // Sort and max composites take no arguments, so the program stands for the whole call.
            let stepCase = caseOf(step.current.program, stepInCall, step.observation)
            result.cases.insert(stepCase)
            if recordsDecisions {
                let decision = Decision(call: step.decision.call, returns: step.decision.returns)
                if let earlier = result.decisions.updateValue(decision, forKey: stepCase), earlier != decision {
                    result.conflicts.append(stepCase)
                }
            }
        }
        result.output = environment.output
        return result
    }
}

extension SortRunner where Case == SortCase {
    /// A runner of a sort task's teacher.
    init(task: SortTask, recordsCases: Bool = true, recordsDecisions: Bool = false) {
        self.init(
            task: task, caseOf: SortCase.init(program:stepInCall:observation:), recordsCases: recordsCases,
            recordsDecisions: recordsDecisions)
    }
}

extension SortRunner where Case == MaxCase {
    /// A runner of the max task's teacher.
    init(task: MaxTask, recordsCases: Bool = true, recordsDecisions: Bool = false) {
        self.init(
            task: task, caseOf: MaxCase.init(program:stepInCall:observation:), recordsCases: recordsCases,
            recordsDecisions: recordsDecisions)
    }
}
