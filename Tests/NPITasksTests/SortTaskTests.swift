// The sort tasks as a whole: program table, problems, random problems, limits and the registry.
import NPICore
import NPINeural
import Testing

@testable import NPITasks

private let plain = SortTask()
private let recursive = SortTask(recursive: true)

private func problem(_ text: String) throws -> Problem {
    try plain.parseProblem(text.split(separator: " ").map(String.init))
}

// MARK: - Programs

@Test func sortProgramTableHasTheFixedIdsKindsAndArities() {
    let programs = plain.programs
    #expect(programs.programs.map(\.name) == [
        "NOP", "MOVE_PTR", "SWAP", "BUBBLESORT", "BUBBLE", "RESET", "BSTEP", "COMPSWAP", "LSHIFT", "RSHIFT",
    ])
    #expect(programs.programs.map(\.kind) == [.nop, .primitive, .primitive] + Array(repeating: .composite, count: 7))
    #expect(programs.programs.map(\.arity) == [0, 2, 0, 0, 0, 0, 0, 0, 0, 0])
    #expect(programs.nopID == 0)
    #expect(programs.id(named: "bstep") == SortProgram.bubbleStep.id)
    #expect(plain.rootCall == Call(3, .zero))
    #expect(recursive.programs == programs)
    #expect(recursive.rootCall == plain.rootCall)
    #expect(programs.describe(SortCall.movePointer(.ptr3, .right)) == "MOVE_PTR(2,1)")
    #expect(programs.describe(SortCall.swap) == "SWAP")
}

@Test func namesTellTheTwoTeachersApart() {
    #expect(plain.name == "sort")
    #expect(recursive.name == "sort-recursive")
    #expect((plain.teacher as? SortTeacher)?.recursive == false)
    #expect((recursive.teacher as? SortTeacher)?.recursive == true)
}

// MARK: - Problems

@Test func parsesOneDigitPerWord() throws {
    #expect(try plain.parseProblem(["5", "3", "9", "1", "0"]) == Problem(["5", "3", "9", "1", "0"]))
    #expect(try plain.parseProblem(["0"]) == Problem(["0"]))
    let long = (0..<1_000).map { String($0 % 10) }
    #expect(try recursive.parseProblem(long).words.count == 1_000)
    #expect(try plain.parseProblem(plain.exampleProblem.words) == plain.exampleProblem)
    #expect(plain.exampleProblem.description == "5 3 9 1 0")
}

@Test(arguments: [
    ([], "expected at least one element (e.g. 'env 5 3 9 1 0')"),
    (["5", "3", "x"], "element 3 'x' is not a digit 0-9 (one digit per element, separated by spaces)"),
    (["12"], "element 1 '12' is not a digit 0-9"),
    (["1", ""], "element 2 '' is not a digit 0-9"),
    (["1", "-1"], "element 2 '-1' is not a digit 0-9"),
    (["１"], "element 1 '１' is not a digit 0-9"),  // fullwidth digit one
    (["1", "2", "3", "4\n"], "element 4 '4\\n' is not a digit 0-9"),  // escaped: the message stays one line
])
func sortRejectsBadProblems(words: [String], message: String) {
    let error = #expect(throws: NPIError.self) { try plain.parseProblem(words) }
    #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "")")
    #expect(error?.message.contains("\n") == false)
}

@Test func expectedOutputIsTheSortedRow() throws {
    #expect(plain.expectedOutput(for: try problem("5 3 9 1 0")) == "0 1 3 5 9")
    #expect(recursive.expectedOutput(for: try problem("7")) == "7")
    #expect(plain.expectedOutput(for: try problem("2 2 1 2")) == "1 2 2 2")
}

// MARK: - Random problems

@Test func randomProblemsHaveLengthsInRangeAndEveryDigit() throws {
    var generator = SeededGenerator(seed: 11)
    var lengths: Set<Int> = []
    var digits: Set<String> = []
    for _ in 0..<300 {
        let random = plain.randomProblem(sizes: 2...6, using: &generator)
        #expect((2...6).contains(random.words.count))
        lengths.insert(random.words.count)
        digits.formUnion(random.words)
        #expect(try plain.parseProblem(random.words) == random)
    }
    #expect(lengths == Set(2...6))
    #expect(digits == Set((0...9).map(String.init)))
}

@Test func sortRandomProblemsAreDeterministicForASeed() {
    func draw(seed: UInt64) -> [Problem] {
        var generator = SeededGenerator(seed: seed)
        return (0..<20).map { _ in recursive.randomProblem(sizes: 1...30, using: &generator) }
    }
    #expect(draw(seed: 5) == draw(seed: 5))
    #expect(draw(seed: 5) != draw(seed: 6))
}

// MARK: - Limits

@Test func stepLimitIsTwiceTheExactTeacherSteps() throws {
    #expect(plain.stepLimit(for: try problem("4")) == 2)
    #expect(plain.stepLimit(for: try problem("3 1")) == 2 * 15)
    #expect(recursive.stepLimit(for: try problem("3 1")) == 2 * 19)
    #expect(plain.teacherSteps(length: 1_000) == 999 * 8_996 + 1)
    #expect(recursive.teacherSteps(length: 1_000) == 999 * 9_998 + 1)
}

@Test func depthLimitIsConstantPlainAndLinearRecursive() throws {
    #expect(plain.depthLimit(for: try problem("4")) == 2)
    #expect(plain.depthLimit(for: try problem("5 3 9 1 0")) == 8)
    #expect(plain.depthLimit(for: Problem(Array(repeating: "1", count: 1_000))) == 8)
    #expect(recursive.depthLimit(for: try problem("5 3 9 1 0")) == 20)
    #expect(recursive.depthLimit(for: Problem(Array(repeating: "1", count: 1_000))) == 4_000)
}

// MARK: - Registry

@Test func registryFindsBothSortTasksByName() throws {
    #expect(try (TaskRegistry.named("sort") as? SortTask)?.recursive == false)
    #expect(try (TaskRegistry.named("sort-recursive") as? SortTask)?.recursive == true)
    #expect(TaskRegistry.all.map(\.name) == [
        "addition", "addition-recursive", "sort", "sort-recursive", "quicksort", "quicksort-recursive", "max", "hanoi",
    ])
}
