// The distinct situations the max teacher meets, and a short list of rows that meets them all,
// as for sort (see SortCoverage and SortCoveringProblems).
//
// A case is a program, the index of a step in its call (0, 1, or 2 for any later step) and the
// observation that step reads. BUBBLESORT runs exactly as in the plain sort task, so its calls
// meet sort's 1,170 cases; MAX, RJMP and the RSHIFT calls of RJMP (which, unlike BSTEP's, see
// ptr1 and ptr2 on one cell and all passes done) add 147, for 1,317 in all.
import NPICore

/// One step's situation: the program running, how far into its call, and what it observes.
public struct MaxCase: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Any program of `MaxProgram.table` (only composites run core steps).
    public var program: ProgramID
    /// The step's index in its call, capped at `SortCase.phaseCount - 1`.
    public var phase: Int
    public var observation: SortObservation

    public init(program: ProgramID, phase: Int, observation: SortObservation) {
        precondition(MaxProgram.table.programs.indices.contains(program), "program id \(program) is not a max program")
        precondition((0..<SortCase.phaseCount).contains(phase), "a phase is 0-2")
        self.program = program
        self.phase = phase
        self.observation = observation
    }

    /// The case of a recorded step: a max program, its 0-based step index in the call and a
    /// well-formed observation.
    public init(program: ProgramID, stepInCall: Int, observation: [Int]) {
        guard let maxObservation = SortObservation(observation) else {
            preconditionFailure("observation \(observation) is not a sort observation")
        }
        self.init(program: program, phase: min(stepInCall, SortCase.phaseCount - 1), observation: maxObservation)
    }

    /// E.g. `RJMP step 0: 1,1 start done`, or `RSHIFT step 2+: 3,_` for any step from the third on.
    public var description: String {
        let step = phase == SortCase.phaseCount - 1 ? "\(phase)+" : "\(phase)"
        return "\(MaxProgram.table[program].name) step \(step): \(observation)"
    }

    public static func < (lhs: MaxCase, rhs: MaxCase) -> Bool { lhs.index < rhs.index }

    // MARK: - Dense index

    /// Distinct cases there could be: every program, phase and well-formed observation.
    static let indexCount = MaxProgram.table.count * SortCase.phaseCount * observationsPerPhase
    private static let observationsPerPhase = SortObservation.symbolCount * SortObservation.symbolCount * 4

    /// A number in `0..<indexCount`, in (program, phase, value1, value2, ptr1AtStart, ptr3AtEnd) order.
    var index: Int {
        let values = observation.value1 * SortObservation.symbolCount + observation.value2
        let flags = (observation.ptr1AtStart ? 2 : 0) + (observation.ptr3AtEnd ? 1 : 0)
        return (program * SortCase.phaseCount + phase) * MaxCase.observationsPerPhase + values * 4 + flags
    }

    // MARK: - Coverage

    /// The cases the teacher meets while solving `problem` (a parsed max problem).
    public static func cases(in problem: Problem) -> Set<MaxCase> {
        let task = MaxTask()
        let interpreter = Interpreter(
            task: task, environment: task.makeEnvironment(for: problem), policy: TeacherPolicy(teacher: task.teacher),
            limits: task.executionLimits(for: problem))
        var found: Set<MaxCase> = []
        do {
            while let stepInCall = interpreter.stack.last?.stepsTaken, let step = try interpreter.step() {
                found.insert(MaxCase(program: step.current.program, stepInCall: stepInCall, observation: step.observation))
            }
        } catch {
            preconditionFailure("the max teacher failed on '\(problem)': \(error)")
        }
        return found
    }

    /// The cases the teacher meets across `problems`.
    public static func cases(in problems: some Sequence<Problem>) -> Set<MaxCase> {
        var found: Set<MaxCase> = []
        for problem in problems { found.formUnion(cases(in: problem)) }
        return found
    }

    // MARK: - Covering problems

    /// Rows of at most `maxSize` elements that together make the teacher meet every case such
    /// rows can produce; for `maxSize` of 4 or more, every case there is.
    ///
    /// As for sort, rows longer than 4 meet no new case (checked by the tests): RJMP and its
    /// RSHIFT calls see each digit of the sorted row with its right neighbour, which rows of 2
    /// already show in every order-respecting pair, and the third step of a call, which rows of
    /// 3 reach. The rows are picked greedily (`greedyCovering`) among all rows of at most
    /// `min(maxSize, 4)` elements, as sort's are: 86 rows from 4 on.
    public static func coveringProblems(upTo maxSize: Int) -> [Problem] {
        precondition(maxSize >= 1, "a row has at least one element")
        let candidates = SortCase.allRows(upTo: min(maxSize, SortCase.saturationLength))
            .map { problem in (problem: problem, cases: cases(in: problem).map(\.index)) }
        return greedyCovering(candidates, caseCount: indexCount)
    }
}
