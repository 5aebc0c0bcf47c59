// The addition teacher run to completion: exact traces, exhaustive small sums, long random sums.
import NPICore
import NPINeural
import Testing

@testable import NPITasks

private let task = AdditionTask()

private func problem(_ a: String, _ b: String) throws -> Problem {
    try task.parseProblem([a, b])
}

// MARK: - The trace convention

@Test func traceOfFivePlusSevenIsPinnedDown() throws {
    let result = try TeacherRunner().run(try problem("5", "7"))
    let expected = [
        "ADD -> ADD1",
        "  ADD1 -> WRITE(1,2)",
        "  ADD1 -> CARRY return",
        "    CARRY -> MOVE_PTR(2,0)",
        "    CARRY -> WRITE(0,1)",
        "    CARRY -> MOVE_PTR(2,1) return",
        "ADD -> LSHIFT",
        "  LSHIFT -> MOVE_PTR(0,0)",
        "  LSHIFT -> MOVE_PTR(1,0)",
        "  LSHIFT -> MOVE_PTR(2,0)",
        "  LSHIFT -> MOVE_PTR(3,0) return",
        "ADD -> ADD1",
        "  ADD1 -> WRITE(1,1) return",
        "ADD -> LSHIFT",
        "  LSHIFT -> MOVE_PTR(0,0)",
        "  LSHIFT -> MOVE_PTR(1,0)",
        "  LSHIFT -> MOVE_PTR(2,0)",
        "  LSHIFT -> MOVE_PTR(3,0) return",
        "ADD -> NOP return",
    ]
    #expect(result.trace == expected)
    #expect(result.environment.output == "12")
    #expect(result.add1Observations == [[5, 7, AdditionEnvironment.blank, AdditionEnvironment.blank],
                                        [AdditionEnvironment.blank, AdditionEnvironment.blank, 1, AdditionEnvironment.blank]])
}

@Test func addStopsWithoutAnAdd1ForAFinishedColumn() throws {
    let result = try TeacherRunner().run(try problem("0", "0"))
    #expect(result.trace.first == "ADD -> ADD1")
    #expect(result.trace.last == "ADD -> NOP return")
    #expect(result.add1Observations.count == 1)
    #expect(result.environment.output == "0")
}

@Test func rshiftMovesAllPointersRight() {
    let plan = AdditionTeacher().plan(
        for: AdditionCall.rightShift, environment: AdditionEnvironment(.zero, .zero))
    #expect(plan.map(\.call) == ScratchpadRow.allCases.map { AdditionCall.movePointer($0, .right) })
    #expect(plan.map(\.returns) == [false, false, false, true])
}

/// The lead engineer's interpreter must step exactly as the plain runner does.
@Test(arguments: [("5", "7"), ("999", "1"), ("0", "0"), ("123456789", "987654321"), ("1", "99999")])
func interpreterAgreesWithTheTestRunner(a: String, b: String) throws {
    let parsed = try problem(a, b)
    let expected = try TeacherRunner().run(parsed)
    let (steps, output) = try task.teacherTrace(for: parsed)
    let programs = task.programs
    let trace = steps.map { step in
        let callee = step.decision.call.map(programs.describe) ?? "NOP"
        let indent = String(repeating: "  ", count: step.depth)
        return "\(indent)\(programs.describe(step.current)) -> \(callee)\(step.decision.returns ? " return" : "")"
    }
    #expect(trace == expected.trace)
    #expect(output == task.expectedOutput(for: parsed))
}

// MARK: - Correct answers

@Test func solvesEverySingleDigitPair() throws {
    let runner = TeacherRunner(recordsTrace: false)
    for a in 0...9 {
        for b in 0...9 {
            let result = try runner.run(try problem(String(a), String(b)))
            #expect(result.environment.output == String(a + b), "\(a) + \(b)")
        }
    }
}

@Test func solvesEveryPairBelow100() throws {
    let runner = TeacherRunner(recordsTrace: false)
    var wrong: [String] = []
    for a in 0..<100 {
        for b in 0..<100 {
            let result = try runner.run(try problem(String(a), String(b)))
            if result.environment.output != String(a + b) { wrong.append("\(a) + \(b)") }
        }
    }
    #expect(wrong.count == 0, "first wrong: \(wrong.prefix(5))")
}

@Test func solvesRandomLongProblemsOfMixedLengths() throws {
    var generator = SeededGenerator(seed: 7)
    let runner = TeacherRunner(recordsTrace: false)
    for sizes in [1...5, 1...40, 100...1_000] {
        for _ in 0..<8 {
            let random = task.randomProblem(sizes: sizes, using: &generator)
            let result = try runner.run(random)
            #expect(result.environment.output == task.expectedOutput(for: random), "\(random)")
            #expect(result.steps <= task.stepLimit(for: random) / 2)
        }
    }
}

@Test func solvesA10000DigitProblem() throws {
    var generator = SeededGenerator(seed: 8)
    let random = task.randomProblem(sizes: 10_000...10_000, using: &generator)
    let result = try TeacherRunner(recordsTrace: false).run(random)
    #expect(result.environment.output == task.expectedOutput(for: random))
    #expect(result.environment.output.count >= 10_000)
}

@Test func carriesThroughALongRunOfNines() throws {
    let nines = String(repeating: "9", count: 300)
    let parsed = try problem(nines, "1")
    let result = try TeacherRunner(recordsTrace: false).run(parsed)
    #expect(result.environment.output == "1" + String(repeating: "0", count: 300))
    // Every digit column carries: 11 steps each (ADD 2, ADD1 2, CARRY 3, LSHIFT 4); the
    // carry-out column takes 7 (no CARRY, ADD1 returns after WRITE), and ADD's NOP 1.
    #expect(result.steps == 300 * 11 + 7 + 1)
    #expect(result.steps <= task.stepLimit(for: parsed))
}
