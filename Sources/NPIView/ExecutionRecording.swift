// One execution recorded for the viewer: every step, and the environment as a grid before the
// first step plus the cells and pointers each step changed.
import NPICore

/// The cells and pointers one step changed (only a primitive's step changes any).
public struct GridChange: Equatable, Sendable {
    /// `(row, column, value)` of each cell that changed, with its new value.
    public var cells: [[Int]] = []
    /// `(pointer, row, column)` of each pointer that moved, with its new place.
    public var pointers: [[Int]] = []

    var isEmpty: Bool { cells.isEmpty && pointers.isEmpty }

    /// What changed from `old` to `new`, two states of one environment.
    init(from old: EnvironmentGrid, to new: EnvironmentGrid) {
        for (rowIndex, (oldRow, newRow)) in zip(old.rows, new.rows).enumerated() where oldRow.cells != newRow.cells {
            for column in newRow.cells.indices where oldRow.cells[column] != newRow.cells[column] {
                cells.append([rowIndex, column, newRow.cells[column]])
            }
        }
        for (index, (oldPointer, newPointer)) in zip(old.pointers, new.pointers).enumerated() where oldPointer != newPointer {
            pointers.append([index, newPointer.row, newPointer.column])
        }
    }
}

/// An execution from its first step to its end, or to the step that stopped it.
public struct RecordedExecution: Sendable {
    /// The steps taken, in order.
    public var steps: [TraceStep] = []
    /// The environment before the first step.
    public var start: EnvironmentGrid
    /// What each step changed: `changes[n - 1]` for step `n`, nil when it changed nothing.
    public var changes: [GridChange?] = []
    /// The environment's output at the end.
    public var output = ""
    /// Whether the root call returned.
    public var finished = false
    /// Why the execution stopped before the root call returned (a limit, a call that could not
    /// be made), in the interpreter's neutral words: the page names no front end's setting.
    public var failure: String?
    /// The step that was decided but could not be carried out, if that is what stopped it.
    public var failedStep: TraceStep?
    /// The execution limit that stopped it, if one did.
    public var limitReached: ExecutionLimitError?

    /// Runs `interpreter` to its end, `decide` deciding each step from its number (and saying
    /// whether it imposed the decision), each step taken handed to `followed`; nil when
    /// `shouldStop` asked to stop (polled every step).
    static func record<Policy: StepPolicy>(
        _ interpreter: Interpreter<Policy>, shouldStop: () -> Bool,
        decide: (Int, inout Policy.FrameState, Call, any NPIEnvironment) throws -> (Decision, forced: Bool),
        followed: (TraceStep) -> Void = { _ in }
    ) -> RecordedExecution? {
        let environment = interpreter.environment
        var recording = RecordedExecution(start: environment.grid())
        var grid = recording.start
        let programs = interpreter.task.programs
        while !interpreter.isFinished {
            if shouldStop() { return nil }
            let number = interpreter.stepCount + 1
            var forced = false
            let step: TraceStep?
            do {
                step = try interpreter.step { state, call, environment in
                    let (decision, imposed) = try decide(number, &state, call, environment)
                    forced = imposed
                    return decision
                }
            } catch {
                recording.failure = "\(error)"
                recording.failedStep = (error as? StepFailure)?.step
                recording.limitReached = error.executionLimit
                break
            }
            guard var taken = step else { break }
            taken.forced = forced
            recording.steps.append(taken)
            followed(taken)
            guard let call = taken.decision.call, programs[call.program].kind == .primitive else {
                recording.changes.append(nil)
                continue
            }
            let next = environment.grid()
            let change = GridChange(from: grid, to: next)
            recording.changes.append(change.isEmpty ? nil : change)
            grid = next
        }
        recording.output = environment.output
        recording.finished = interpreter.isFinished
        return recording
    }
}
