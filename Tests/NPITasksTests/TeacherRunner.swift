// A test-only driver for the addition teacher, independent of NPICore's Interpreter, so the
// teacher is checked against the plain definition of the "return after the call" convention.
import NPICore
import NPITasks

/// Runs a task's teacher to completion with an explicit stack of (call, plan) frames.
struct TeacherRunner {
    /// One step as `caller -> callee`, indented by the caller's depth, with ` return` if it returns.
    struct Result {
        var environment: AdditionEnvironment
        var trace: [String]
        /// The observation at the start of every ADD1 call, in order.
        var add1Observations: [[Int]]
        var steps: Int
    }

    private struct Frame {
        var call: Call
        var plan: [Decision] = []
        /// The step that made the current callee asked to return once it completes.
        var returnPending = false
    }

    var task = AdditionTask()
    var recordsTrace = true

    func run(_ problem: Problem) throws -> Result {
        let environment = task.makeEnvironment(for: problem) as! AdditionEnvironment
        let programs = task.programs
        let stepLimit = task.stepLimit(for: problem)
        var result = Result(environment: environment, trace: [], add1Observations: [], steps: 0)
        var stack = [Frame(call: task.rootCall)]
        while let top = stack.indices.last {
            guard result.steps < stepLimit else { throw NPIError("runner: step limit \(stepLimit) reached") }
            if stack[top].plan.isEmpty {
                stack[top].plan = task.teacher.plan(for: stack[top].call, environment: environment)
                guard !stack[top].plan.isEmpty else { throw NPIError("runner: empty plan") }
            }
            let decision = stack[top].plan.removeFirst()
            result.steps += 1
            if recordsTrace {
                let callee = decision.call.map(programs.describe) ?? "NOP"
                let indent = String(repeating: "  ", count: top)
                let caller = programs.describe(stack[top].call)
                result.trace.append("\(indent)\(caller) -> \(callee)\(decision.returns ? " return" : "")")
            }
            stack[top].returnPending = decision.returns
            if let call = decision.call, programs[call.program].kind == .composite {
                if call.program == AdditionProgram.add1.id {
                    result.add1Observations.append(environment.observation())
                }
                stack.append(Frame(call: call))
                continue
            }
            if let call = decision.call, programs[call.program].kind == .primitive {
                try environment.apply(call)
            }
            // The step is complete: pop this frame if it returns, then every caller waiting on it.
            while let last = stack.last, last.returnPending { stack.removeLast() }
        }
        return result
    }
}
