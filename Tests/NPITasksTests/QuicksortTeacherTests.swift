// The quicksort teachers run to completion: exact traces, agreement with a plain Lomuto
// quicksort swap for swap, exact step and depth counts, and decisions the core can reproduce.
import NPICore
import NPINeural
import Testing

@testable import NPITasks

private let plain = QuicksortTask()
private let recursive = QuicksortTask(recursive: true)

/// The teacher's trace as `caller -> callee` lines indented by depth, via NPICore's interpreter.
private func trace(_ task: QuicksortTask, _ text: String) throws -> [String] {
    let (steps, _) = try task.teacherTrace(for: try task.parseProblem(text.split(separator: " ").map(String.init)))
    return steps.map { step in
        let callee = step.decision.call.map(task.programs.describe) ?? "NOP"
        let indent = String(repeating: "  ", count: step.depth)
        return "\(indent)\(task.programs.describe(step.current)) -> \(callee)\(step.decision.returns ? " return" : "")"
    }
}

/// All order patterns of up to 4 elements and random rows of 1 to 60, some sorted, reversed or constant.
private func sampleRows(seed: UInt64, count: Int = 150) -> [Problem] {
    var generator = SeededGenerator(seed: seed)
    var rows = QuicksortCase.orderPatterns(upTo: 4)
    rows += (0..<count).map { _ in plain.randomProblem(sizes: 1...60, using: &generator) }
    for length in [7, 30] {
        let random = plain.randomProblem(sizes: length...length, using: &generator).words
        rows += [random.sorted(), random.sorted(by: >), Array(repeating: "5", count: length)].map(Problem.init)
    }
    return rows
}

// MARK: - A plain Lomuto quicksort

/// The cells each swap of a textbook Lomuto quicksort exchanges (left part first), in order,
/// and the row it leaves: what the teachers must do, written without NPI.
private func lomutoSwaps(_ problem: Problem) -> (swaps: [[Int]], output: String) {
    var cells = problem.words.map { Int($0)! }
    var swaps: [[Int]] = []
    func sort(_ low: Int, _ high: Int) {
        guard low < high else { return }
        var i = low
        for j in low..<high where cells[j] <= cells[high] {
            cells.swapAt(i, j)
            swaps.append([i, j])
            i += 1
        }
        cells.swapAt(i, high)
        swaps.append([i, high])
        sort(low, i - 1)
        sort(i + 1, high)
    }
    sort(0, cells.count - 1)
    return (swaps, cells.map(String.init).joined(separator: " "))
}

/// The cells each of the teacher's SWAP steps exchanged, read from the pointers after the step
/// (a swap moves no pointer), and the row it leaves.
private func teacherSwaps(_ task: QuicksortTask, _ problem: Problem) throws -> (swaps: [[Int]], output: String) {
    let environment = QuicksortEnvironment(SortTask.parsedDigits(problem))
    let interpreter = Interpreter(
        task: task, environment: environment, policy: TeacherPolicy(teacher: task.teacher),
        limits: task.executionLimits(for: problem))
    var swaps: [[Int]] = []
    while let step = try interpreter.step() {
        guard let call = step.decision.call, call.program == QuicksortProgram.swap.id else { continue }
        let other = call.arguments[0] == 0 ? environment.position(.j) : environment.topRange!.high
        swaps.append([environment.position(.i), other])
    }
    return (swaps, environment.output)
}

// MARK: - The trace convention

@Test func plainQuicksortTraceOfThreeOneTwoIsPinnedDown() throws {
    let expected = [
        "QUICKSORT -> PTRS_TO_LO",
        "QUICKSORT -> PARTITION",
        "  PARTITION -> MOVE_PTR(1,1)",
        "  PARTITION -> SWAP(0)",
        "  PARTITION -> MOVE_PTR(0,1)",
        "  PARTITION -> MOVE_PTR(1,1)",
        "  PARTITION -> SWAP(1) return",
        "QUICKSORT -> SPLIT",
        "QUICKSORT -> POP",
        "QUICKSORT -> POP",
        "QUICKSORT -> NOP return",
    ]
    #expect(try trace(plain, "3 1 2") == expected)
}

@Test func recursiveQuicksortTraceOfThreeOneTwoIsPinnedDown() throws {
    let expected = [
        "QUICKSORT -> PTRS_TO_LO",
        "QUICKSORT -> PARTITION",
        "  PARTITION -> MOVE_PTR(1,1)",
        "  PARTITION -> PARTITION return",
        "    PARTITION -> SWAP(0)",
        "    PARTITION -> MOVE_PTR(0,1)",
        "    PARTITION -> MOVE_PTR(1,1)",
        "    PARTITION -> PARTITION return",
        "      PARTITION -> SWAP(1) return",
        "QUICKSORT -> SPLIT",
        "QUICKSORT -> QUICKSORT",
        "  QUICKSORT -> POP return",
        "QUICKSORT -> QUICKSORT return",
        "  QUICKSORT -> POP return",
    ]
    #expect(try trace(recursive, "3 1 2") == expected)
}

@Test func aQuicksortRowOfOneIsPoppedAtOnce() throws {
    #expect(try trace(plain, "4") == ["QUICKSORT -> POP", "QUICKSORT -> NOP return"])
    #expect(try trace(recursive, "4") == ["QUICKSORT -> POP return"])
}

// MARK: - Correct answers

@Test(arguments: [false, true])
func quicksortsEveryOrderPatternOfUpToSixElements(isRecursive: Bool) throws {
    let task = QuicksortTask(recursive: isRecursive)
    let runner = SortRunner(task: task, recordsCases: false)
    var wrong: [Problem] = []
    for row in QuicksortCase.orderPatterns(upTo: 6) where try runner.run(row).output != task.expectedOutput(for: row) {
        wrong.append(row)
    }
    #expect(wrong.isEmpty, "first wrong: \(wrong.prefix(5))")
}

@Test(arguments: [false, true])
func teacherSwapsAsAPlainLomutoQuicksortDoes(isRecursive: Bool) throws {
    let task = QuicksortTask(recursive: isRecursive)
    var mismatched: [Problem] = []
    for row in sampleRows(seed: isRecursive ? 52 : 51) {
        let reference = lomutoSwaps(row)
        let taught = try teacherSwaps(task, row)
        #expect(reference.output == task.expectedOutput(for: row))
        if taught.swaps != reference.swaps || taught.output != reference.output { mismatched.append(row) }
    }
    #expect(mismatched.isEmpty, "first: \(mismatched.prefix(3))")
    // The test can fail: Cai's array takes 23 swaps, 14 of them of a cell with itself.
    let cai = try teacherSwaps(task, task.exampleProblem).swaps
    #expect(cai.count == 23)
    #expect(cai.filter { $0[0] == $0[1] }.count == 14)
}

// MARK: - Limits

@Test(arguments: [false, true])
func countsAreTheInterpretersStepsAndDepth(isRecursive: Bool) throws {
    let task = QuicksortTask(recursive: isRecursive)
    let runner = SortRunner(task: task, recordsCases: false)
    var generator = SeededGenerator(seed: isRecursive ? 54 : 53)
    var rows = sampleRows(seed: isRecursive ? 56 : 55)
    rows += (0..<2).map { _ in task.randomProblem(sizes: 200...200, using: &generator) }
    for row in rows {
        let result = try runner.run(row)
        let count = task.teacherCount(for: row)
        #expect(result.output == task.expectedOutput(for: row), "\(row)")
        #expect(result.steps == count.steps, "\(row)")
        #expect(result.maxDepth == count.depth, "\(row)")
        #expect(task.stepLimit(for: row) == 2 * count.steps)
        #expect(task.depthLimit(for: row) == 2 * count.depth)
    }
}

@Test func depthIsConstantPlainAndFollowsTheRecursion() throws {
    let one = Problem(["4"])
    #expect(plain.teacherCount(for: one) == QuicksortTeacherCount(steps: 2, depth: 1))
    #expect(recursive.teacherCount(for: one) == QuicksortTeacherCount(steps: 1, depth: 1))
    let sorted = Problem((0..<100).map { String($0 / 10) })
    #expect(plain.teacherCount(for: sorted).depth == 2)
    // A sorted row: each range's pivot is its largest value, so the left part is all but it.
    #expect(recursive.teacherCount(for: sorted).depth == 101)
    let cai = recursive.exampleProblem
    #expect(plain.teacherCount(for: cai) == QuicksortTeacherCount(steps: 92, depth: 2))
    #expect(recursive.teacherCount(for: cai) == QuicksortTeacherCount(steps: 128, depth: 11))
}

// MARK: - What the core can reproduce

/// A recursive call plans once, from its first observation, at most 5 steps: each decision is
/// a function of the program, that observation and the step's index in the call.
@Test func recursiveDecisionsFollowTheCallsFirstObservation() throws {
    var decisions: [String: Decision] = [:]
    var conflicts: [String] = []
    for row in sampleRows(seed: 57) {
        var firstObservation: [Int: [Int]] = [:]
        var stepsInCall: [Int: Int] = [:]
        for step in try recursive.teacherTrace(for: row).steps {
            let first = firstObservation[step.frameID, default: step.observation]
            firstObservation[step.frameID] = first
            let index = stepsInCall[step.frameID, default: 0]
            stepsInCall[step.frameID] = index + 1
            let key = "\(recursive.programs.describe(step.current)) \(first) step \(index)"
            let decision = Decision(call: step.decision.call, returns: step.decision.returns)
            if let earlier = decisions.updateValue(decision, forKey: key), earlier != decision { conflicts.append(key) }
        }
    }
    #expect(conflicts.isEmpty, "first conflicts: \(conflicts.prefix(3))")
    // Every combination the sample rows meet (the test can fail: a plan that read later flags would add more).
    #expect(decisions.count == 24)
}

/// Unlike sort's, neither quicksort teacher decides by the case (program, step capped at 4, the
/// step's own observation) alone: the core tells the situations apart by what it read before.
/// Recursive, PARTITION's second step reads the same flags after SWAP(0), where it moves i, as
/// after MOVE_PTR(j), where it calls PARTITION; plain, QUICKSORT reads a range of two or more with
/// j outside it or on a lo above the pivot both after SPLIT and after PTRS_TO_LO.
@Test(arguments: [false, true])
func quicksortCasesAloneDoNotDetermineTheDecisions(isRecursive: Bool) throws {
    let runner = SortRunner(task: QuicksortTask(recursive: isRecursive), recordsCases: false, recordsDecisions: true)
    var decisions: [QuicksortCase: Decision] = [:]
    var conflicts: Set<QuicksortCase> = []
    for row in sampleRows(seed: 57) {
        let result = try runner.run(row, decisions: decisions)
        decisions = result.decisions
        conflicts.formUnion(result.conflicts)
    }
    let twoOutside = QuicksortObservation([0, 1, 0, 0])!
    let expected =
        isRecursive
        ? QuicksortCase(program: .partition, phase: 1, observation: twoOutside)
        : QuicksortCase(program: .quicksort, phase: 4, observation: twoOutside)
    #expect(conflicts.contains(expected), "\(conflicts.sorted())")
}

@Test(arguments: [false, true])
func quicksortTeacherNeverDecidesTwoWaysOnOneCallsInputs(isRecursive: Bool) throws {
    let task = QuicksortTask(recursive: isRecursive)
    let sequences = try task.callSequences(of: sampleRows(seed: 58))
    #expect(sequences.sequences.count > 0)
}

@Test func recursiveQuicksortCallsTakeAtMostFiveStepsAtAnyLength() throws {
    let runner = SortRunner(task: recursive, recordsCases: false)
    var generator = SeededGenerator(seed: 59)
    for length in [3, 10, 50, 300] {
        let result = try runner.run(recursive.randomProblem(sizes: length...length, using: &generator))
        #expect(result.maxStepsInCall == 5, "length \(length)")
    }
    // The plain loops, by contrast: QUICKSORT takes 3 steps per range partitioned, 1 per pop.
    let constant = Problem(Array(repeating: "1", count: 50))
    #expect(try SortRunner(task: plain, recordsCases: false).run(constant).maxStepsInCall == 49 * 4 + 2)
}

/// Every recursive QUICKSORT call returns with one range fewer on the stack than it started with.
@Test func everyRecursiveQuicksortCallPopsOneRange() throws {
    for row in sampleRows(seed: 60, count: 40) {
        let environment = QuicksortEnvironment(SortTask.parsedDigits(row))
        let interpreter = Interpreter(
            task: recursive, environment: environment, policy: TeacherPolicy(teacher: recursive.teacher),
            limits: recursive.executionLimits(for: row))
        var rangesAtStart: [Int: Int] = [:]
        var unbalanced = 0
        while let frame = interpreter.stack.last {
            if frame.stepsTaken == 0 && frame.call == QuicksortCall.quicksort {
                rangesAtStart[frame.id] = environment.ranges.count
            }
            try interpreter.step()
            let running = Set(interpreter.stack.map(\.id))
            for (id, count) in rangesAtStart where !running.contains(id) {
                if environment.ranges.count != count - 1 { unbalanced += 1 }
                rangesAtStart[id] = nil
            }
        }
        #expect(unbalanced == 0, "\(row)")
        #expect(environment.ranges.isEmpty)
    }
}
