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
    var modelTrace: [TraceStep] = []
    /// Why the model's execution stopped early, if it did.
    var modelFailure: String?
    /// The teacher's execution of the current problem (`teacher step` advances it).
    var teacherRun: Interpreter<TeacherPolicy>?
    var breakpoints: Set<ProgramID> = []
    /// Whether the last `diff` found a divergence (nil before any `diff`).
    var lastDiffFoundDivergence: Bool?
    /// Set when a command stopped early for Ctrl-C (a script then stops too).
    public internal(set) var interruptHandled = false

    public init(output: ShellOutput, shippedModelPath: @escaping (String) throws -> String) {
        self.output = output
        self.shippedModelPath = shippedModelPath
        self.task = TaskRegistry.all[0]
    }

    // MARK: - Model and problem

    /// Loads a model file (nil: the shipped model of the current task) and resets the cursors.
    public func load(path: String?) throws {
        let resolved = try path ?? shippedModelPath(task.name)
        let loaded = try ModelFile.load(path: resolved, tasks: { try TaskRegistry.named($0) })
        let sameTask = loaded.task.name == task.name
        model = loaded
        modelPath = displayPath(resolved)
        task = loaded.task
        breakpoints = []
        if sameTask, let problem { try setProblem(problem.words) } else { clearProblem() }
    }

    /// Switches to the task called `name` with its shipped model, or with no model (the teacher
    /// only) when none is shipped; the problem is cleared. Returns what was loaded, for the user.
    public func switchTask(to name: String) throws -> String {
        let newTask = try TaskRegistry.named(name)
        if let path = try? shippedModelPath(newTask.name) {
            task = newTask
            try load(path: path)
            return "task \(task.name): loaded \(modelPath ?? path)"
        }
        task = newTask
        model = nil
        modelPath = nil
        breakpoints = []
        clearProblem()
        return "task \(task.name): no shipped model; 'teacher' and 'env' work, 'load PATH' loads one"
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
        modelRun = nil
        teacherRun = nil
        modelTrace = []
        modelFailure = nil
    }

    /// Both cursors back to the start of the current problem.
    func resetExecutions() {
        guard let problem else { return }
        modelTrace = []
        modelFailure = nil
        lastDiffFoundDivergence = nil
        teacherRun = Interpreter(
            task: task, environment: task.makeEnvironment(for: problem),
            policy: TeacherPolicy(teacher: task.teacher), limits: limits(for: problem))
        if let model {
            modelRun = Interpreter(
                task: task, environment: task.makeEnvironment(for: problem),
                policy: ModelPolicy(model: model, returnThreshold: settings.alpha),
                limits: limits(for: problem))
        } else {
            modelRun = nil
        }
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
}

/// `path` relative to the working directory when it lies inside it (so transcripts do not
/// depend on where the checkout is).
func displayPath(_ path: String) -> String {
    let directory = FileManager.default.currentDirectoryPath
    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
}
