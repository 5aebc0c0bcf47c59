// The Tower of Hanoi task as a whole: program table, problems, notation, random problems,
// limits, the root call and the registry.
import NPICore
import NPINeural
import Testing

@testable import NPITasks

private let task = HanoiTask()

private func problem(_ text: String) throws -> Problem {
    try task.parseProblem(text.split(separator: " ").map(String.init))
}

// MARK: - Programs

@Test func hanoiProgramTableHasTheFixedIdsKindsAndArities() {
    let programs = task.programs
    #expect(programs.programs.map(\.name) == ["NOP", "MOVE_DISK", "SHRINK", "GROW", "HANOI"])
    #expect(programs.programs.map(\.kind) == [.nop, .primitive, .primitive, .primitive, .composite])
    #expect(programs.programs.map(\.arity) == [0, 2, 0, 0, 3])
    #expect(programs.nopID == 0)
    #expect(programs.id(named: "move_disk") == HanoiProgram.moveDisk.id)
    #expect(programs.describe(HanoiCall.hanoi(from: 2, to: 0, via: 1)) == "HANOI(2,0,1)")
    #expect(programs.describe(HanoiCall.moveDisk(from: 1, to: 2)) == "MOVE_DISK(1,2)")
    #expect(programs.describe(HanoiCall.grow) == "GROW")
    #expect(task.name == "hanoi")
    #expect(task.environmentName == "hanoi")
}

@Test func theRootCallMovesTheProblemsTowerByWayOfTheThirdPeg() throws {
    #expect(task.rootCall == HanoiCall.hanoi(from: 0, to: 2, via: 1))
    for (text, root) in [("3 0 2", (0, 2, 1)), ("1 2 1", (2, 1, 0)), ("7 1 0", (1, 0, 2))] {
        let environment = task.makeEnvironment(for: try problem(text))
        #expect(task.rootCall(in: environment) == HanoiCall.hanoi(from: root.0, to: root.1, via: root.2))
        // The interpreter starts there, as every command's execution does.
        let interpreter = Interpreter(
            task: task, environment: environment, policy: TeacherPolicy(teacher: task.teacher),
            limits: task.executionLimits(for: try problem(text)))
        #expect(interpreter.stack.first?.call == task.rootCall(in: environment))
    }
    // Another task's environment gets the fixed root.
    #expect(task.rootCall(in: SortEnvironment([1])) == task.rootCall)
}

@Test func thirdPegIsTheOneLeft() {
    #expect(HanoiPeg.third(0, 1) == 2)
    #expect(HanoiPeg.third(2, 0) == 1)
    #expect(HanoiPeg.third(1, 2) == 0)
}

// MARK: - Problems

@Test func parsesDisksFromAndTo() throws {
    #expect(try problem("3 0 2") == Problem(["3", "0", "2"]))
    #expect(try problem("20 2 1") == Problem(["20", "2", "1"]))
    #expect(try problem("003 1 0") == Problem(["3", "1", "0"]))
    #expect(try task.parseProblem(task.exampleProblem.words) == task.exampleProblem)
    #expect(task.exampleProblem.description == "3 0 2")
}

@Test(arguments: [
    ([], "expected three numbers DISKS FROM TO (e.g. 'env 3 0 2': 3 disks from peg 0 to peg 2), got 0"),
    (["3", "0"], "expected three numbers DISKS FROM TO (e.g. 'env 3 0 2': 3 disks from peg 0 to peg 2), got 2"),
    (["3", "0", "2", "1"], "expected three numbers DISKS FROM TO"),
    (["x", "0", "2"], "disks 'x' is not a number 1-20"),
    (["0", "0", "2"], "disks '0' is not a number 1-20"),
    (["-3", "0", "2"], "disks '-3' is not a number 1-20"),
    (["", "0", "2"], "disks '' is not a number 1-20"),
    (["21", "0", "2"], "disks '21' is more than 20: 21 disks take 2^21 - 1 moves"),
    (["0064", "0", "2"], "disks '0064' is more than 20: 64 disks take 2^64 - 1 moves"),
    (["99999999999999999999", "0", "2"], "disks '99999999999999999999' is more than 20: 99999999999999999999 disks take 2^"),
    (["3", "3", "2"], "from peg '3' is not a peg 0-2"),
    (["3", "00", "2"], "from peg '00' is not a peg 0-2"),
    (["3", "0", "x"], "to peg 'x' is not a peg 0-2"),
    (["3", "0", "+1"], "to peg '+1' is not a peg 0-2"),
    (["3", "1", "1"], "to peg '1' is the from peg: the tower must move to another peg"),
    (["3\n", "0", "2"], "disks '3\\n' is not a number 1-20"),  // escaped: the message stays one line
])
func hanoiRejectsBadProblems(words: [String], message: String) {
    let error = #expect(throws: NPIError.self) { try task.parseProblem(words) }
    #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "")")
    #expect(error?.message.contains("\n") == false)
}

@Test func notationSaysHowManyDisksGoWhere() throws {
    #expect(task.notation(of: try problem("3 0 2")) == "3 disks 0→2")
    #expect(task.notation(of: try problem("1 2 1")) == "1 disk 2→1")
    #expect(task.notation(of: try problem("20 1 0")) == "20 disks 1→0")
}

@Test func expectedOutputIsTheWholeTowerOnPegTo() throws {
    #expect(task.expectedOutput(for: try problem("3 0 2")) == "0: - | 1: - | 2: 3 2 1")
    #expect(task.expectedOutput(for: try problem("1 2 0")) == "0: 1 | 1: - | 2: -")
    #expect(task.expectedOutput(for: try problem("12 0 1")) == "0: - | 1: 12 11 10 9 8 7 6 5 4 3 2 1 | 2: -")
}

// MARK: - Random problems

@Test func randomProblemsHaveDisksInRangeAndEveryPegPair() throws {
    var generator = SeededGenerator(seed: 19)
    var sizes: Set<Int> = []
    var pairs: Set<[String]> = []
    for _ in 0..<300 {
        let random = task.randomProblem(sizes: 2...6, using: &generator)
        #expect(try task.parseProblem(random.words) == random)
        sizes.insert(Int(random.words[0])!)
        pairs.insert(Array(random.words[1...]))
    }
    #expect(sizes == Set(2...6))
    #expect(pairs == Set(HanoiTask.towers(disks: 1).map { Array($0.words[1...]) }))
    #expect(pairs.count == 6)
}

@Test func hanoiRandomProblemsAreDeterministicForASeed() {
    func draw(seed: UInt64) -> [Problem] {
        var generator = SeededGenerator(seed: seed)
        return (0..<20).map { _ in task.randomProblem(sizes: 1...20, using: &generator) }
    }
    #expect(draw(seed: 5) == draw(seed: 5))
    #expect(draw(seed: 5) != draw(seed: 6))
}

@Test func sizesAboveTwentyDisksAreRefusedBeforeAnyProblemIsMade() throws {
    #expect(task.problemSize.limit == 20)
    try task.problemSize.check(20, option: "--disks")
    #expect(throws: NPIError("--disks 21 is out of range: a problem has 1 to 20 disks")) {
        try task.problemSize.check(21, option: "--disks")
    }
    var generator = SeededGenerator(seed: 3)
    let largest = task.randomProblem(sizes: 20...20, using: &generator)
    #expect(task.stepLimit(for: largest) == 2 * (6 * (1 << 20) - 5))
}

// MARK: - Limits

@Test func hanoiLimitsAreTwiceTheFormulaCounts() throws {
    #expect(task.teacherSteps(disks: 1) == 7)
    #expect(task.teacherSteps(disks: 3) == 43)
    #expect(task.teacherSteps(disks: 20) == 6_291_451)
    #expect(task.stepLimit(for: try problem("3 0 2")) == 86)
    #expect(task.depthLimit(for: try problem("3 0 2")) == 8)
    #expect(task.depthLimit(for: try problem("20 1 2")) == 42)
    #expect(task.lengthCheckSize == 10)
}

// MARK: - Registry

@Test func registryFindsHanoiLast() throws {
    #expect(try TaskRegistry.named("hanoi") is HanoiTask)
    #expect(TaskRegistry.all.last?.name == "hanoi")
}
