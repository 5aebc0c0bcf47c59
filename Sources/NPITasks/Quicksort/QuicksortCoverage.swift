// The distinct situations the quicksort teacher meets, and a short list of rows that meets them
// all, as for sort (see SortCoverage and SortCoveringProblems).
//
// A case is a program, the index of a step in its call (0 to 3, or 4 for any later step) and
// the observation that step reads. Unlike sort's, the teachers' decisions are not a function of
// the case alone: a recursive call plans once, from its first observation, so PARTITION's second
// step reads the same flags after SWAP(0) (and moves i) as after MOVE_PTR(j) (and calls
// PARTITION); the plain loops plan anew whenever a plan runs out. The core tells these apart by
// what the call read before, so the cases measure coverage only; verification checks whole
// per-call input sequences (QuicksortVerificationSet).
import NPICore

/// One step's situation: the program running, how far into its call, and what it observes.
public struct QuicksortCase: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Steps from the fifth on share one phase: a recursive call takes at most 5 steps.
    public static let phaseCount = 5

    public var program: QuicksortProgram
    /// The step's index in its call, capped at `phaseCount - 1`.
    public var phase: Int
    public var observation: QuicksortObservation

    public init(program: QuicksortProgram, phase: Int, observation: QuicksortObservation) {
        precondition((0..<QuicksortCase.phaseCount).contains(phase), "a phase is 0-4")
        self.program = program
        self.phase = phase
        self.observation = observation
    }

    /// The case of a recorded step: a quicksort program, its 0-based step index in the call and
    /// a well-formed observation.
    public init(program: ProgramID, stepInCall: Int, observation: [Int]) {
        guard let quicksortProgram = QuicksortProgram(rawValue: program),
            let quicksortObservation = QuicksortObservation(observation)
        else {
            preconditionFailure("program \(program) with observation \(observation) is not a quicksort case")
        }
        self.init(
            program: quicksortProgram, phase: min(stepInCall, QuicksortCase.phaseCount - 1),
            observation: quicksortObservation)
    }

    /// E.g. `PARTITION step 0: two <=`, or `QUICKSORT step 4+: two` for any step from the fifth on.
    public var description: String {
        let step = phase == QuicksortCase.phaseCount - 1 ? "\(phase)+" : "\(phase)"
        return "\(program.spec.name) step \(step): \(observation)"
    }

    public static func < (lhs: QuicksortCase, rhs: QuicksortCase) -> Bool { lhs.index < rhs.index }

    // MARK: - Dense index

    /// Distinct cases there could be: every program, phase and well-formed observation.
    static let indexCount = QuicksortProgram.allCases.count * phaseCount * QuicksortObservation.indexCount

    /// A number in `0..<indexCount`, in (program, phase, observation) order.
    var index: Int {
        (program.rawValue * QuicksortCase.phaseCount + phase) * QuicksortObservation.indexCount + observation.index
    }

    // MARK: - Coverage

    /// The cases the teacher meets while solving `problem` (a parsed quicksort problem).
    public static func cases(in problem: Problem, recursive: Bool) -> Set<QuicksortCase> {
        let task = QuicksortTask(recursive: recursive)
        let interpreter = Interpreter(
            task: task, environment: task.makeEnvironment(for: problem), policy: TeacherPolicy(teacher: task.teacher),
            limits: task.executionLimits(for: problem))
        var found: Set<QuicksortCase> = []
        do {
            while let stepInCall = interpreter.stack.last?.stepsTaken, let step = try interpreter.step() {
                found.insert(QuicksortCase(program: step.current.program, stepInCall: stepInCall, observation: step.observation))
            }
        } catch {
            preconditionFailure("the quicksort teacher failed on '\(problem)': \(error)")
        }
        return found
    }

    /// The cases the teacher meets across `problems`.
    public static func cases(in problems: some Sequence<Problem>, recursive: Bool) -> Set<QuicksortCase> {
        var found: Set<QuicksortCase> = []
        for problem in problems { found.formUnion(cases(in: problem, recursive: recursive)) }
        return found
    }

    // MARK: - Covering problems

    /// Rows longer than this meet no case that shorter rows miss (plain 4, recursive 5): an
    /// exhaustive search over all order patterns of up to 6 elements (7, checked once outside the
    /// tests) finds 29 cases (plain) or 25 (recursive), the last of them on 4 or 5 elements, and
    /// random rows of 5 to 60 (checked by the tests) find none beyond them.
    static func saturationLength(recursive: Bool) -> Int { recursive ? 5 : 4 }

    /// Rows of at most `maxSize` elements that together make the teacher meet every case such
    /// rows can produce; for `maxSize` of 4 (plain) or 5 (recursive) or more, every case there is.
    ///
    /// Where the cases come from: QUICKSORT sees a range of one (a row of 1), of none (an empty
    /// part after a SPLIT, from 2 elements on), of two or more before and after PTRS_TO_LO,
    /// PARTITION and SPLIT; PARTITION sees each value at most or above the pivot, before and
    /// after a SWAP(0). Plain, PARTITION's fifth step on a value above the pivot (4 elements) is
    /// the last to appear; recursive, QUICKSORT's fifth step on a right part of two or more left
    /// after a left part that was itself partitioned (5 elements, e.g. `0 0 1 1 0`).
    ///
    /// The rows are picked greedily (`greedyCovering`) among the order patterns of at most
    /// `min(maxSize, saturationLength)` elements (`orderPatterns(upTo:)`), which meet every case
    /// the rows of those lengths meet. The result is deterministic: from 4 elements on, 4 rows
    /// (plain: `2 2 1 0`, `1 2 0 1`, `0`, `1 1 0 1`), from 5 on, 2 (recursive: `1 0 2 0 2`, `0 0 1 2 0`).
    public static func coveringProblems(upTo maxSize: Int, recursive: Bool) -> [Problem] {
        precondition(maxSize >= 1, "a row has at least one element")
        let candidates = orderPatterns(upTo: min(maxSize, saturationLength(recursive: recursive)))
            .map { problem in (problem: problem, cases: cases(in: problem, recursive: recursive).map(\.index)) }
        return greedyCovering(candidates, caseCount: indexCount)
    }

    /// One row per order pattern of 1 to `maxLength` elements (at most 7): each row's digits
    /// are exactly 0 to k - 1 for some k, shorter rows first, each length in digit order.
    ///
    /// The teacher only compares digits, so any row's execution, observations and decisions are
    /// those of the pattern that replaces each digit by its rank among the row's distinct digits
    /// (`3 7 3` becomes `0 1 0`): 1, 3, 13, 75, 541, 4,683 and 47,293 patterns for 1 to 7 elements.
    static func orderPatterns(upTo maxLength: Int) -> [Problem] {
        // Patterns are picked from all length^length rows of digits below the length: 823,543 for 7.
        precondition((1...7).contains(maxLength), "order patterns are listed for 1 to 7 elements")
        var patterns: [Problem] = []
        for length in 1...maxLength {
            var rows: [[Int]] = [[]]
            for _ in 0..<length { rows = rows.flatMap { row in (0..<length).map { row + [$0] } } }
            for row in rows where Set(row).count == row.max()! + 1 {
                patterns.append(Problem(row.map(String.init)))
            }
        }
        return patterns
    }

    /// The order pattern of a row of digits: each digit replaced by its rank among the distinct ones.
    static func orderPattern(of problem: Problem) -> Problem {
        let ranks = Dictionary(uniqueKeysWithValues: Set(problem.words).sorted().enumerated().map { ($1, $0) })
        return Problem(problem.words.map { String(ranks[$0]!) })
    }
}
