// One row per problem size of an accuracy table, shared by `npi eval` and the shell's `eval`.
import Foundation

/// One size's accuracy, gathered a result at a time: results may arrive in any order, and
/// memory does not grow with their number.
public struct AccuracyTally: Sendable {
    public private(set) var count = 0
    public private(set) var correct = 0
    /// The failed result with the smallest position, and that position.
    public private(set) var firstFailure: (index: Int, result: ProblemResult)?

    public init() {}

    /// Counts `result`, the result of the problem at position `index` of its size.
    public mutating func add(_ result: ProblemResult, at index: Int) {
        count += 1
        if result.isCorrect {
            correct += 1
        } else if index < firstFailure?.index ?? Int.max {
            firstFailure = (index, result)
        }
    }

    /// The fraction correct, 0 when there are no results.
    public var accuracy: Double { Double(correct) / Double(max(1, count)) }
}

public enum AccuracyReport {
    /// The column titles.
    public static let header = "size  count  OK     NG     accuracy  first failure"

    /// `size count OK=.. NG=.. accuracy=..%` and the first failure, if any, in `task`'s notation;
    /// `hint` says how to raise a limit that stopped it, in the front end's words.
    public static func row(
        size: Int, tally: AccuracyTally, task: any NPITask, hint: (ExecutionLimitError) -> String? = { _ in nil }
    ) -> String {
        let failure = tally.firstFailure.map { describeFailure($0.result, task: task, hint: hint) } ?? ""
        let percent = 100 * Double(tally.correct) / Double(max(1, tally.count))
        return pad(String(size), to: 4, left: true) + pad(String(tally.count), to: 7, left: true)
            + "  OK=" + pad(String(tally.correct), to: 5) + "NG=" + pad(String(tally.count - tally.correct), to: 5)
            + "accuracy=" + String(format: "%.2f%%", percent) + (failure.isEmpty ? "" : "  " + failure)
    }

    /// The problem in `task`'s notation and what the model produced, with the reason it
    /// stopped early if it did (and `hint`'s advice when a limit stopped it): `12 + 34 -> '47'`,
    /// `6 1 -> '6 1'`, `12 + 34 -> '4'; step limit reached (5 steps); raise it with --max-steps N`.
    public static func describeFailure(
        _ result: ProblemResult, task: any NPITask, hint: (ExecutionLimitError) -> String? = { _ in nil }
    ) -> String {
        let output = result.output.count > 24 ? "(\(result.output.count) chars)" : result.output
        var reason = result.failure.map { "; \($0)" } ?? ""
        if case .limit(let limit)? = result.failure, let advice = hint(limit) { reason += "; " + advice }
        return "\(task.notation(of: result.problem)) -> '\(output)'\(reason)"
    }
}
