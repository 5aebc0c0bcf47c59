// A tiny task for testing the core without any real task: count a register down to zero.
//
// COUNTDOWN calls DEC (a primitive) while the register is positive, then returns with NOP.
// NEST(k) calls NEST(k-1) until k is 0, to test depth and cascading returns.
import NPICore
import NPINeural

final class CounterEnvironment: NPIEnvironment {
    var value: Int
    init(value: Int) { self.value = value }
    func observation() -> [Int] { [min(value, 9)] }
    func apply(_ call: Call) throws {
        guard call.program == CountdownTask.dec else { throw NPIError("not a primitive") }
        guard value > 0 else { throw NPIError("DEC below zero") }
        value -= 1
    }
    var output: String { String(value) }
    func render(color: Bool) -> String { "counter \(value)" }
    func grid() -> EnvironmentGrid {
        EnvironmentGrid(
            symbols: (0...9).map(String.init), rows: [EnvironmentGrid.Row(label: "counter", cells: [min(value, 9)])],
            pointers: [])
    }
}

struct CountdownTeacher: NPITeacher {
    func plan(for call: Call, environment: any NPIEnvironment) -> [Decision] {
        let value = environment.observation()[0]
        switch call.program {
        case CountdownTask.countdown:
            return value > 0
                ? [Decision(call: Call(CountdownTask.dec), returns: false)]
                : [Decision(call: nil, returns: true)]
        case CountdownTask.nest:
            let depth = call.arguments.values[0]
            return depth > 0
                ? [Decision(call: Call(CountdownTask.nest, Arguments([depth - 1])), returns: true)]
                : [Decision(call: Call(CountdownTask.dec), returns: true)]
        default:
            return []
        }
    }
}

struct CountdownTask: NPITask {
    static let nop = 0, dec = 1, countdown = 2, nest = 3
    var name: String { "countdown" }
    var programs: ProgramTable {
        ProgramTable([
            ProgramSpec(name: "NOP", kind: .nop, arity: 0, summary: "call nothing"),
            ProgramSpec(name: "DEC", kind: .primitive, arity: 0, summary: "decrement"),
            ProgramSpec(name: "COUNTDOWN", kind: .composite, arity: 0, summary: "count to zero"),
            ProgramSpec(name: "NEST", kind: .composite, arity: 1, summary: "nest k deep"),
        ])
    }
    var rootCall: Call { Call(CountdownTask.countdown) }
    var observationFeatureCount: Int { 10 }
    var maxActiveFeatures: Int { 1 }
    func features(of observation: [Int]) -> [Int] { [observation[0]] }
    var teacher: any NPITeacher { CountdownTeacher() }
    var exampleProblem: Problem { Problem(["3"]) }
    func parseProblem(_ words: [String]) throws -> Problem {
        guard words.count == 1, let value = Int(words[0]), value >= 0 else {
            throw NPIError("expected one count")
        }
        return Problem([String(value)])
    }
    func randomProblem(sizes: ClosedRange<Int>, using generator: inout SeededGenerator) -> Problem {
        Problem([String(generator.uniform(in: sizes))])
    }
    func coveringProblems(upTo maxSize: Int) -> [Problem] { [Problem(["1"])] }
    func makeEnvironment(for problem: Problem) -> any NPIEnvironment {
        CounterEnvironment(value: Int(problem.words[0])!)
    }
    func stepLimit(for problem: Problem) -> Int { 2 * Int(problem.words[0])! + 10 }
    func depthLimit(for problem: Problem) -> Int { 100 }
    var problemSize: ProblemSize { ProblemSize(sizesOption: "counts", largestOption: "max-count", meaning: "steps") }
    var lengthCheckSize: Int { 30 }
    var defaultLearningRate: Double { 1e-3 }
    func expectedOutput(for problem: Problem) -> String { "0" }
    /// COUNTDOWN's single call sees one observation per unit counted, so no finite set covers it.
    func verificationSet() -> VerificationSet? { nil }
}

extension CountdownTask {
    /// The counts 0-9, every problem the small models below train on.
    static let problems = (0...9).map { Problem([String($0)]) }

    /// A network of core width 16, quick enough to train in a test.
    func smallModel(seed: UInt64) -> NPIModel {
        var configuration = NPIModel.defaultConfiguration(for: self)
        configuration.coreSize = 16
        configuration.encoderSize = 8
        configuration.maxoutPieces = 2
        return NPIModel(task: self, configuration: configuration, seed: seed)
    }

    /// A small model trained on the counts 0-9 until it solves them all; nil if 100 epochs
    /// are not enough.
    func trainedModel(seed: UInt64 = 3) throws -> NPIModel? {
        var options = TrainingOptions()
        options.batchSize = 4
        options.learningRate = 0.01
        let trainer = Trainer(
            model: smallModel(seed: seed), calls: try TrainingData.calls(task: self, problems: Self.problems),
            heldOut: Self.problems, options: options)
        for _ in 1...100 {
            if trainer.runEpoch().isSolved { return trainer.model }
        }
        return nil
    }
}
