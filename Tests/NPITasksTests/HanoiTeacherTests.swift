// The Hanoi teacher run to completion: exact traces, the moves of a plain recursive Hanoi on
// every tower of up to 10 disks, and the step and depth counts the limits are made from.
import NPICore
import Testing

@testable import NPITasks

private let task = HanoiTask()

/// The teacher's trace as `caller -> callee` lines indented by depth, via NPICore's interpreter.
private func trace(_ words: [String]) throws -> [String] {
    let (steps, _) = try task.teacherTrace(for: try task.parseProblem(words))
    return steps.map { step in
        let callee = step.decision.call.map(task.programs.describe) ?? "NOP"
        let indent = String(repeating: "  ", count: step.depth)
        return "\(indent)\(task.programs.describe(step.current)) -> \(callee)\(step.decision.returns ? " return" : "")"
    }
}

/// The moves of the textbook recursion, written independently of the teacher's programs.
private func plainHanoi(_ disks: Int, from: Int, to: Int, via: Int) -> [[Int]] {
    guard disks > 0 else { return [] }
    return plainHanoi(disks - 1, from: from, to: via, via: to) + [[from, to]]
        + plainHanoi(disks - 1, from: via, to: to, via: from)
}

// MARK: - The trace convention

@Test func traceOfOneDiskIsPinnedDown() throws {
    let expected = [
        "HANOI(1,0,2) -> SHRINK",
        "HANOI(1,0,2) -> HANOI(1,2,0)",
        "  HANOI(1,2,0) -> NOP return",
        "HANOI(1,0,2) -> MOVE_DISK(1,0)",
        "HANOI(1,0,2) -> HANOI(2,0,1)",
        "  HANOI(2,0,1) -> NOP return",
        "HANOI(1,0,2) -> GROW return",
    ]
    #expect(try trace(["1", "1", "0"]) == expected)
}

@Test func traceOfTwoDisksIsPinnedDown() throws {
    let expected = [
        "HANOI(0,2,1) -> SHRINK",
        "HANOI(0,2,1) -> HANOI(0,1,2)",
        "  HANOI(0,1,2) -> SHRINK",
        "  HANOI(0,1,2) -> HANOI(0,2,1)",
        "    HANOI(0,2,1) -> NOP return",
        "  HANOI(0,1,2) -> MOVE_DISK(0,1)",
        "  HANOI(0,1,2) -> HANOI(2,1,0)",
        "    HANOI(2,1,0) -> NOP return",
        "  HANOI(0,1,2) -> GROW return",
        "HANOI(0,2,1) -> MOVE_DISK(0,2)",
        "HANOI(0,2,1) -> HANOI(1,2,0)",
        "  HANOI(1,2,0) -> SHRINK",
        "  HANOI(1,2,0) -> HANOI(1,0,2)",
        "    HANOI(1,0,2) -> NOP return",
        "  HANOI(1,2,0) -> MOVE_DISK(1,2)",
        "  HANOI(1,2,0) -> HANOI(0,2,1)",
        "    HANOI(0,2,1) -> NOP return",
        "  HANOI(1,2,0) -> GROW return",
        "HANOI(0,2,1) -> GROW return",
    ]
    #expect(try trace(["2", "0", "2"]) == expected)
}

// MARK: - Against the plain recursion

@Test func solvesEveryTowerOfUpToTenDisksWithThePlainRecursionsMoves() throws {
    for disks in 1...10 {
        for tower in HanoiTask.towers(disks: disks) {
            let (from, to) = (Int(tower.words[1])!, Int(tower.words[2])!)
            let (steps, output) = try task.teacherTrace(for: tower)
            let moves = steps.compactMap { step -> [Int]? in
                guard let call = step.decision.call, call.program == HanoiProgram.moveDisk.id else { return nil }
                return Array(call.arguments.values.prefix(2))
            }
            #expect(moves == plainHanoi(disks, from: from, to: to, via: HanoiPeg.third(from, to)), "\(tower)")
            #expect(moves.count == (1 << disks) - 1)
            #expect(output == task.expectedOutput(for: tower), "\(tower)")
        }
    }
}

@Test func stepsAndDepthAreTheFormulasAndHalfTheLimits() throws {
    for disks in 1...10 {
        for tower in HanoiTask.towers(disks: disks) {
            let (steps, _) = try task.teacherTrace(for: tower)
            #expect(steps.count == task.teacherSteps(disks: disks), "\(tower)")
            #expect(2 * steps.count == task.stepLimit(for: tower))
            // A step's depth is its caller's, 0 for the root: frames on the stack are one more.
            let frames = steps.map(\.depth).max()! + 1
            #expect(frames == task.teacherDepth(disks: disks), "\(tower)")
            #expect(2 * frames == task.depthLimit(for: tower))
            let calls = Set(steps.map(\.frameID)).count
            #expect(calls == (1 << (disks + 1)) - 1)
        }
    }
}

@Test func theTeacherRunsWithinLimitsOfExactlyItsCounts() throws {
    let tower = try task.parseProblem(["6", "2", "0"])
    let exact = ExecutionLimits(maxDepth: task.teacherDepth(disks: 6), maxSteps: task.teacherSteps(disks: 6))
    let run = Interpreter(
        task: task, environment: task.makeEnvironment(for: tower), policy: TeacherPolicy(teacher: task.teacher),
        limits: exact)
    try run.run()
    #expect(run.environment.output == task.expectedOutput(for: tower))
    #expect(run.stepCount == exact.maxSteps)
    let shallow = Interpreter(
        task: task, environment: task.makeEnvironment(for: tower), policy: TeacherPolicy(teacher: task.teacher),
        limits: ExecutionLimits(maxDepth: exact.maxDepth - 1, maxSteps: exact.maxSteps))
    #expect(throws: StepFailure.self) { try shallow.run() }
}

@Test func sixteenDisksTakeTheirExactStepCount() throws {
    let tower = try task.parseProblem(["16", "0", "1"])
    let run = Interpreter(
        task: task, environment: task.makeEnvironment(for: tower), policy: TeacherPolicy(teacher: task.teacher),
        limits: task.executionLimits(for: tower))
    try run.run()
    #expect(run.stepCount == 393_211)
    #expect(run.environment.output == task.expectedOutput(for: tower))
    #expect((run.environment as! HanoiEnvironment).towerSize == 16)
}
