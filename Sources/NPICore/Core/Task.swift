// The task-specific parts of an NPI: environment, observation encoding, teacher, problems.
import NPINeural

/// A problem instance, as the words a user types after `env` (e.g. `["123", "456"]`).
public struct Problem: Hashable, Sendable, Codable, CustomStringConvertible {
    public var words: [String]
    public init(_ words: [String]) { self.words = words }
    public var description: String { words.joined(separator: " ") }
}

/// A user-facing error with a one-line message.
public struct NPIError: Error, Equatable, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The mutable world a task's primitives act on (the scratchpad, the array, ...).
public protocol NPIEnvironment: AnyObject {
    /// The task-level symbols under the pointers (for addition: 4 cells, 0-9 or 10 for blank).
    func observation() -> [Int]
    /// Applies a primitive call; throws an `NPIError` for arguments it cannot act on.
    func apply(_ call: Call) throws
    /// The answer as it stands (for addition: the out row's digits).
    var output: String { get }
    /// A multi-line picture of the state with the pointers marked.
    func render(color: Bool) -> String
    /// The state as rows of cells and pointers, for views that draw it (`view`).
    func grid() -> EnvironmentGrid
}

/// A hand-written algorithm that produces the execution traces the model learns from.
///
/// A teacher keeps a plan per call: when the plan is empty it is refilled from the
/// current observation, and each step takes its first decision.
public protocol NPITeacher: Sendable {
    /// The next decisions of `call` given the environment, planned when `plan` runs out.
    func plan(for call: Call, environment: any NPIEnvironment) -> [Decision]
}

/// Everything that makes NPI solve one kind of problem. A task is registered once in NPITasks.
public protocol NPITask: Sendable {
    /// The name used by `--task` and stored in model files.
    var name: String { get }
    /// The environment the task's calls run in (`addition` for both addition tasks): in a model
    /// of several tasks, each environment has its own encoder and its own programs in the
    /// shared memory. Default: the task's name.
    var environmentName: String { get }
    /// The task whose programs this one's table begins with and whose root it calls, when it
    /// adds programs to that task's environment (`max` extends `sort`); nil otherwise (default).
    /// Only a task that extends another can share an environment with it in one model.
    var extendedTaskName: String? { get }
    var programs: ProgramTable { get }
    /// The call that solves a whole problem (e.g. ADD).
    var rootCall: Call { get }
    /// The root call of the problem `environment` holds (made by `makeEnvironment`), for a task
    /// whose root's arguments come from the problem (hanoi's pegs). Default: `rootCall`.
    func rootCall(in environment: any NPIEnvironment) -> Call
    /// Size of the 0/1 observation vector `f_enc` reads (before the arguments).
    var observationFeatureCount: Int { get }
    /// The most observation features that can be active at once.
    var maxActiveFeatures: Int { get }
    /// The indices of the active features of an observation.
    func features(of observation: [Int]) -> [Int]
    /// The teacher whose traces the model learns.
    var teacher: any NPITeacher { get }
    /// A problem to show in help texts and messages (e.g. `123 456`).
    var exampleProblem: Problem { get }
    /// Validates and normalises a problem typed by a user; throws an `NPIError` naming the bad value.
    func parseProblem(_ words: [String]) throws -> Problem
    /// `problem` as this task writes it in a report line (addition: `12 + 34`), kept short
    /// however long the problem is. Default: the words joined by spaces, as typed after `env`.
    func notation(of problem: Problem) -> String
    /// A random problem; each operand's size (digits for addition, length for sort) is drawn
    /// uniformly from `sizes`, then its value uniformly among values of that size.
    func randomProblem(sizes: ClosedRange<Int>, using generator: inout SeededGenerator) -> Problem
    /// A few problems that together make the teacher meet every case its programs can see on
    /// operands of at most `maxSize` (for addition: every (digit, digit, carry) case of ADD1).
    /// Training always includes them, so no case is left to the luck of a random draw.
    func coveringProblems(upTo maxSize: Int) -> [Problem]
    /// What a problem's size counts, and the names of the options that take sizes.
    var problemSize: ProblemSize { get }
    /// A problem size far beyond the training sizes that is still quick to run every epoch:
    /// the size of `npi train`'s length check (addition: 100 digits).
    var lengthCheckSize: Int { get }
    /// Adam's initial learning rate in `npi train` unless `--learning-rate` is given: the rate
    /// this task's shipped model was trained with and measured at (see the README).
    var defaultLearningRate: Double { get }
    /// The largest training problem in `npi train` unless the task's largest-size option
    /// (`--max-digits`) is given. Default 3.
    var defaultTrainingSize: Int { get }
    /// How many random training problems `npi train` draws unless `--count` is given. Default 1,000.
    var defaultTrainingCount: Int { get }
    /// Epochs `npi train` goes on once solved unless `--extra-epochs` is given. Default 3.
    var defaultExtraEpochs: Int { get }
    /// Calls per batch in `npi train` unless `--batch-size` is given. Default 16.
    var defaultBatchSize: Int { get }
    /// A fresh environment holding the (already parsed) problem.
    func makeEnvironment(for problem: Problem) -> any NPIEnvironment
    /// The most core steps a correct execution of `problem` can need, with a margin:
    /// the interpreter's default step limit, which stops runaway models.
    func stepLimit(for problem: Problem) -> Int
    /// The most frames a correct execution of `problem` can have on the call stack, with a
    /// margin: the interpreter's default depth limit (recursive programs need one per column).
    func depthLimit(for problem: Problem) -> Int
    /// The answer the environment's output must equal.
    func expectedOutput(for problem: Problem) -> String
    /// An observation in words, for people (addition: `in1 3, in2 6, carry _, out _`).
    func describeObservation(_ observation: [Int]) -> String
    /// Problems whose teacher executions meet every per-call input sequence reachable from any
    /// problem (Cai, Shin & Song 2017, section 3.3), or nil when no finite set can: when some
    /// call's inputs grow with the problem, as the looping ADD's do with the operands.
    func verificationSet() -> VerificationSet?
}

/// What a task's problem size counts (operand digits, array length, disks), for the command-line
/// options that take sizes and their help.
public struct ProblemSize: Sendable, Equatable {
    /// The name, without dashes, of `npi eval`'s option of sizes to test (`digits`).
    public var sizesOption: String
    /// The name, without dashes, of `npi train`'s and `npi data`'s option of the largest
    /// training size (`max-digits`).
    public var largestOption: String
    /// What a size counts, for help texts (`operand digits`).
    public var meaning: String
    /// The largest size a problem can have: larger sizes are refused before any work starts.
    public var limit: Int

    public init(sizesOption: String, largestOption: String, meaning: String, limit: Int = InputLimits.problemSize) {
        self.sizesOption = sizesOption
        self.largestOption = largestOption
        self.meaning = meaning
        self.limit = limit
    }

    /// An error naming `option` unless `size` is in `1...limit`: no problem has that size.
    public func check(_ size: Int, option: String) throws {
        guard (1...limit).contains(size) else {
            throw NPIError("\(option) \(size) is out of range: a problem has 1 to \(limit) \(meaning)")
        }
    }
}

/// A task's verification set: finitely many problems that together exercise every per-call
/// input sequence the teacher can meet, so a model matching the teacher on them matches it everywhere.
public struct VerificationSet: Sendable {
    /// Parsed problems.
    public var problems: [Problem]
    /// Why no other per-call input sequence is reachable, in a sentence or two.
    public var completeness: String

    public init(problems: [Problem], completeness: String) {
        self.problems = problems
        self.completeness = completeness
    }
}

extension NPITask {
    public var environmentName: String { name }
    public var extendedTaskName: String? { nil }
    public var defaultTrainingSize: Int { 3 }
    public var defaultTrainingCount: Int { 1000 }
    public var defaultExtraEpochs: Int { 3 }
    public var defaultBatchSize: Int { 16 }
    public func rootCall(in environment: any NPIEnvironment) -> Call { rootCall }

    /// The observation's symbols separated by spaces.
    public func describeObservation(_ observation: [Int]) -> String {
        observation.map(String.init).joined(separator: " ")
    }

    /// The task's step and depth limits for `problem`, each replaced by an override if given.
    public func executionLimits(
        for problem: Problem, maxSteps: Int? = nil, maxDepth: Int? = nil
    ) -> ExecutionLimits {
        ExecutionLimits(
            maxDepth: maxDepth ?? depthLimit(for: problem), maxSteps: maxSteps ?? stepLimit(for: problem))
    }
}
