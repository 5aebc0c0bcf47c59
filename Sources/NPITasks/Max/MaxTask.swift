// Finding the largest element as an NPI task (Reed & de Freitas 2016, section 4.3): bubble sort,
// then a jump to the right end of the row.
import NPICore
import NPINeural

/// Finds the largest of a row of digits 0-9 of any length: MAX sorts the row with the plain
/// BUBBLESORT, then RJMP moves ptr1 to the last element, which is the answer.
///
/// The environment, the observation and its encoding are the plain sort task's, and the program
/// table is sort's (ids 0-9, unchanged) followed by RJMP (10) and MAX (11), so a model trained
/// on `sort` can learn MAX by adding two programs to its memory.
public struct MaxTask: NPITask {
    /// Problems, their notation and the observation are the plain sort task's.
    private let sort = SortTask()

    public init() {}

    public var name: String { "max" }
    /// MAX runs in the sort environment, on its encoder.
    public var environmentName: String { "sort" }
    /// MAX calls the plain sort's BUBBLESORT, and adds RJMP and MAX to sort's programs: a model
    /// of `sort` can learn it with the core frozen (`npi train --task max --base FILE --freeze-core`).
    public var extendedTaskName: String? { "sort" }
    public var programs: ProgramTable { MaxProgram.table }
    /// MAX with no arguments.
    public var rootCall: Call { MaxCall.max }
    public var teacher: any NPITeacher { MaxTeacher() }

    // MARK: - Observation encoding

    /// Sort's 26 features: value1 and value2 one-hot over 11 symbols, then each flag as no/yes.
    public var observationFeatureCount: Int { sort.observationFeatureCount }
    /// One feature per block is active.
    public var maxActiveFeatures: Int { sort.maxActiveFeatures }

    /// Sort's features: `[value1, 11 + value2, 22 + ptr1AtStart, 24 + ptr3AtEnd]`, or the
    /// single feature -1 for a malformed observation.
    public func features(of observation: [Int]) -> [Int] {
        sort.features(of: observation)
    }

    // MARK: - Problems

    public var exampleProblem: Problem { Problem(["3", "9", "1", "4"]) }

    /// Checks that there is at least one element and that each word is a single digit 0-9.
    public func parseProblem(_ words: [String]) throws -> Problem {
        try sort.parseProblem(words)
    }

    /// The row as sort writes it: `3 9 1 4`, a long row cut to its first elements and its length.
    public func notation(of problem: Problem) -> String {
        sort.notation(of: problem)
    }

    /// A row whose length is uniform in `sizes`, each element then uniform in 0-9.
    public func randomProblem(sizes: ClosedRange<Int>, using generator: inout SeededGenerator) -> Problem {
        sort.randomProblem(sizes: sizes, using: &generator)
    }

    /// Problems of at most `maxSize` elements in which the teacher meets every case such rows allow.
    public func coveringProblems(upTo maxSize: Int) -> [Problem] {
        MaxCase.coveringProblems(upTo: maxSize)
    }

    /// Arrays of 20 elements, as for sort: about 3,400 core steps each, nearly all BUBBLESORT's.
    public var problemSize: ProblemSize { sort.problemSize }
    public var lengthCheckSize: Int { sort.lengthCheckSize }
    /// 1e-3, the rate of the shipped MAX (with the core frozen); sort's plain default is higher.
    public var defaultLearningRate: Double { 1e-3 }
    /// Trained alone, 200 rows of up to 10, as plain sort: on rows of up to 3 (1,000 of them) its
    /// loss stalled at 0.46 with 75 of 200 held-out rows solved for 22 epochs; on rows of up to
    /// 10 it solved them after 2.75 epochs (at 3e-3 it did too, then lost them again).
    public var defaultTrainingSize: Int { 10 }
    public var defaultTrainingCount: Int { 200 }

    public func makeEnvironment(for problem: Problem) -> any NPIEnvironment {
        MaxEnvironment(SortTask.parsedDigits(problem))
    }

    /// Twice the teacher's exact step count, which depends only on the length n: MAX 2,
    /// BUBBLESORT and its calls as in plain sort ((n - 1)(9n - 4) + 1, see
    /// `SortTask.stepLimit(for:)`), and RJMP 3n + 1 (n RSHIFT calls of 2 steps each, and n + 1
    /// steps of its own: the RSHIFTs and the final MOVE_PTR).
    public func stepLimit(for problem: Problem) -> Int {
        2 * teacherSteps(length: problem.words.count)
    }

    /// The teacher's exact step count for a row of `length` elements (see `stepLimit(for:)`).
    public func teacherSteps(length: Int) -> Int {
        2 + sort.teacherSteps(length: length) + 3 * length + 1
    }

    /// Twice the most frames the teacher's execution holds at once: 5 (MAX, BUBBLESORT, BUBBLE,
    /// BSTEP, then COMPSWAP or RSHIFT), or 3 for a row of 1, whose BUBBLESORT returns at once
    /// (MAX, RJMP, RSHIFT).
    public func depthLimit(for problem: Problem) -> Int {
        2 * teacherDepth(length: problem.words.count)
    }

    /// The most frames the teacher's execution holds at once for a row of `length` (see `depthLimit(for:)`).
    public func teacherDepth(length: Int) -> Int {
        length == 1 ? 3 : 5
    }

    /// The largest digit, e.g. "9" for `3 9 1 4`.
    public func expectedOutput(for problem: Problem) -> String {
        // Single digits compare as strings as they do as numbers.
        problem.words.max()!
    }

    /// As for sort: `ptr1 5, ptr2 _, ptr1 not at the start, all passes done`.
    public func describeObservation(_ observation: [Int]) -> String {
        sort.describeObservation(observation)
    }

    /// None: MAX sorts with the plain BUBBLESORT, whose BUBBLE and RESET calls take a step per
    /// element, as RJMP does, so their inputs grow without bound (as for the plain `sort`).
    public func verificationSet() -> VerificationSet? { nil }
}
