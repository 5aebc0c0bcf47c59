// The max task as a whole: its program table (sort's, then RJMP and MAX), the shared sort
// encoding and problems, its environment's answer, its limits and the registry.
import NPICore
import NPINeural
import Testing

@testable import NPITasks

private let task = MaxTask()
private let sort = SortTask()

private func problem(_ text: String) throws -> Problem {
    try task.parseProblem(text.split(separator: " ").map(String.init))
}

private func environment(_ text: String) throws -> MaxEnvironment {
    try #require(task.makeEnvironment(for: try problem(text)) as? MaxEnvironment)
}

// MARK: - Programs

@Test func maxProgramTableIsSortsFollowedByRjmpAndMax() {
    let programs = task.programs
    #expect(Array(programs.programs.prefix(10)) == SortProgram.table.programs)
    #expect(programs.count == 12)
    #expect(programs.programs.suffix(2).map(\.name) == ["RJMP", "MAX"])
    #expect(programs.programs.suffix(2).map(\.kind) == [.composite, .composite])
    #expect(programs.programs.suffix(2).map(\.arity) == [0, 0])
    #expect(programs.id(named: "rjmp") == 10)
    #expect(programs.id(named: "MAX") == 11)
    #expect(programs.nopID == SortProgram.nop.id)
    #expect(task.rootCall == Call(11, .zero))
    #expect(programs.describe(MaxCall.rightJump) == "RJMP")
    #expect(task.name == "max")
    #expect(task.teacher is MaxTeacher)
}

// MARK: - Observation encoding

@Test func maxEncodesObservationsAsSortDoes() {
    #expect(task.observationFeatureCount == sort.observationFeatureCount)
    #expect(task.maxActiveFeatures == sort.maxActiveFeatures)
    for observation in [[5, 3, 1, 0], [9, 10, 0, 1], [10, 10, 0, 1], [0, 0, 1, 1], [11, 0, 0, 0], [1, 2, 3]] {
        #expect(task.features(of: observation) == sort.features(of: observation), "\(observation)")
        #expect(task.describeObservation(observation) == sort.describeObservation(observation))
    }
}

// MARK: - Problems

@Test func maxParsesAndWritesRowsAsSortDoes() throws {
    #expect(try problem("3 9 1 4") == Problem(["3", "9", "1", "4"]))
    #expect(try task.parseProblem(task.exampleProblem.words) == task.exampleProblem)
    #expect(throws: NPIError.self) { try task.parseProblem([]) }
    #expect(throws: NPIError.self) { try task.parseProblem(["3", "12"]) }
    let long = Problem((0..<200).map { String($0 % 10) })
    #expect(task.notation(of: long) == sort.notation(of: long))
    var mine = SeededGenerator(seed: 7), sorts = SeededGenerator(seed: 7)
    for _ in 0..<20 {
        #expect(task.randomProblem(sizes: 1...30, using: &mine) == sort.randomProblem(sizes: 1...30, using: &sorts))
    }
}

@Test func expectedOutputIsTheLargestDigit() throws {
    #expect(task.expectedOutput(for: try problem("3 9 1 4")) == "9")
    #expect(task.expectedOutput(for: try problem("7")) == "7")
    #expect(task.expectedOutput(for: try problem("0 0 0")) == "0")
    #expect(task.expectedOutput(for: try problem("2 8 8 1")) == "8")
}

// MARK: - Environment

@Test func maxOutputIsTheDigitUnderPtr1() throws {
    let row = try environment("3 9 1 4")
    #expect(row.output == "3")
    #expect(row.observation() == [3, 3, 1, 0])
    try row.apply(SortCall.movePointer(.ptr1, .right))
    #expect(row.output == "9")
    for _ in 0..<3 { try row.apply(SortCall.movePointer(.ptr1, .right)) }
    #expect(row.row.position(.ptr1) == 4)
    #expect(row.output == "_")
}

@Test func maxEnvironmentShowsTheSortRow() throws {
    let row = try environment("3 9 1 4")
    let sortRow = SortEnvironment([3, 9, 1, 4])
    for call in [SortCall.movePointer(.ptr2, .right), SortCall.swap, SortCall.movePointer(.ptr3, .right)] {
        try row.apply(call)
        try sortRow.apply(call)
    }
    #expect(row.row.digits == [9, 3, 1, 4])
    #expect(row.observation() == sortRow.observation())
    #expect(row.render(color: true) == sortRow.render(color: true))
    #expect(row.grid() == sortRow.grid())
}

@Test(arguments: [
    (MaxCall.rightJump, "RJMP is not a primitive (only MOVE_PTR and SWAP act on the row)"),
    (MaxCall.max, "MAX is not a primitive (only MOVE_PTR and SWAP act on the row)"),
    (Call(12), "program id 12 is out of range 0-11"),
    (SortCall.bubble, "BUBBLE is not a primitive (only MOVE_PTR and SWAP act on the row)"),
])
func maxEnvironmentRefusesNonPrimitives(call: Call, message: String) throws {
    let row = try environment("3 9")
    #expect(throws: NPIError(message)) { try row.apply(call) }
    #expect(row.observation() == [3, 3, 1, 0])
}

// MARK: - Limits

@Test func maxStepLimitIsTwiceTheExactTeacherSteps() throws {
    // MAX 2, BUBBLESORT's 1 NOP, RJMP 2 steps and its RSHIFT 2.
    #expect(task.stepLimit(for: try problem("4")) == 2 * 7)
    // Sort's 15, MAX 2, RJMP 3 and its two RSHIFTs 4.
    #expect(task.stepLimit(for: try problem("3 1")) == 2 * 24)
    #expect(task.teacherSteps(length: 1_000) == sort.teacherSteps(length: 1_000) + 3_003)
}

@Test func maxDepthLimitIsConstant() throws {
    #expect(task.depthLimit(for: try problem("4")) == 6)
    #expect(task.depthLimit(for: try problem("3 1")) == 10)
    #expect(task.depthLimit(for: Problem(Array(repeating: "1", count: 1_000))) == 10)
}

@Test func maxHasNoVerificationSet() {
    #expect(task.verificationSet() == nil)
}

// MARK: - Registry

@Test func registryListsMaxAfterTheSortTasks() throws {
    #expect(try TaskRegistry.named("max") is MaxTask)
    let names = TaskRegistry.all.map(\.name)
    #expect(names.firstIndex(of: "sort-recursive")! < names.firstIndex(of: "max")!)
}
