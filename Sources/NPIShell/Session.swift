// The shell's state: the loaded model, the problem, and the model's and teacher's cursors.
import Foundation
import NPICore
import NPINeural
import NPITasks

/// Everything a shell session knows; commands read and change it.
public final class Session {
    public let output: ShellOutput
    public var settings = ShellSettings()
    /// Finds the shipped model of a task (`load` with no path).
    let shippedModelPath: (String) throws -> String

    public private(set) var model: NPIModel?
    public private(set) var task: any NPITask
    public private(set) var modelPath: String?
    public private(set) var problem: Problem?
    /// The model's execution of the current problem, and the steps it has taken.
    var modelRun: Interpreter<ModelPolicy>?
    /// The loaded model's batch-1 call cache, kept from problem to problem while the model stays.
    private var stepCacheOfModel: (model: NPIModel, cache: CallCache)?
    /// The call cache of the latest `eval` (each `eval` starts its own), for `info cache`.
    var lastEvalCache: CallCache?
    var modelTrace: [TraceStep] = []
    /// Why the model's execution stopped early, if it did, and the step it could not carry out.
    var modelFailure: String?
    var failedStep: TraceStep?
    /// The teacher beside the model, for as long as the model follows it.
    var shadow: TeacherShadow?
    /// The steps `force` gave the teacher's decision (replayed so by `back`).
    var forcedSteps: Set<Int> = []
    /// The step `why` explains by default when it is not the last one taken: after `diff`,
    /// the diverging step the model is positioned just before.
    var pendingWhyStep: Int?
    /// The frame `show`, `info frame`, `up` and `down` look at: 0 is the innermost call.
    /// Any step of the model selects the innermost frame again.
    var selectedFrame = 0
    /// The teacher's execution of the current problem (`teacher step` advances it).
    var teacherRun: Interpreter<TeacherPolicy>?
    public internal(set) var breakpoints = BreakpointList()
    /// The breakpoints the model's last step hit.
    var lastStop: [Breakpoint] = []
    /// Whether the last `diff` found a divergence (nil before any `diff`).
    var lastDiffFoundDivergence: Bool?
    /// Set when a command stopped early for Ctrl-C (a script then stops too).
    public internal(set) var interruptHandled = false
    /// Per task name: whether any step of the task's teacher calls its root program.
    private var rootIsCalled: [String: Bool] = [:]

    public init(output: ShellOutput, shippedModelPath: @escaping (String) throws -> String) {
        self.output = output
        self.shippedModelPath = shippedModelPath
        self.task = TaskRegistry.all[0]
    }

    // MARK: - Model and problem

    /// Loads a model file (nil: the shipped model of the current task) and resets the cursors.
    /// A model of several tasks runs the current task if it holds it, else its first.
    /// Returns a note for the user when the task changed (the problem and breakpoints are
    /// cleared then), else nil.
    @discardableResult
    public func load(path: String?) throws -> String? {
        let resolved = try path.map(expandedPath) ?? shippedModelPath(task.name)
        let loaded = try ModelFile.load(path: resolved, tasks: { try TaskRegistry.named($0) })
        let previousTask = task
        if loaded.tasks.contains(where: { $0.name == previousTask.name }) { try loaded.select(taskNamed: previousTask.name) }
        model = loaded
        modelPath = displayPath(resolved)
        // The model's own task: in a model of several, its program table is the environment's.
        task = loaded.task
        guard loaded.task.name != previousTask.name else {
            if let problem { try setProblem(problem.words) }
            return nil
        }
        return changedTask(from: previousTask)
    }

    /// Switches to the task called `name`: within the loaded model when it holds that task,
    /// else with the task's shipped model, or with no model (the teacher only) when none is
    /// shipped; the problem is cleared. Returns what was done, for the user.
    public func switchTask(to name: String) throws -> String {
        let newTask = try TaskRegistry.named(name)
        let previousTask = task
        if let model, model.tasks.count > 1, model.tasks.contains(where: { $0.name == newTask.name }) {
            try model.select(taskNamed: newTask.name)
            task = model.task
            let note = newTask.name == previousTask.name ? nil : changedTask(from: previousTask)
            clearProblem()
            return "task \(task.name): in the loaded model \(EchoedText.escapeLine(modelPath ?? "")), \(task.environmentName) environment"
                + (note.map { "; " + $0 } ?? "")
        }
        if let path = try? shippedModelPath(newTask.name) {
            let loaded = try ModelFile.load(path: path, tasks: { try TaskRegistry.named($0) })
            model = loaded
            modelPath = displayPath(path)
        } else {
            model = nil
            modelPath = nil
        }
        task = newTask
        let note = newTask.name == previousTask.name ? nil : changedTask(from: previousTask)
        clearProblem()
        let loaded = modelPath.map { "loaded \($0)" } ?? "no shipped model; 'teacher' and 'env' work, 'load PATH' loads one"
        return "task \(task.name): \(loaded)" + (note.map { "; " + $0 } ?? "")
    }

    /// After the task changed: the problem and breakpoints (which name the old task's
    /// programs) are cleared; says what was cleared, or nil if nothing was.
    private func changedTask(from previousTask: any NPITask) -> String? {
        var cleared: [String] = []
        // In the old task's own short notation: `12 + 34`, `9 8 7 … (25 elements)`.
        if let problem { cleared.append("problem \(shorten(previousTask.notation(of: problem), limit: 60))") }
        if !breakpoints.isEmpty { cleared.append(plural(breakpoints.all.count, "breakpoint")) }
        clearProblem()
        breakpoints.removeAll()
        guard !cleared.isEmpty else { return nil }
        return "cleared the \(previousTask.name) " + cleared.joined(separator: " and ")
    }

    /// The loaded model, or an error saying how to load one.
    func requireModel() throws -> NPIModel {
        guard let model else { throw ShellError("no model loaded; use 'load PATH'") }
        return model
    }

    /// Sets up a problem and resets the model's and teacher's executions to its start.
    public func setProblem(_ words: [String]) throws {
        let parsed = try task.parseProblem(words)
        problem = parsed
        resetExecutions()
    }

    func clearProblem() {
        problem = nil
        failedStep = nil
        modelRun = nil
        teacherRun = nil
        shadow = nil
        modelTrace = []
        modelFailure = nil
        forcedSteps = []
        pendingWhyStep = nil
        selectedFrame = 0
        lastDiffFoundDivergence = nil
    }

    /// Both cursors back to the start of the current problem, with no step forced.
    func resetExecutions() {
        guard let problem else { return }
        lastDiffFoundDivergence = nil
        forcedSteps = []
        teacherRun = Interpreter(
            task: task, environment: task.makeEnvironment(for: problem),
            policy: TeacherPolicy(teacher: task.teacher), limits: limits(for: problem))
        resetModelExecution()
    }

    /// The model's cursor back to the start of the current problem (the teacher's stays).
    /// Forced steps are kept for `back` to replay; the callers that start afresh clear them.
    func resetModelExecution() {
        modelTrace = []
        modelFailure = nil
        failedStep = nil
        pendingWhyStep = nil
        selectedFrame = 0
        guard let problem, let model else {
            modelRun = nil
            shadow = nil
            return
        }
        shadow = TeacherShadow(task: task, problem: problem, limits: limits(for: problem))
        modelRun = Interpreter(
            task: task, environment: task.makeEnvironment(for: problem),
            policy: ModelPolicy(model: model, returnThreshold: settings.alpha, cache: stepCache),
            limits: limits(for: problem))
    }

    func limits(for problem: Problem) -> ExecutionLimits {
        task.executionLimits(for: problem, maxSteps: settings.maxSteps, maxDepth: settings.maxDepth)
    }

    /// Applies changed settings to the running executions.
    func settingsChanged() {
        setThreads(settings.threads)
        guard let problem else { return }
        modelRun?.limits = limits(for: problem)
        teacherRun?.limits = limits(for: problem)
        modelRun?.policy.returnThreshold = settings.alpha
        modelRun?.policy.cache = stepCache
    }

    /// The cache of the loaded model's single steps, or nil with `set cache off` or no model.
    var stepCache: CallCache? {
        guard settings.cache, let model else { return nil }
        if let kept = stepCacheOfModel, kept.model === model { return kept.cache }
        let cache = CallCache()
        stepCacheOfModel = (model, cache)
        return cache
    }

    /// The problem, or an error saying how to set one.
    func requireProblem() throws -> Problem {
        guard let problem else {
            throw ShellError("no problem set; use 'env \(task.exampleProblem)'")
        }
        return problem
    }

    /// The model's execution, or an error saying what is missing.
    func requireModelRun() throws -> Interpreter<ModelPolicy> {
        _ = try requireModel()
        _ = try requireProblem()
        return modelRun!
    }

    /// Whether some step of the task's teacher calls `program` when it is the root program
    /// (recursive tasks do; a looping root is only ever running from step 0).
    func stepsCall(root program: ProgramID) -> Bool {
        guard program == task.rootCall.program else { return true }
        if let known = rootIsCalled[task.name] { return known }
        let example = (try? task.parseProblem(task.exampleProblem.words)) ?? task.exampleProblem
        let steps = (try? task.teacherTrace(for: example).steps) ?? []
        let called = steps.contains { $0.decision.call?.program == program }
        rootIsCalled[task.name] = called
        return called
    }
}

/// `path` relative to the working directory when it lies inside it (so transcripts do not
/// depend on where the checkout is).
func displayPath(_ path: String) -> String {
    let directory = FileManager.default.currentDirectoryPath
    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
}
