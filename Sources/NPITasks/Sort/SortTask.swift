// Bubble sort as an NPI task (Reed & de Freitas 2016, section 4.1; recursive form from Cai, Shin &
// Song 2017, section 3.2): problems, observation encoding, teacher and limits.
import NPICore
import NPINeural

/// Sorts a row of digits 0-9 of any length into ascending order with bubble sort.
///
/// The core sees `[value1, value2, ptr1AtStart, ptr3AtEnd]`: the digits under the comparison
/// pointers ptr1 and ptr2 (10 when a pointer is just past the end), whether ptr1 is at the
/// first element, and whether the pass counter ptr3 has reached the last element (all
/// `length - 1` passes done); see `SortObservation`. The plain and recursive tasks share the
/// program table and the environment, and differ only in their teacher (see `SortTeacher`).
public struct SortTask: NPITask {
    /// Whether the teacher uses Cai et al.'s tail calls instead of the paper's loops.
    public let recursive: Bool

    public init(recursive: Bool = false) { self.recursive = recursive }

    /// "sort", or "sort-recursive" for the recursive teacher.
    public var name: String { recursive ? "sort-recursive" : "sort" }
    /// The plain and recursive tasks run in the same environment.
    public var environmentName: String { "sort" }
    public var programs: ProgramTable { SortProgram.table }
    /// BUBBLESORT with no arguments.
    public var rootCall: Call { SortCall.bubbleSort }
    public var teacher: any NPITeacher { SortTeacher(recursive: recursive) }

    // MARK: - Observation encoding

    /// 26 features: value1 and value2 one-hot over 11 symbols, then each flag as no/yes.
    public var observationFeatureCount: Int { SortObservation.featureCount }
    /// One feature per block is active.
    public var maxActiveFeatures: Int { SortObservation.activeFeatureCount }

    /// `[value1, 11 + value2, 22 + ptr1AtStart, 24 + ptr3AtEnd]`.
    ///
    /// An observation read from a file may be malformed; rather than trap, one that is not four
    /// symbols in range gets the single feature -1, which no range check accepts.
    public func features(of observation: [Int]) -> [Int] {
        SortObservation(observation)?.features ?? [-1]
    }

    // MARK: - Problems

    public var exampleProblem: Problem { Problem(["5", "3", "9", "1", "0"]) }

    /// Checks that there is at least one element and that each word is a single digit 0-9.
    public func parseProblem(_ words: [String]) throws -> Problem {
        _ = try SortTask.digits(words)
        return Problem(words)
    }

    /// The row as typed after `env` and shown by the shell (`5 3 9 1 0`); a long row is cut to
    /// its first elements and its length: `9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 … (200 elements)`.
    public func notation(of problem: Problem) -> String {
        problem.abbreviated(counting: "element")
    }

    /// A row whose length is uniform in `sizes`, each element then uniform in 0-9.
    public func randomProblem(sizes: ClosedRange<Int>, using generator: inout SeededGenerator) -> Problem {
        precondition(sizes.lowerBound >= 1, "a row has at least one element")
        let length = generator.uniform(in: sizes)
        return Problem((0..<length).map { _ in String(generator.uniform(below: 10)) })
    }

    /// Problems of at most `maxSize` elements in which the teacher meets every case such rows allow.
    public func coveringProblems(upTo maxSize: Int) -> [Problem] {
        SortCase.coveringProblems(upTo: maxSize, recursive: recursive)
    }

    /// Sizes count a row's elements: `--lengths`, `--max-length`.
    public var problemSize: ProblemSize { SortTask.rowSize }

    /// How every task on a row of digits measures its problems.
    static let rowSize = ProblemSize(sizesOption: "lengths", largestOption: "max-length", meaning: "elements")

    /// Arrays of 20 elements: about 3,400 core steps each (bubble sort is quadratic).
    public var lengthCheckSize: Int { 20 }

    // MARK: - Training defaults

    /// Plain: 3e-3, which solves its held-out rows of up to 10 in 4.5 epochs, where 1e-3 and
    /// 2e-3 had solved 6 and 42 of 200 after 4 (see the README). Recursive: 1e-3, its shipped
    /// model's rate.
    public var defaultLearningRate: Double { recursive ? 1e-3 : 3e-3 }
    /// Plain: rows of up to 10 elements, so that BUBBLE's and RESET's loops are long enough to
    /// generalize (rows of up to 5 solve their held-out rows but fail rows of 20). Recursive: 5,
    /// its calls take at most 3 steps on any row.
    public var defaultTrainingSize: Int { recursive ? 5 : 10 }
    /// Plain: 200 rows (an epoch is 62,118 core steps); recursive: 1,000 rows of up to 5.
    public var defaultTrainingCount: Int { recursive ? 1000 : 200 }
    /// Plain: none. At 3e-3 the epochs after the first solved one lost the solution (200/200,
    /// then 148/200) while the solved model already sorts rows of 200; recursive: 3.
    public var defaultExtraEpochs: Int { recursive ? 3 : 0 }

    public func makeEnvironment(for problem: Problem) -> any NPIEnvironment {
        SortEnvironment(SortTask.parsedDigits(problem))
    }

    /// Twice the teacher's exact step count, which depends only on the length n (a swap and a
    /// no-swap both take one COMPSWAP step). Each of the n - 1 passes takes, plain, 9n - 4 steps
    /// (BUBBLESORT 2, BUBBLE n + 1, RESET n, and n - 1 each of BSTEP 2, COMPSWAP 1, RSHIFT 2 and
    /// LSHIFT 2) or, recursive, 10n - 2 (BUBBLESORT 3, BUBBLE 3, BSTEP 3(n - 1) + 1, RESET
    /// 2(n - 1) + 1, COMPSWAP n - 1, RSHIFT and LSHIFT 2(n - 1) each); BUBBLESORT's final NOP adds 1.
    public func stepLimit(for problem: Problem) -> Int {
        2 * teacherSteps(length: problem.words.count)
    }

    /// The teacher's exact step count for a row of `length` elements (see `stepLimit(for:)`).
    public func teacherSteps(length: Int) -> Int {
        let n = length
        return (n - 1) * (recursive ? 10 * n - 2 : 9 * n - 4) + 1
    }

    /// Twice the most frames the teacher's execution holds at once: plain, 4 (BUBBLESORT, BUBBLE,
    /// BSTEP, then COMPSWAP or RSHIFT); recursive, 2n, reached in the last pass: n - 1 BUBBLESORT
    /// frames, BUBBLE and n BSTEP frames (a row of 1 needs only the root, which returns at once).
    public func depthLimit(for problem: Problem) -> Int {
        2 * teacherDepth(length: problem.words.count)
    }

    /// The most frames the teacher's execution holds at once for a row of `length` (see `depthLimit(for:)`).
    public func teacherDepth(length: Int) -> Int {
        if length == 1 { return 1 }
        return recursive ? 2 * length : 4
    }

    /// The digits in ascending order, separated by single spaces, e.g. "0 1 3 5 9".
    public func expectedOutput(for problem: Problem) -> String {
        problem.words.sorted().joined(separator: " ")
    }

    /// `ptr1 5, ptr2 _, ptr1 at the start, not all passes done`: the values under ptr1 and ptr2
    /// (`_` past the end) and the two flags.
    public func describeObservation(_ observation: [Int]) -> String {
        guard let seen = SortObservation(observation) else {
            return observation.map(String.init).joined(separator: " ")
        }
        func shown(_ symbol: Int) -> String { symbol == SortObservation.offArray ? "_" : String(symbol) }
        return "ptr1 \(shown(seen.value1)), ptr2 \(shown(seen.value2)), "
            + (seen.ptr1AtStart ? "ptr1 at the start" : "ptr1 not at the start") + ", "
            + (seen.ptr3AtEnd ? "all passes done" : "passes left")
    }

    // MARK: - Elements

    /// The digits of a problem as typed by a user.
    static func digits(_ words: [String]) throws -> [UInt8] {
        guard !words.isEmpty else {
            throw NPIError("expected at least one element (e.g. 'env 5 3 9 1 0')")
        }
        return try words.enumerated().map { index, word in
            let bytes = Array(word.utf8)
            guard bytes.count == 1, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[0]) else {
                throw NPIError(
                    "element \(index + 1) \(NPIError.quote(word)) is not a digit 0-9 (one digit per element, separated by spaces)"
                )
            }
            return bytes[0] - UInt8(ascii: "0")
        }
    }

    /// The digits of a problem that already went through `parseProblem`.
    static func parsedDigits(_ problem: Problem) -> [UInt8] {
        do {
            return try digits(problem.words)
        } catch {
            preconditionFailure("sort problem '\(problem)' was not parsed first: \(error)")
        }
    }
}
