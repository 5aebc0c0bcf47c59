// The problems a model is trained and checked on, and their teacher-forced calls.
import NPINeural

/// Training and held-out problems, made reproducibly from a seed.
public enum TrainingData {
    /// `count` random problems with operand sizes in `sizes`, plus the task's covering problems
    /// (so every case the teacher meets is in the data, whatever the draw).
    public static func problems(
        task: any NPITask, count: Int, sizes: ClosedRange<Int>, seed: UInt64
    ) -> [Problem] {
        var generator = SeededGenerator(seed: seed)
        let random = (0..<count).map { _ in task.randomProblem(sizes: sizes, using: &generator) }
        return task.coveringProblems(upTo: sizes.upperBound) + random
    }

    /// `count` random problems that are not in `excluded` (the held-out set).
    public static func heldOut(
        task: any NPITask, count: Int, sizes: ClosedRange<Int>, seed: UInt64,
        excluding excluded: [Problem]
    ) -> [Problem] {
        var generator = SeededGenerator(seed: seed ^ 0xC0FF_EE00_D15E_A5E5)
        var seen = Set(excluded)
        var problems: [Problem] = []
        var attempts = 0
        while problems.count < count && attempts < count * 100 {
            attempts += 1
            let problem = task.randomProblem(sizes: sizes, using: &generator)
            if seen.insert(problem).inserted { problems.append(problem) }
        }
        return problems
    }

    /// The teacher-forced calls of every problem's trace.
    public static func calls(task: any NPITask, problems: [Problem]) throws -> [TrainingCall] {
        var calls: [TrainingCall] = []
        for problem in problems {
            calls += task.trainingCalls(from: try task.teacherTrace(for: problem).steps)
        }
        return calls
    }

    /// The calls of the traces in a JSON Lines file written by `npi data`.
    public static func calls(task: any NPITask, tracesAt path: String) throws -> (
        calls: [TrainingCall], problems: [Problem]
    ) {
        var calls: [TrainingCall] = []
        var problems: [Problem] = []
        for (index, record) in try TraceRecord.readLines(path: path).enumerated() {
            let steps = try record.traceSteps(task: task, source: "\(path):\(index + 1)")
            calls += task.trainingCalls(from: steps)
            do {
                problems.append(try task.parseProblem(record.problem))
            } catch {
                throw NPIError("\(path):\(index + 1): \(error)")
            }
        }
        guard !calls.isEmpty else { throw NPIError("\(path): no traces in the file") }
        return (calls, problems)
    }
}
