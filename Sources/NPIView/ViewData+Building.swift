// From a recorded comparison to the page's data: calls and observations numbered once,
// probabilities in `why`'s four decimals, and `diff`'s and `why`'s own words where they apply.
import NPICore

extension ViewData {
    /// The page's data for `comparison`.
    init(_ comparison: ExecutionComparison) {
        let task = comparison.task
        let programs = task.programs
        var texts = TextNumbering(task: task)
        let headCount = programs.programs.map(\.arity).max() ?? 0
        let alpha = comparison.returnThreshold
        let root = task.rootCall(in: task.makeEnvironment(for: comparison.problem))

        /// The model's own decision at a step: its probabilities and, where the teacher decided
        /// otherwise or `force` imposed the teacher's, `why`'s lines on it.
        func modelDecision(
            own: NPICore.Decision, confidence: NPICore.Decision.Confidence, teacher: NPICore.Decision?,
            forced: NPICore.Decision?
        ) -> Decision {
            var explanation: [String] = []
            if let forced {
                explanation.append("forced    " + programs.explain(forced, confidence: confidence) + " (the teacher's, by 'force')")
            }
            if let teacher, !teacher.agrees(with: own, programs: programs) {
                explanation.append("teacher   " + programs.explain(teacher, confidence: confidence))
                for part in programs.lostBy(model: own, teacher: teacher, confidence: confidence, returnThreshold: alpha) {
                    explanation.append("lost      " + part)
                }
            }
            return Decision(
                call: texts.number(own.call ?? Call(programs.nopID)), returns: own.returns,
                returnProbability: scaled(confidence.returnProbability),
                programProbabilities: confidence.programProbabilities.map(scaled),
                argumentProbabilities: confidence.argumentProbabilities.prefix(headCount).map { $0.map(scaled) },
                probability: scaled(confidence.probability(of: own, programs: programs)),
                explanation: explanation.isEmpty ? nil : explanation)
        }

        /// A step; for the model's, `teacher` is the teacher's decision there if it was following.
        func step(_ step: TraceStep, change: GridChange?, isModel: Bool, teacher: NPICore.Decision?) -> Step {
            var model: Decision?
            if isModel, let confidence = step.decision.confidence {
                let own = step.forced ? confidence.greedyDecision(programs: programs, returnThreshold: alpha) : step.decision
                model = modelDecision(own: own, confidence: confidence, teacher: teacher, forced: step.forced ? step.decision : nil)
            }
            return Step(
                depth: step.depth, running: texts.number(step.current),
                call: texts.number(step.decision.call ?? Call(programs.nopID)),
                returns: step.decision.returns ? true : nil, observation: texts.number(observation: step.observation),
                forced: step.forced ? true : nil, model: model, cells: change?.cells.nilIfEmpty,
                pointers: change?.pointers.nilIfEmpty)
        }

        func execution(_ run: RecordedExecution, isModel: Bool) -> Execution {
            let decisions = isModel ? comparison.teacherDecisions : []
            let steps = run.steps.indices.map { index in
                step(run.steps[index], change: run.changes[index], isModel: isModel,
                     teacher: index < decisions.count ? decisions[index] : nil)
            }
            let failed = run.failedStep.map {
                step($0, change: nil, isModel: isModel, teacher: comparison.teacherDecisionAtFailedStep)
            }
            return Execution(
                root: texts.number(root), steps: steps, output: run.output, finished: run.finished,
                failure: run.failure, failedStep: failed, grid: run.start)
        }

        let model = execution(comparison.model, isModel: true)
        let teacher = execution(comparison.teacher, isModel: false)
        let disagreements = comparison.teacherForced.map { disagreement in
            let decision = disagreement.modelDecision
            return Disagreement(
                step: disagreement.teacherStep.number,
                model: modelDecision(
                    own: decision, confidence: decision.confidence!, teacher: disagreement.teacherStep.decision,
                    forced: nil))
        }
        self.init(
            task: task.name, problem: task.notation(of: comparison.problem),
            expected: task.expectedOutput(for: comparison.problem), modelPath: comparison.modelPath,
            alpha: alpha, alphaText: "\(alpha)", probabilityScale: ViewData.scale, maxIndentedDepth: ProgramTable.maxIndentedDepth,
            programs: programs.programs.map { Program(name: $0.name, kind: $0.kind.rawValue, arity: $0.arity) },
            calls: texts.calls, observations: texts.observations, model: model, teacher: teacher,
            leftTeacherAt: comparison.leftTeacherAt,
            divergence: Divergence(
                step: comparison.firstDivergence?.teacherStep.number, agreedSteps: comparison.agreedSteps,
                lines: ExecutionDiff.firstDivergenceLines(
                    comparison.firstDivergence, agreedSteps: comparison.agreedSteps, programs: programs)),
            teacherForced: TeacherForced(
                steps: comparison.teacherForcedSteps,
                summary: ExecutionDiff.teacherForcedSummary(
                    comparison.teacherForced, steps: comparison.teacherForcedSteps, programs: programs),
                disagreements: disagreements))
    }
}

// MARK: - Numbers and texts

extension ViewData {
    /// Probabilities are written as integers in units of 1 / `scale`: `why`'s four decimals.
    static let scale = 10_000
}

/// `probability` in units of 0.0001, rounded as `why`'s `%.4f` rounds it. Scaling is exact
/// but for values within rounding error of a half unit, which are left to `%.4f` itself.
func scaled(_ probability: Double) -> Int {
    let units = probability * Double(ViewData.scale)
    let fraction = units - units.rounded(.down)
    guard abs(fraction - 0.5) < 1e-6 else { return Int(units.rounded()) }
    return Int(fixed4(probability).replacingOccurrences(of: ".", with: ""))!
}

/// Calls and observations in words, each numbered the first time it is met.
private struct TextNumbering {
    let task: any NPITask
    private(set) var calls: [ViewData.CallText] = []
    private(set) var observations: [String] = []
    private var callNumbers: [Call: Int] = [:]
    private var observationNumbers: [[Int]: Int] = [:]

    init(task: any NPITask) { self.task = task }

    /// The number of `call`, which is named by its program and the arguments the program reads.
    mutating func number(_ call: Call) -> Int {
        let arity = task.programs[call.program].arity
        let read = Call(call.program, Arguments(Array(call.arguments.values.prefix(arity))))
        if let known = callNumbers[read] { return known }
        calls.append(.init(text: task.programs.describe(read), program: read.program, arguments: Array(read.arguments.values.prefix(arity))))
        callNumbers[read] = calls.count - 1
        return calls.count - 1
    }

    /// The number of `observation`, described in the task's words.
    mutating func number(observation: [Int]) -> Int {
        if let known = observationNumbers[observation] { return known }
        observations.append(task.describeObservation(observation))
        observationNumbers[observation] = observations.count - 1
        return observations.count - 1
    }
}

extension Array {
    fileprivate var nilIfEmpty: [Element]? { isEmpty ? nil : self }
}
