// The quicksort tasks as a whole: program table, problems (sort's rows), limits and the registry.
import NPICore
import NPINeural
import Testing

@testable import NPITasks

private let plain = QuicksortTask()
private let recursive = QuicksortTask(recursive: true)
private let sort = SortTask()

private func problem(_ text: String) throws -> Problem {
    try plain.parseProblem(text.split(separator: " ").map(String.init))
}

// MARK: - Programs

@Test func quicksortProgramTableHasTheFixedIdsKindsAndArities() {
    let programs = plain.programs
    #expect(programs.programs.map(\.name) == [
        "NOP", "MOVE_PTR", "SWAP", "PTRS_TO_LO", "SPLIT", "POP", "QUICKSORT", "PARTITION",
    ])
    #expect(programs.programs.map(\.kind) == [.nop] + Array(repeating: .primitive, count: 5) + [.composite, .composite])
    #expect(programs.programs.map(\.arity) == [0, 2, 1, 0, 0, 0, 0, 0])
    #expect(programs.nopID == 0)
    #expect(programs.id(named: "ptrs_to_lo") == QuicksortProgram.pointersToLow.id)
    #expect(plain.rootCall == Call(6, .zero))
    #expect(recursive.programs == programs)
    #expect(recursive.rootCall == plain.rootCall)
    #expect(programs.describe(QuicksortCall.movePointer(.j, .right)) == "MOVE_PTR(1,1)")
    #expect(programs.describe(QuicksortCall.swap(.iAndHigh)) == "SWAP(1)")
    #expect(programs.describe(QuicksortCall.split) == "SPLIT")
}

@Test func namesTellTheTwoQuicksortTeachersApart() {
    #expect(plain.name == "quicksort")
    #expect(recursive.name == "quicksort-recursive")
    #expect(plain.environmentName == "quicksort" && recursive.environmentName == "quicksort")
    #expect((plain.teacher as? QuicksortTeacher)?.recursive == false)
    #expect((recursive.teacher as? QuicksortTeacher)?.recursive == true)
}

// MARK: - Problems

@Test func quicksortProblemsAreSortRows() throws {
    #expect(try problem("8 2 1 2 0 8 5 8 3 7") == plain.exampleProblem)
    #expect(plain.exampleProblem.description == "8 2 1 2 0 8 5 8 3 7")
    for words in [[], ["5", "x"], ["12"], ["1", "-1"]] {
        let mine = #expect(throws: NPIError.self) { try plain.parseProblem(words) }
        let sorts = #expect(throws: NPIError.self) { try sort.parseProblem(words) }
        #expect(mine == sorts)
    }
    // Rows are at most 10,000 long: the limits are found by simulating the partitions.
    #expect(try plain.parseProblem(Array(repeating: "7", count: 10_000)).words.count == 10_000)
    #expect(
        throws: NPIError(
            "a row of 10001 elements is longer than quicksort's 10000 (its step limit is found by simulating the partitions, quadratic on sorted rows)")
    ) { try plain.parseProblem(Array(repeating: "7", count: 10_001)) }
    #expect(plain.problemSize.limit == 10_000 && plain.problemSize.sizesOption == "lengths")
    let long = Problem((0..<200).map { String($0 % 10) })
    #expect(plain.notation(of: long) == sort.notation(of: long))
    var mine = SeededGenerator(seed: 7), sorts = SeededGenerator(seed: 7)
    for _ in 0..<20 {
        #expect(recursive.randomProblem(sizes: 1...30, using: &mine) == sort.randomProblem(sizes: 1...30, using: &sorts))
    }
}

@Test func quicksortExpectsTheSortedRow() throws {
    #expect(plain.expectedOutput(for: plain.exampleProblem) == "0 1 2 2 3 5 7 8 8 8")
    #expect(recursive.expectedOutput(for: try problem("7")) == "7")
}

@Test func quicksortEnvironmentHoldsTheProblem() throws {
    let environment = try #require(plain.makeEnvironment(for: try problem("3 1 2")) as? QuicksortEnvironment)
    #expect(environment.digits == [3, 1, 2])
    #expect(environment.ranges == [QuicksortRange(low: 0, high: 2)])
}

// MARK: - Limits

@Test func quicksortLimitsAreTwiceTheExactTeacherCounts() throws {
    // The traces pinned in QuicksortTeacherTests: 11 steps plain, 14 recursive.
    #expect(plain.stepLimit(for: try problem("3 1 2")) == 2 * 11)
    #expect(recursive.stepLimit(for: try problem("3 1 2")) == 2 * 14)
    #expect(plain.depthLimit(for: try problem("3 1 2")) == 2 * 2)
    #expect(recursive.depthLimit(for: try problem("3 1 2")) == 2 * 4)
    #expect(plain.stepLimit(for: try problem("4")) == 2 * 2)
    #expect(recursive.depthLimit(for: try problem("4")) == 2)
    // A sorted row's count grows as n², its recursive depth as n.
    let sorted = Problem((0..<100).map { String($0 / 10) })
    #expect(plain.teacherCount(for: sorted).steps == 15_347)
    #expect(recursive.teacherCount(for: sorted).steps == 20_494)
    #expect(recursive.depthLimit(for: sorted) == 2 * 101)
}

@Test func quicksortTrainingSettings() {
    #expect(plain.lengthCheckSize == 50)
    #expect(recursive.defaultLearningRate == plain.defaultLearningRate)
}

// MARK: - Registry

@Test func registryFindsBothQuicksortTasksByName() throws {
    #expect(try (TaskRegistry.named("quicksort") as? QuicksortTask)?.recursive == false)
    #expect(try (TaskRegistry.named("quicksort-recursive") as? QuicksortTask)?.recursive == true)
    let names = TaskRegistry.all.map(\.name)
    let sortRecursive = try #require(names.firstIndex(of: "sort-recursive"))
    #expect(Array(names[(sortRecursive + 1)...].prefix(2)) == ["quicksort", "quicksort-recursive"])
}
