// The addition task as a whole: program table, problems, random problems, and the task registry.
import NPICore
import NPINeural
import Testing

@testable import NPITasks

private let task = AdditionTask()

// MARK: - Programs

@Test func programTableHasTheFixedIdsKindsAndArities() {
    let programs = task.programs
    #expect(programs.programs.map(\.name) == ["NOP", "MOVE_PTR", "WRITE", "ADD", "ADD1", "CARRY", "LSHIFT", "RSHIFT"])
    #expect(programs.programs.map(\.kind) == [.nop, .primitive, .primitive, .composite, .composite, .composite, .composite, .composite])
    #expect(programs.programs.map(\.arity) == [0, 2, 2, 0, 0, 0, 0, 0])
    #expect(programs.nopID == 0)
    #expect(programs.id(named: "add1") == AdditionProgram.add1.id)
    #expect(task.rootCall == Call(3, .zero))
    #expect(programs.describe(AdditionCall.movePointer(.out, .left)) == "MOVE_PTR(3,0)")
    #expect(programs.describe(AdditionCall.write(.carry, 1)) == "WRITE(0,1)")
}

// MARK: - Problems

@Test(arguments: [
    (["1", "2"], ["1", "2"]), (["007", "000"], ["7", "0"]), (["0", "99999999999999999999999"], ["0", "99999999999999999999999"]),
])
func parsesProblems(words: [String], normalised: [String]) throws {
    #expect(try task.parseProblem(words) == Problem(normalised))
}

@Test(arguments: [
    ([], "expected two operands (e.g. 'env 123 456'), got 0"),
    (["12"], "expected two operands (e.g. 'env 123 456'), got 1"),
    (["1", "2", "3"], "expected two operands (e.g. 'env 123 456'), got 3"),
    (["-12", "3"], "operand '-12' is not a decimal number (digits 0-9 only)"),
    (["12", "x"], "operand 'x' is not a decimal number (digits 0-9 only)"),
    (["", "3"], "operand '' is empty"),
])
func rejectsBadProblems(words: [String], message: String) {
    #expect(throws: NPIError(message)) { try task.parseProblem(words) }
}

@Test func expectedOutputIsTheNormalisedSum() throws {
    #expect(task.expectedOutput(for: try task.parseProblem(["0999", "1"])) == "1000")
    #expect(task.expectedOutput(for: try task.parseProblem(["0", "000"])) == "0")
}

@Test func stepLimitGrowsWithTheLongerOperand() throws {
    let short = task.stepLimit(for: try task.parseProblem(["1", "2"]))
    let long = task.stepLimit(for: try task.parseProblem(["1", "2000"]))
    #expect(short == 2 * (11 * 2 + 1))
    #expect(long == 2 * (11 * 5 + 1))
}

// MARK: - Random problems

@Test func randomProblemsHaveSizesInRangeAndNoLeadingZeros() throws {
    var generator = SeededGenerator(seed: 3)
    var sizesSeen: Set<Int> = []
    for _ in 0..<300 {
        let random = task.randomProblem(sizes: 3...7, using: &generator)
        #expect(random.words.count == 2)
        for word in random.words {
            #expect((3...7).contains(word.count), "\(random)")
            #expect(word.first != "0", "\(random)")
            sizesSeen.insert(word.count)
        }
        #expect(try task.parseProblem(random.words) == random)
    }
    #expect(sizesSeen == Set(3...7))
}

@Test func oneDigitRandomOperandsIncludeZero() {
    var generator = SeededGenerator(seed: 4)
    var digitsSeen: Set<String> = []
    for _ in 0..<200 { digitsSeen.formUnion(task.randomProblem(sizes: 1...1, using: &generator).words) }
    #expect(digitsSeen == Set((0...9).map(String.init)))
}

@Test func randomProblemsAreDeterministicForASeed() {
    func draw(seed: UInt64) -> [Problem] {
        var generator = SeededGenerator(seed: seed)
        return (0..<20).map { _ in task.randomProblem(sizes: 1...30, using: &generator) }
    }
    #expect(draw(seed: 5) == draw(seed: 5))
    #expect(draw(seed: 5) != draw(seed: 6))
}

// MARK: - Registry

@Test func registryFindsAdditionByName() throws {
    #expect(try TaskRegistry.named("addition") is AdditionTask)
    let names = TaskRegistry.all.map(\.name)
    #expect(names.contains("addition"))
    #expect(Set(names).count == names.count)
}

@Test func registryRejectsAnUnknownName() {
    #expect(throws: NPIError("unknown task 'multiply' (known: addition, sort, sort-recursive)")) {
        try TaskRegistry.named("multiply")
    }
}
