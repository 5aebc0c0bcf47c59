// The NPI execution loop (Reed & de Freitas 2016, Algorithm 1) as a resumable machine.
//
// The call stack is data, not Swift recursion: `step()` advances exactly one core step,
// so a shell can pause anywhere and recursive programs can go thousands of frames deep.

/// Who decides each core step: the learned model or a task's teacher.
///
/// A policy keeps per-call state (`FrameState`): the model's LSTM state, the teacher's plan.
/// Every call starts with a fresh state; the caller's state is restored when the call returns.
public protocol StepPolicy: AnyObject {
    associatedtype FrameState
    /// The state a new call of `call` starts from (for the model: a zero core state).
    func beginCall(_ call: Call) -> FrameState
    /// Decides the next step of `call` and advances `state`.
    func decide(
        _ state: inout FrameState, call: Call, environment: any NPIEnvironment
    ) throws -> Decision
}

/// Bounds that stop a runaway execution with a clear message (an `ExecutionLimitError`).
public struct ExecutionLimits: Sendable, Equatable {
    /// Most frames on the call stack at once (the root call is depth 1).
    public var maxDepth: Int
    /// Most core steps in one execution.
    public var maxSteps: Int

    public init(maxDepth: Int, maxSteps: Int) {
        self.maxDepth = maxDepth
        self.maxSteps = maxSteps
    }
}

/// One core step as recorded in a trace (the same schema for model and teacher).
public struct TraceStep: Equatable, Sendable {
    /// 1-based step number within the execution.
    public var number: Int
    /// Depth of the calling frame (the root call is 0).
    public var depth: Int
    /// A number unique to the call instance this step belongs to (steps of one call share it).
    public var frameID: Int
    /// The program running, with its arguments.
    public var current: Call
    /// The task-level observation the step read.
    public var observation: [Int]
    /// What the step decided.
    public var decision: Decision
    /// The decision was imposed (the teacher's, in the shell's `force`), not the policy's own;
    /// `decision.confidence` still holds the model's probabilities at the step.
    public var forced = false
}

/// A step that was decided but could not be carried out: a limit stopped the call it makes, or
/// its primitive could not act. The execution is left as it was before the step (the step count
/// and the frames unchanged); `step` is what was decided, for explaining it.
public struct StepFailure: Error, CustomStringConvertible, Sendable {
    public let step: TraceStep
    public let reason: any Error

    public var description: String { "\(reason)" }
}

/// Runs a policy on an environment one core step at a time.
public final class Interpreter<Policy: StepPolicy> {
    /// A call in progress.
    public struct Frame {
        public let call: Call
        public let id: Int
        /// The number of the step that made this call (0 for the root call).
        public let calledAtStep: Int
        var state: Policy.FrameState
        /// Steps this call has taken so far.
        public internal(set) var stepsTaken = 0
        /// The last step asked to return once its call completes.
        public internal(set) var returnPending = false
    }

    public let task: any NPITask
    public let environment: any NPIEnvironment
    public let policy: Policy
    public var limits: ExecutionLimits
    /// The call stack, outermost call first.
    public private(set) var stack: [Frame] = []
    /// Core steps taken so far.
    public private(set) var stepCount = 0
    private var nextFrameID = 0

    /// Starts `root` (by default the task's root call for the problem `environment` holds) on `environment`.
    public init(
        task: any NPITask, environment: any NPIEnvironment, policy: Policy,
        limits: ExecutionLimits, root: Call? = nil
    ) {
        self.task = task
        self.environment = environment
        self.policy = policy
        self.limits = limits
        push(root ?? task.rootCall(in: environment), calledAtStep: 0)
    }

    /// The running call's policy state (for a batched driver), or nil once finished.
    public var topFrameState: Policy.FrameState? { stack.last?.state }

    /// True once the root call has returned.
    public var isFinished: Bool { stack.isEmpty }

    /// Advances one core step and returns it, or nil if the execution has already finished.
    ///
    /// Throws `ExecutionLimitError.steps` when the step limit is hit, and a `StepFailure` when
    /// the call the step decides on cannot be made (`ExecutionLimitError.depth`, a primitive
    /// that cannot act); the step count, the stack and the environment are then as they were
    /// before the step, so they can be inspected. (The policy's state for the running call has taken the step: the execution
    /// is not meant to go on.)
    @discardableResult
    @_specialize(exported: true, where Policy == ModelPolicy)
    @_specialize(exported: true, where Policy == TeacherPolicy)
    public func step() throws -> TraceStep? {
        try step { state, call, environment in
            try policy.decide(&state, call: call, environment: environment)
        }
    }

    /// Advances one core step decided by `decide` instead of the policy: a batched driver uses
    /// this to hand in decisions it computed for many interpreters at once.
    @discardableResult
    @_specialize(exported: true, where Policy == ModelPolicy)
    @_specialize(exported: true, where Policy == TeacherPolicy)
    public func step(
        deciding decide: (inout Policy.FrameState, Call, any NPIEnvironment) throws -> Decision
    ) throws -> TraceStep? {
        guard let top = stack.indices.last else { return nil }
        guard stepCount < limits.maxSteps else {
            throw ExecutionLimitError.steps(limits.maxSteps)
        }
        let current = stack[top].call
        let observation = environment.observation()
        let decision = try decide(&stack[top].state, current, environment)
        let record = TraceStep(
            number: stepCount + 1, depth: top, frameID: stack[top].id, current: current,
            observation: observation, decision: decision)
        let wasReturning = stack[top].returnPending
        do {
            try perform(decision, from: top, step: record.number)
        } catch {
            // Nothing was pushed or popped: the call was refused before it acted.
            stack[top].returnPending = wasReturning
            throw StepFailure(step: record, reason: error)
        }
        stepCount += 1
        if stack.indices.contains(top) && stack[top].id == record.frameID { stack[top].stepsTaken += 1 }
        return record
    }

    /// Steps until the root call returns.
    public func run() throws {
        while try step() != nil {}
    }

    // MARK: - Calls and returns

    /// Carries out step `step`'s decision, made by the frame at index `top`.
    @_specialize(exported: true, where Policy == ModelPolicy)
    @_specialize(exported: true, where Policy == TeacherPolicy)
    private func perform(_ decision: Decision, from top: Int, step: Int) throws {
        stack[top].returnPending = decision.returns
        guard let call = decision.call, call.program != task.programs.nopID else {
            popReturningFrames()
            return
        }
        let spec = task.programs[call.program]
        switch spec.kind {
        case .primitive:
            try environment.apply(call)
            popReturningFrames()
        case .composite:
            guard stack.count < limits.maxDepth else {
                throw ExecutionLimitError.depth(limits.maxDepth, calling: task.programs.describe(call))
            }
            push(call, calledAtStep: step)
        case .nop:
            popReturningFrames()
        }
    }

    @_specialize(exported: true, where Policy == ModelPolicy)
    @_specialize(exported: true, where Policy == TeacherPolicy)
    private func push(_ call: Call, calledAtStep step: Int) {
        stack.append(Frame(call: call, id: nextFrameID, calledAtStep: step, state: policy.beginCall(call)))
        nextFrameID += 1
    }

    /// Pops the top frame if its last step asked to return, then each caller waiting to return.
    @_specialize(exported: true, where Policy == ModelPolicy)
    @_specialize(exported: true, where Policy == TeacherPolicy)
    private func popReturningFrames() {
        while let last = stack.last, last.returnPending {
            stack.removeLast()
        }
    }
}
