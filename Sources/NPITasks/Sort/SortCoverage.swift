// The distinct situations the bubble-sort teacher meets, so training data can be checked to
// contain every one (the analogue of Cai et al. 2017's verification set V, section 3.3).
//
// A case is a program, the index of a step in its call (0, 1, or 2 for any later step) and the
// observation that step reads. The teachers' decisions are a function of the case, so a model
// that decides every case as the teacher does reproduces the teacher on any row. With 484
// observations there could be 14,520 cases; each teacher meets 1,170, all of them already on
// rows of at most 4 elements (see SortCoveringProblems).
import NPICore

/// One step's situation: the program running, how far into its call, and what it observes.
public struct SortCase: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Steps from the third on share one phase: no teacher decision depends on counting further.
    public static let phaseCount = 3

    public var program: SortProgram
    /// The step's index in its call, capped at `phaseCount - 1`.
    public var phase: Int
    public var observation: SortObservation

    public init(program: SortProgram, phase: Int, observation: SortObservation) {
        precondition((0..<SortCase.phaseCount).contains(phase), "a phase is 0-2")
        self.program = program
        self.phase = phase
        self.observation = observation
    }

    /// The case of a recorded step: a sort program, its 0-based step index in the call and a
    /// well-formed observation.
    public init(program: ProgramID, stepInCall: Int, observation: [Int]) {
        guard let sortProgram = SortProgram(rawValue: program), let sortObservation = SortObservation(observation) else {
            preconditionFailure("program \(program) with observation \(observation) is not a sort case")
        }
        self.init(program: sortProgram, phase: min(stepInCall, SortCase.phaseCount - 1), observation: sortObservation)
    }

    /// E.g. `COMPSWAP step 0: 5,3 start`, or `BSTEP step 2+: 3,_` for any step from the third on.
    public var description: String {
        let step = phase == SortCase.phaseCount - 1 ? "\(phase)+" : "\(phase)"
        return "\(program.spec.name) step \(step): \(observation)"
    }

    public static func < (lhs: SortCase, rhs: SortCase) -> Bool { lhs.index < rhs.index }

    // MARK: - Dense index

    /// Distinct cases there could be: every program, phase and well-formed observation.
    static let indexCount = SortProgram.allCases.count * phaseCount * observationsPerPhase
    private static let observationsPerPhase = SortObservation.symbolCount * SortObservation.symbolCount * 4

    /// A number in `0..<indexCount`, in (program, phase, value1, value2, ptr1AtStart, ptr3AtEnd) order.
    var index: Int {
        let values = observation.value1 * SortObservation.symbolCount + observation.value2
        let flags = (observation.ptr1AtStart ? 2 : 0) + (observation.ptr3AtEnd ? 1 : 0)
        return (program.rawValue * SortCase.phaseCount + phase) * SortCase.observationsPerPhase + values * 4 + flags
    }

    // MARK: - Coverage

    /// The cases the teacher meets while solving `problem` (a parsed sort problem).
    public static func cases(in problem: Problem, recursive: Bool) -> Set<SortCase> {
        let task = SortTask(recursive: recursive)
        let interpreter = Interpreter(
            task: task, environment: task.makeEnvironment(for: problem), policy: TeacherPolicy(teacher: task.teacher),
            limits: ExecutionLimits(maxDepth: task.depthLimit(for: problem), maxSteps: task.stepLimit(for: problem)))
        var found: Set<SortCase> = []
        do {
            while let stepInCall = interpreter.stack.last?.stepsTaken, let step = try interpreter.step() {
                found.insert(SortCase(program: step.current.program, stepInCall: stepInCall, observation: step.observation))
            }
        } catch {
            preconditionFailure("the sort teacher failed on '\(problem)': \(error)")
        }
        return found
    }

    /// The cases the teacher meets across `problems`.
    public static func cases(in problems: some Sequence<Problem>, recursive: Bool) -> Set<SortCase> {
        var found: Set<SortCase> = []
        for problem in problems { found.formUnion(cases(in: problem, recursive: recursive)) }
        return found
    }
}
