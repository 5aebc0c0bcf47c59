// Where a model decides differently from its teacher, over many problems: every step of the
// teacher's executions, with the model teacher-forced (as `diff --all` does one problem at a
// time), counted per program and per kind of difference, and the places it goes wrong most.

/// What teacher-forced runs of many problems found, per program and per place.
public struct DivergenceReport: Sendable {
    /// One program's steps (the steps it took while running) and how many differ, by kind.
    /// A step can differ in several kinds; `differing` counts it once.
    public struct ProgramCounts: Sendable, Equatable {
        public var program: ProgramID
        public var steps = 0
        public var differing = 0
        /// The return flag differs.
        public var returnFlag = 0
        /// The program called differs (NOP included).
        public var programChoice = 0
        /// The same program called, but with another value in this argument slot (of the slots
        /// the called program reads).
        public var arguments = [Int](repeating: 0, count: Arguments.count)
    }

    /// A place where the model goes wrong: a running call, the observation, and the teacher's
    /// decision there, with how often the teacher's executions meet it and how often the model
    /// decides differently.
    public struct Hotspot: Sendable, Equatable {
        public var running: Call
        public var observation: [Int]
        public var teacher: String
        public var occurrences: Int
        public var differing: Int
        /// The model's most frequent different decision here, and how often it makes it.
        public var modelChoice: String
        public var modelChoiceCount: Int

        /// The report's order: most differing first, then by program, arguments, the teacher's
        /// decision and the observation, so reports are reproducible.
        static func comesBefore(_ a: Hotspot, _ b: Hotspot) -> Bool {
            if a.differing != b.differing { return a.differing > b.differing }
            if a.running.program != b.running.program { return a.running.program < b.running.program }
            if a.running.arguments != b.running.arguments {
                return a.running.arguments.values.lexicographicallyPrecedes(b.running.arguments.values)
            }
            if a.teacher != b.teacher { return a.teacher < b.teacher }
            return a.observation.lexicographicallyPrecedes(b.observation)
        }
    }

    public var problems: Int
    /// Every program that ran, in id order.
    public var counts: [ProgramCounts]
    /// Places with at least one difference, the most differing first.
    public var hotspots: [Hotspot]

    public var steps: Int { counts.reduce(0) { $0 + $1.steps } }
    public var differing: Int { counts.reduce(0) { $0 + $1.differing } }
}

/// Runs a model teacher-forced on the teacher's executions of many problems, batched: each
/// distinct per-call input sequence runs once, its steps counted as often as the executions
/// meet it (a call's decisions depend on its own inputs alone).
public struct DivergenceStatistics {
    public let model: NPIModel
    /// α: the return probability at or above which a call returns.
    public var returnThreshold = 0.5
    public var batchSize = 256

    public init(model: NPIModel) { self.model = model }

    /// The report over `problems` (already parsed), or nil when `shouldStop` stopped it.
    /// `progress` hears the fraction done, out of `count` problems (default: the sequence's
    /// `underestimatedCount`, all of an array).
    ///
    /// The problems are drawn from the sequence one at a time and only their distinct per-call
    /// input sequences are kept, so memory grows with those, not with the number of problems.
    public func run(
        _ problems: some Sequence<Problem>, count: Int? = nil, progress: (Double) -> Void = { _ in },
        shouldStop: () -> Bool = { false }
    ) throws -> DivergenceReport? {
        let task = model.task
        let programs = task.programs
        let expectedCount = max(1, count ?? problems.underestimatedCount)
        var set = CallSequenceSet()
        var problemCount = 0
        for problem in problems {
            if shouldStop() { return nil }
            try set.add(trace: try task.teacherTrace(for: problem).steps, problem: problem, programs: programs)
            problemCount += 1
            progress(0.5 * Double(problemCount) / Double(expectedCount))
        }
        var counts: [ProgramID: DivergenceReport.ProgramCounts] = [:]
        var places: [PlaceKey: Place] = [:]
        let sequences = set.sequences
        let finished = model.forEachTeacherForced(
            sequences, returnThreshold: returnThreshold, batchSize: batchSize,
            progress: { progress(0.5 + 0.5 * Double($0) / Double(max(1, sequences.count))) },
            shouldStop: shouldStop
        ) { index, steps in
            let sequence = sequences[index]
            let weight = set.occurrences[index]
            let running = sequence.inputs.call
            for (t, step) in steps.enumerated() {
                var tally = counts[running.program] ?? DivergenceReport.ProgramCounts(program: running.program)
                tally.steps += weight
                let key = PlaceKey(running: running, observation: sequence.inputs.observations[t], teacher: programs.describe(step.teacher))
                places[key, default: Place()].occurrences += weight
                if !step.agrees(programs: programs) {
                    tally.differing += weight
                    tally.add(differencesBetween: step.teacher, step.model, programs: programs, weight: weight)
                    places[key]!.differing += weight
                    places[key]!.modelChoices[programs.describe(step.model), default: 0] += weight
                }
                counts[running.program] = tally
            }
        }
        guard finished else { return nil }
        let hotspots = places.filter { $0.value.differing > 0 }.map { key, place in
            let choice = place.modelChoices.max { ($0.value, $1.key) < ($1.value, $0.key) }!
            return DivergenceReport.Hotspot(
                running: key.running, observation: key.observation, teacher: key.teacher,
                occurrences: place.occurrences, differing: place.differing, modelChoice: choice.key,
                modelChoiceCount: choice.value)
        }.sorted(by: DivergenceReport.Hotspot.comesBefore)
        return DivergenceReport(
            problems: problemCount, counts: counts.keys.sorted().map { counts[$0]! }, hotspots: hotspots)
    }

    /// A running call, what it sees, and what the teacher does there.
    private struct PlaceKey: Hashable {
        var running: Call
        var observation: [Int]
        var teacher: String
    }

    private struct Place {
        var occurrences = 0
        var differing = 0
        var modelChoices: [String: Int] = [:]
    }
}

extension DivergenceReport.ProgramCounts {
    /// Counts the kinds in which `model` differs from `teacher`: the return flag, the program,
    /// and, when the program is the same, each argument it reads.
    mutating func add(differencesBetween teacher: Decision, _ model: Decision, programs: ProgramTable, weight: Int) {
        if teacher.returns != model.returns { returnFlag += weight }
        let teacherCall = teacher.call ?? Call(programs.nopID)
        let modelCall = model.call ?? Call(programs.nopID)
        guard teacherCall.program == modelCall.program else {
            programChoice += weight
            return
        }
        for slot in 0..<programs[teacherCall.program].arity where teacherCall.arguments[slot] != modelCall.arguments[slot] {
            arguments[slot] += weight
        }
    }
}
