// Breakpoints, as gdb numbers and manages them: on a program, at a step number, or on a
// condition alone; temporary or not; enabled or not.
import NPICore

/// One breakpoint. It is tested on each model step right after the step is taken.
public struct Breakpoint: Equatable, Sendable {
    /// Where it stops.
    public enum Location: Equatable, Sendable {
        /// After the step that calls the program (for NOP: a step that calls nothing).
        case program(ProgramID)
        /// Once the step with this number has been taken.
        case step(Int)
        /// After any step (the condition decides).
        case everyStep
    }

    public let number: Int
    public var location: Location
    /// Tested on the step that matches the location; nil: always stop.
    public var condition: StepCondition?
    public var enabled = true
    /// Deleted once it stops the model (`tbreak`).
    public var temporary = false
    /// How many times it has stopped the model.
    public var hits = 0

    /// Whether the step just taken stops here.
    func matches(_ step: TraceStep, programs: ProgramTable) -> Bool {
        guard enabled else { return false }
        switch location {
        case .program(let id):
            guard (step.decision.call?.program ?? programs.nopID) == id else { return false }
        case .step(let number):
            guard step.number == number else { return false }
        case .everyStep:
            break
        }
        return condition?.holds(for: step, programs: programs) ?? true
    }

    /// `CARRY`, `@120`, `CARRY if p < 0.6`, `every step if r > 0.4`.
    func describeLocation(programs: ProgramTable) -> String {
        let place: String
        switch location {
        case .program(let id): place = programs[id].name
        case .step(let number): place = "@\(number)"
        case .everyStep: place = "every step"
        }
        return place + (condition.map { " if \($0)" } ?? "")
    }
}

/// The session's breakpoints, numbered from 1 in the order they were set; numbers are never reused.
public struct BreakpointList: Sendable {
    public private(set) var all: [Breakpoint] = []
    private var lastNumber = 0

    public var isEmpty: Bool { all.isEmpty }

    /// Adds a breakpoint and returns it (with its number).
    mutating func add(_ location: Breakpoint.Location, condition: StepCondition?, temporary: Bool) -> Breakpoint {
        lastNumber += 1
        let breakpoint = Breakpoint(number: lastNumber, location: location, condition: condition, temporary: temporary)
        all.append(breakpoint)
        return breakpoint
    }

    /// The breakpoints the step just taken hits; counts the hits and deletes temporary ones.
    mutating func hits(by step: TraceStep, programs: ProgramTable) -> [Breakpoint] {
        var hit: [Breakpoint] = []
        for index in all.indices where all[index].matches(step, programs: programs) {
            all[index].hits += 1
            hit.append(all[index])
        }
        all.removeAll { breakpoint in breakpoint.temporary && hit.contains { $0.number == breakpoint.number } }
        return hit
    }

    /// The index of breakpoint `number`, or an error naming it.
    func index(of number: Int) throws -> Int {
        guard let index = all.firstIndex(where: { $0.number == number }) else {
            throw ShellError("no breakpoint number \(number) ('info breakpoints' lists them)")
        }
        return index
    }

    mutating func remove(number: Int) throws {
        all.remove(at: try index(of: number))
    }

    /// Removes every breakpoint on `program`; returns how many there were.
    mutating func remove(program: ProgramID) -> Int {
        let before = all.count
        all.removeAll { $0.location == .program(program) }
        return before - all.count
    }

    mutating func removeAll() { all = [] }

    mutating func setEnabled(_ enabled: Bool, number: Int) throws {
        all[try index(of: number)].enabled = enabled
    }

    mutating func setCondition(_ condition: StepCondition?, number: Int) throws {
        all[try index(of: number)].condition = condition
    }

    /// Every breakpoint enabled or disabled.
    mutating func setAllEnabled(_ enabled: Bool) {
        for index in all.indices { all[index].enabled = enabled }
    }
}
