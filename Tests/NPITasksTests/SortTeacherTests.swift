// The sort teachers run to completion: exact traces, every short row, long random rows, limits.
import NPICore
import NPINeural
import Testing

@testable import NPITasks

private let plain = SortTask()
private let recursive = SortTask(recursive: true)

/// The teacher's trace as `caller -> callee` lines indented by depth, via NPICore's interpreter.
private func trace(_ task: SortTask, _ words: [String]) throws -> [String] {
    let (steps, _) = try task.teacherTrace(for: try task.parseProblem(words))
    return steps.map { step in
        let callee = step.decision.call.map(task.programs.describe) ?? "NOP"
        let indent = String(repeating: "  ", count: step.depth)
        return "\(indent)\(task.programs.describe(step.current)) -> \(callee)\(step.decision.returns ? " return" : "")"
    }
}

// MARK: - The trace convention

@Test func plainTraceOfThreeOneIsPinnedDown() throws {
    let expected = [
        "BUBBLESORT -> BUBBLE",
        "  BUBBLE -> MOVE_PTR(1,1)",
        "  BUBBLE -> BSTEP",
        "    BSTEP -> COMPSWAP",
        "      COMPSWAP -> SWAP return",
        "    BSTEP -> RSHIFT return",
        "      RSHIFT -> MOVE_PTR(0,1)",
        "      RSHIFT -> MOVE_PTR(1,1) return",
        "  BUBBLE -> MOVE_PTR(1,0) return",
        "BUBBLESORT -> RESET",
        "  RESET -> LSHIFT",
        "    LSHIFT -> MOVE_PTR(0,0)",
        "    LSHIFT -> MOVE_PTR(1,0) return",
        "  RESET -> MOVE_PTR(2,1) return",
        "BUBBLESORT -> NOP return",
    ]
    #expect(try trace(plain, ["3", "1"]) == expected)
}

@Test func recursiveTraceOfThreeOneIsPinnedDown() throws {
    let expected = [
        "BUBBLESORT -> BUBBLE",
        "  BUBBLE -> MOVE_PTR(1,1)",
        "  BUBBLE -> BSTEP",
        "    BSTEP -> COMPSWAP",
        "      COMPSWAP -> SWAP return",
        "    BSTEP -> RSHIFT",
        "      RSHIFT -> MOVE_PTR(0,1)",
        "      RSHIFT -> MOVE_PTR(1,1) return",
        "    BSTEP -> BSTEP return",
        "      BSTEP -> NOP return",
        "  BUBBLE -> MOVE_PTR(1,0) return",
        "BUBBLESORT -> RESET",
        "  RESET -> LSHIFT",
        "    LSHIFT -> MOVE_PTR(0,0)",
        "    LSHIFT -> MOVE_PTR(1,0) return",
        "  RESET -> RESET return",
        "    RESET -> MOVE_PTR(2,1) return",
        "BUBBLESORT -> BUBBLESORT return",
        "  BUBBLESORT -> NOP return",
    ]
    #expect(try trace(recursive, ["3", "1"]) == expected)
}

@Test func compswapCallsNothingForAnOrderedPair() throws {
    for task in [plain, recursive] {
        let lines = try trace(task, ["1", "3"])
        #expect(lines.contains("      COMPSWAP -> NOP return"))
        #expect(!lines.contains { $0.hasSuffix("-> SWAP return") })
    }
}

@Test func aRowOfOneReturnsAtOnce() throws {
    #expect(try trace(plain, ["4"]) == ["BUBBLESORT -> NOP return"])
    #expect(try trace(recursive, ["4"]) == ["BUBBLESORT -> NOP return"])
}

// MARK: - Correct answers

@Test(arguments: [false, true])
func sortsEveryRowOfUpToThreeDigits(isRecursive: Bool) throws {
    let task = SortTask(recursive: isRecursive)
    let runner = SortRunner(task: task, recordsCases: false)
    var wrong: [Problem] = []
    for row in SortCase.allRows(upTo: 3) where try runner.run(row).output != task.expectedOutput(for: row) {
        wrong.append(row)
    }
    #expect(wrong.isEmpty, "first wrong: \(wrong.prefix(5))")
}

@Test(arguments: [false, true])
func sortsRandomRowsWithExactStepsAndDepth(isRecursive: Bool) throws {
    let task = SortTask(recursive: isRecursive)
    let runner = SortRunner(task: task, recordsCases: false)
    var generator = SeededGenerator(seed: isRecursive ? 22 : 21)
    var rows = (1...30).flatMap { length in (0..<3).map { _ in task.randomProblem(sizes: length...length, using: &generator) } }
    rows += (0..<2).map { _ in task.randomProblem(sizes: 200...200, using: &generator) }
    for row in rows {
        let result = try runner.run(row)
        let length = row.words.count
        #expect(result.output == task.expectedOutput(for: row), "\(row)")
        #expect(result.steps == task.teacherSteps(length: length), "length \(length)")
        #expect(result.steps < task.stepLimit(for: row))
        #expect(result.maxDepth == task.teacherDepth(length: length), "length \(length)")
        #expect(result.maxDepth <= task.depthLimit(for: row))
    }
}

@Test(arguments: [false, true])
func sortsA1000ElementRow(isRecursive: Bool) throws {
    let task = SortTask(recursive: isRecursive)
    var generator = SeededGenerator(seed: 23)
    let row = task.randomProblem(sizes: 1_000...1_000, using: &generator)
    let result = try SortRunner(task: task, recordsCases: false).run(row)
    #expect(result.output == task.expectedOutput(for: row))
    #expect(result.steps == task.teacherSteps(length: 1_000))
    #expect(result.maxDepth == (isRecursive ? 2_000 : 4))
}

@Test func sortsADescendingRowWithASwapAtEveryComparison() throws {
    let row = try plain.parseProblem((0..<40).map { String(9 - $0 % 10) }.sorted(by: >))
    for task in [plain, recursive] {
        let (steps, output) = try task.teacherTrace(for: row)
        #expect(output == task.expectedOutput(for: row))
        // Bubble sort swaps exactly once per inversion (a pair out of order): 780 pairs less 60 ties.
        let swaps = steps.filter { $0.decision.call == SortCall.swap }.count
        var inversions = 0
        let digits = row.words.map { Int($0)! }
        for i in digits.indices { for j in digits.indices where i < j && digits[i] > digits[j] { inversions += 1 } }
        #expect(swaps == inversions)
        #expect(inversions == 720)
    }
}
