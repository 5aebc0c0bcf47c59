// A task as it runs inside a model whose environment holds more programs than the task's own
// table: the same task, with the environment's program table.
import NPINeural

/// `base` with the program table of the model environment it runs in, which begins with the
/// task's own table and adds the programs of tasks that extend it (sort's, then RJMP and MAX).
///
/// Its ids are the environment's, so the model's choice of an added program (MAX while sorting)
/// is a program the interpreter can name and run; the teacher never chooses one. Everything else
/// is `base`'s.
public struct TaskInEnvironment: NPITask {
    public let base: any NPITask
    public let programs: ProgramTable

    /// `base` with `programs`, which must begin with `base.programs`' entries.
    public init(_ base: any NPITask, programs: ProgramTable) {
        precondition(
            Array(programs.programs.prefix(base.programs.count)) == base.programs.programs,
            "an environment's table must begin with the table of each of its tasks")
        self.base = base
        self.programs = programs
    }

    public var name: String { base.name }
    public var environmentName: String { base.environmentName }
    public var extendedTaskName: String? { base.extendedTaskName }
    public var rootCall: Call { base.rootCall }
    public func rootCall(in environment: any NPIEnvironment) -> Call { base.rootCall(in: environment) }
    public var observationFeatureCount: Int { base.observationFeatureCount }
    public var maxActiveFeatures: Int { base.maxActiveFeatures }
    public func features(of observation: [Int]) -> [Int] { base.features(of: observation) }
    public var teacher: any NPITeacher { base.teacher }
    public var exampleProblem: Problem { base.exampleProblem }
    public func parseProblem(_ words: [String]) throws -> Problem { try base.parseProblem(words) }
    public func notation(of problem: Problem) -> String { base.notation(of: problem) }
    public func randomProblem(sizes: ClosedRange<Int>, using generator: inout SeededGenerator) -> Problem {
        base.randomProblem(sizes: sizes, using: &generator)
    }
    public func coveringProblems(upTo maxSize: Int) -> [Problem] { base.coveringProblems(upTo: maxSize) }
    public var problemSize: ProblemSize { base.problemSize }
    public var lengthCheckSize: Int { base.lengthCheckSize }
    public var defaultLearningRate: Double { base.defaultLearningRate }
    public var defaultTrainingSize: Int { base.defaultTrainingSize }
    public var defaultTrainingCount: Int { base.defaultTrainingCount }
    public var defaultExtraEpochs: Int { base.defaultExtraEpochs }
    public var defaultBatchSize: Int { base.defaultBatchSize }
    public func makeEnvironment(for problem: Problem) -> any NPIEnvironment { base.makeEnvironment(for: problem) }
    public func stepLimit(for problem: Problem) -> Int { base.stepLimit(for: problem) }
    public func depthLimit(for problem: Problem) -> Int { base.depthLimit(for: problem) }
    public func expectedOutput(for problem: Problem) -> String { base.expectedOutput(for: problem) }
    public func describeObservation(_ observation: [Int]) -> String { base.describeObservation(observation) }
    public func verificationSet() -> VerificationSet? { base.verificationSet() }
}
