// The Tower of Hanoi as an NPI task, solved by one recursive program that permutes its peg
// arguments: problems, observation encoding, teacher and limits.
import NPICore
import NPINeural

/// Moves a tower of 1 to 20 disks from one peg to another, one disk at a time, never putting a
/// disk on a smaller one.
///
/// A problem is `DISKS FROM TO` (`3 0 2`: three disks from peg 0 to peg 2), and its root call is
/// HANOI(FROM, TO, VIA), VIA the third peg. The core sees only whether k, the size of the tower
/// the running call moves, is 0 (see `HanoiObservation`); which pegs to use comes from HANOI's
/// three arguments, which the model must permute for its two sub-calls (see `HanoiTeacher`).
public struct HanoiTask: NPITask {
    /// The most disks a typed problem may have: 20 disks take 2^20 - 1 moves in 6,291,451 steps.
    public static let maxDisks = 20

    public init() {}

    public var name: String { "hanoi" }
    public var programs: ProgramTable { HanoiProgram.table }
    /// HANOI(0, 2, 1), the root of the example problem `3 0 2`; each problem's own is `rootCall(in:)`.
    public var rootCall: Call { HanoiCall.hanoi(from: 0, to: 2, via: 1) }
    public var teacher: any NPITeacher { HanoiTeacher() }

    /// HANOI(FROM, TO, VIA) for the problem `environment` holds, VIA the peg that is neither.
    public func rootCall(in environment: any NPIEnvironment) -> Call {
        guard let pegs = environment as? HanoiEnvironment else { return rootCall }
        let (from, to) = (pegs.sourcePeg, pegs.targetPeg)
        return HanoiCall.hanoi(from: from, to: to, via: HanoiPeg.third(from, to))
    }

    // MARK: - Observation encoding

    /// 2 features: kIsZero as no/yes.
    public var observationFeatureCount: Int { HanoiObservation.featureCount }
    /// One feature is active.
    public var maxActiveFeatures: Int { HanoiObservation.activeFeatureCount }

    /// `[kIsZero]`.
    ///
    /// An observation read from a file may be malformed; rather than trap, one that is not one
    /// symbol 0 or 1 gets the single feature -1, which no range check accepts.
    public func features(of observation: [Int]) -> [Int] {
        HanoiObservation(observation)?.features ?? [-1]
    }

    // MARK: - Problems

    public var exampleProblem: Problem { Problem(["3", "0", "2"]) }

    /// Checks for three numbers: 1 to 20 disks, and two different pegs 0-2; returns them
    /// normalised (`03` → `3`).
    public func parseProblem(_ words: [String]) throws -> Problem {
        let (disks, from, to) = try HanoiTask.parts(words, maxDisks: HanoiTask.maxDisks)
        return Problem([String(disks), String(from), String(to)])
    }

    /// `3 disks 0→2`, or `1 disk 0→2`.
    public func notation(of problem: Problem) -> String {
        let (disks, from, to) = HanoiTask.parsedParts(problem)
        return "\(disks) disk\(disks == 1 ? "" : "s") \(from)→\(to)"
    }

    /// A tower whose disk count is uniform in `sizes`, then FROM and TO uniform among the six
    /// ordered pairs of different pegs.
    /// The commands refuse sizes above `problemSize.limit` (20) before asking.
    public func randomProblem(sizes: ClosedRange<Int>, using generator: inout SeededGenerator) -> Problem {
        precondition(sizes.lowerBound >= 1 && sizes.upperBound <= HanoiTask.maxDisks, "a tower has 1 to 20 disks")
        let disks = generator.uniform(in: sizes)
        let pair = generator.uniform(below: 6)
        let from = pair / 2
        let to = (from + 1 + pair % 2) % HanoiPeg.count
        return Problem([String(disks), String(from), String(to)])
    }

    /// Sizes count a tower's disks, at most 20: `--disks`, `--max-disks`.
    public var problemSize: ProblemSize {
        ProblemSize(sizesOption: "disks", largestOption: "max-disks", meaning: "disks", limit: HanoiTask.maxDisks)
    }

    /// Towers of 10 disks: 6,139 core steps each.
    public var lengthCheckSize: Int { 10 }

    // MARK: - Training defaults

    /// 1e-3: with `--max-disks 6 --count 12 --batch-size 4` five seeds of five verified, while
    /// at 3e-3 one of three never solved its held-out problems in 100 epochs.
    public var defaultLearningRate: Double { 1e-3 }
    /// Towers of up to 6 disks: only 36 problems exist up to 6 (18 up to 3, all of which
    /// training would take, leaving nothing held out), and 12 random ones leave about 20 held out.
    public var defaultTrainingSize: Int { 6 }
    public var defaultTrainingCount: Int { 12 }
    /// Batches of 4 calls: an epoch is only 666 calls, and batches of 16 gave models that verify
    /// with margins down to 0.05, where batches of 4 gave 0.15-0.49 over five seeds.
    public var defaultBatchSize: Int { 4 }

    public func makeEnvironment(for problem: Problem) -> any NPIEnvironment {
        let (disks, from, to) = HanoiTask.parsedParts(problem)
        return HanoiEnvironment(diskCount: disks, from: from, to: to)
    }

    /// Twice the teacher's exact step count, 6 · 2^n - 5 for n disks: the execution makes
    /// 2^(n+1) - 1 HANOI calls, the 2^n - 1 with k > 0 take 5 steps (SHRINK, HANOI, MOVE_DISK,
    /// HANOI, GROW) and the 2^n with k = 0 one (NOP).
    public func stepLimit(for problem: Problem) -> Int {
        let disks = HanoiTask.parsedParts(problem).disks
        return 2 * teacherSteps(disks: disks)
    }

    /// The teacher's exact step count for a tower of `disks` (at most 59; see `stepLimit(for:)`).
    public func teacherSteps(disks: Int) -> Int {
        precondition((1..<60).contains(disks), "a step count for 1 to 59 disks")
        return 6 * (1 << disks) - 5
    }

    /// Twice the most frames the teacher's execution holds at once, n + 1: one HANOI per disk
    /// of the tower, from k = n down to k = 1, and the call with k = 0 that returns at once.
    public func depthLimit(for problem: Problem) -> Int {
        2 * teacherDepth(disks: HanoiTask.parsedParts(problem).disks)
    }

    /// The most frames the teacher's execution holds at once for a tower of `disks`.
    public func teacherDepth(disks: Int) -> Int { disks + 1 }

    /// Every disk on peg TO, e.g. `0: - | 1: - | 2: 3 2 1` for `3 0 2`.
    public func expectedOutput(for problem: Problem) -> String {
        let (disks, _, to) = HanoiTask.parsedParts(problem)
        var pegs: [[Int]] = Array(repeating: [], count: HanoiPeg.count)
        pegs[to] = Array((1...disks).reversed())
        return HanoiEnvironment.describe(pegs)
    }

    /// `k 0: nothing to move`, or `k > 0: a tower to move`.
    public func describeObservation(_ observation: [Int]) -> String {
        HanoiObservation(observation)?.description ?? observation.map(String.init).joined(separator: " ")
    }

    // MARK: - Words

    /// The disk count and pegs of a problem as typed by a user, with at most `maxDisks` disks.
    static func parts(_ words: [String], maxDisks: Int) throws -> (disks: Int, from: Int, to: Int) {
        guard words.count == 3 else {
            throw NPIError(
                "expected three numbers DISKS FROM TO (e.g. 'env 3 0 2': 3 disks from peg 0 to peg 2), got \(words.count)")
        }
        let disks = try diskCount(words[0], maxDisks: maxDisks)
        let from = try peg(words[1], role: "from")
        let to = try peg(words[2], role: "to")
        guard from != to else {
            throw NPIError("to peg \(NPIError.quote(words[2])) is the from peg: the tower must move to another peg")
        }
        return (disks, from, to)
    }

    /// The parts of a problem that went through `parseProblem` or came from `randomProblem`.
    static func parsedParts(_ problem: Problem) -> (disks: Int, from: Int, to: Int) {
        do {
            return try parts(problem.words, maxDisks: HanoiTask.maxDisks)
        } catch {
            preconditionFailure("hanoi problem '\(problem)' was not parsed first: \(error)")
        }
    }

    /// `word` as a disk count 1...`maxDisks`: ASCII digits only, leading zeros allowed.
    private static func diskCount(_ word: String, maxDisks: Int) throws -> Int {
        guard !word.isEmpty, word.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw NPIError("disks \(NPIError.quote(word)) is not a number 1-\(maxDisks)")
        }
        let digits = word.drop { $0 == "0" }
        guard digits.count <= 9, let disks = Int(digits.isEmpty ? "0" : digits), disks <= maxDisks else {
            throw NPIError(
                "disks \(NPIError.quote(word)) is more than \(maxDisks): \(digits) disks take 2^\(digits) - 1 moves")
        }
        guard disks >= 1 else { throw NPIError("disks \(NPIError.quote(word)) is not a number 1-\(maxDisks)") }
        return disks
    }

    /// `word` as a peg 0-2, the `role` (from, to) it has in the problem named in the error.
    private static func peg(_ word: String, role: String) throws -> Int {
        guard word.utf8.count == 1, let peg = Int(word), HanoiPeg.all.contains(peg) else {
            throw NPIError("\(role) peg \(NPIError.quote(word)) is not a peg 0-2")
        }
        return peg
    }
}
