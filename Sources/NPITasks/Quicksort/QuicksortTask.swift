// Quicksort as an NPI task (after Cai, Shin & Song 2017, appendix A.4-A.5, with the ranges on a
// stack in the environment): problems, observation encoding, teacher and limits.
import NPICore
import NPINeural

/// Sorts a row of digits 0-9 of any length into ascending order with Lomuto's quicksort.
///
/// The core sees `[stackEmpty, rangeHasTwo, jAtHigh, lessOrEqual]`: whether ranges are left
/// to sort, whether the top one has two elements or more, whether the scan pointer j is on
/// its last cell (the pivot), and whether the value under j is at most the pivot; see
/// `QuicksortObservation`. Problems are the sort task's rows. The plain and recursive tasks share
/// the program table and the environment, and differ only in their teacher (`QuicksortTeacher`).
public struct QuicksortTask: NPITask {
    /// Whether the teacher sorts each range in its own QUICKSORT call instead of a loop.
    public let recursive: Bool

    public init(recursive: Bool = false) { self.recursive = recursive }

    /// "quicksort", or "quicksort-recursive" for the recursive teacher.
    public var name: String { recursive ? "quicksort-recursive" : "quicksort" }
    /// The plain and recursive tasks run in the same environment.
    public var environmentName: String { "quicksort" }
    public var programs: ProgramTable { QuicksortProgram.table }
    /// QUICKSORT with no arguments.
    public var rootCall: Call { QuicksortCall.quicksort }
    public var teacher: any NPITeacher { QuicksortTeacher(recursive: recursive) }

    // MARK: - Observation encoding

    /// 8 features: each of the four flags as no/yes.
    public var observationFeatureCount: Int { QuicksortObservation.featureCount }
    /// One feature per flag is active.
    public var maxActiveFeatures: Int { QuicksortObservation.activeFeatureCount }

    /// `[stackEmpty, 2 + rangeHasTwo, 4 + jAtHigh, 6 + lessOrEqual]`.
    ///
    /// An observation read from a file may be malformed; rather than trap, one that is not four
    /// flags 0 or 1 gets the single feature -1, which no range check accepts.
    public func features(of observation: [Int]) -> [Int] {
        QuicksortObservation(observation)?.features ?? [-1]
    }

    // MARK: - Problems

    /// The array Cai et al. verify their quicksort on (appendix A.5).
    public var exampleProblem: Problem { Problem(["8", "2", "1", "2", "0", "8", "5", "8", "3", "7"]) }

    /// Checks that there are 1 to 10,000 elements, each word a single digit 0-9.
    public func parseProblem(_ words: [String]) throws -> Problem {
        guard words.count <= QuicksortTask.maxLength else {
            throw NPIError(
                "a row of \(words.count) elements is longer than quicksort's \(QuicksortTask.maxLength) (its step limit is found by simulating the partitions, quadratic on sorted rows)")
        }
        _ = try SortTask.digits(words)
        return Problem(words)
    }

    /// The longest row: the step and depth limits come from simulating the partitions, which
    /// takes quadratic time on sorted or constant rows (20,000 equal digits: 1.8 s).
    static let maxLength = 10_000

    /// The row as typed after `env`, a long row cut to its first elements and its length, as for sort.
    public func notation(of problem: Problem) -> String {
        problem.abbreviated(counting: "element")
    }

    /// A row whose length is uniform in `sizes`, each element then uniform in 0-9 (sort's rows).
    public func randomProblem(sizes: ClosedRange<Int>, using generator: inout SeededGenerator) -> Problem {
        SortTask().randomProblem(sizes: sizes, using: &generator)
    }

    /// Problems of at most `maxSize` elements in which the teacher meets every case such rows allow.
    public func coveringProblems(upTo maxSize: Int) -> [Problem] {
        QuicksortCase.coveringProblems(upTo: maxSize, recursive: recursive)
    }

    /// Rows of 50 elements: about 1,260 core steps each (recursive; 900 plain) for random digits.
    /// Sizes count a row's elements, at most 10,000: `--lengths`, `--max-length`.
    public var problemSize: ProblemSize {
        ProblemSize(sizesOption: "lengths", largestOption: "max-length", meaning: "elements", limit: QuicksortTask.maxLength)
    }

    public var lengthCheckSize: Int { 50 }
    /// 0.001 for both teachers (rows of up to 5): recursive, the held-out rows were all solved
    /// after 2.1 epochs (seed 1) and 4.6 (seed 2), against 6.5 at 0.003; plain, after 14.6 and
    /// 8.1 epochs, where 0.003 took 5.9 (seed 1) but never solved them in 100 epochs of seed 2.
    public var defaultLearningRate: Double { 1e-3 }
    /// Rows of up to 5 elements, like Cai et al.'s four training traces: every case either
    /// teacher meets already occurs in rows of up to 5.
    public var defaultTrainingSize: Int { 5 }

    public func makeEnvironment(for problem: Problem) -> any NPIEnvironment {
        QuicksortEnvironment(SortTask.parsedDigits(problem))
    }

    /// Twice the teacher's exact step count, which depends on the order of the digits (see
    /// `QuicksortTeacherCount`): random rows of 50 take about 900 steps (plain) or 1,260
    /// (recursive), sorted rows of n about 1.5n² or 2n² (15,347 or 20,494 for 100).
    public func stepLimit(for problem: Problem) -> Int {
        2 * teacherCount(for: problem).steps
    }

    /// Twice the most frames the teacher's execution holds at once: plain, 2 (QUICKSORT and
    /// PARTITION; 1 for a row of 1); recursive, the depth of the recursion plus the PARTITION
    /// tail calls, n + 1 for a sorted row of n.
    public func depthLimit(for problem: Problem) -> Int {
        2 * teacherCount(for: problem).depth
    }

    /// The teacher's exact step count and depth for `problem` (see `QuicksortTeacherCount`).
    public func teacherCount(for problem: Problem) -> QuicksortTeacherCount {
        QuicksortTeacherCount(digits: SortTask.parsedDigits(problem), recursive: recursive)
    }

    /// The digits in ascending order, separated by single spaces, e.g. "0 1 2 2 3 5 7 8 8 8".
    public func expectedOutput(for problem: Problem) -> String {
        problem.words.sorted().joined(separator: " ")
    }

    /// `range of 2 or more, j not at hi, A[j] <= A[hi]`, or `stack empty`.
    public func describeObservation(_ observation: [Int]) -> String {
        guard let seen = QuicksortObservation(observation) else {
            return observation.map(String.init).joined(separator: " ")
        }
        return seen.words
    }
}
