// One row per problem size of an accuracy table, shared by `npi eval` and the shell's `eval`.
import Foundation

public enum AccuracyReport {
    /// The column titles.
    public static let header = "size  count  OK     NG     accuracy  first failure"

    /// `size count OK=.. NG=.. accuracy=..%` and the first failure, if any, in `task`'s notation.
    public static func row(size: Int, results: [ProblemResult], task: any NPITask) -> String {
        let correct = results.filter(\.isCorrect).count
        let accuracy = 100 * Double(correct) / Double(max(1, results.count))
        let failure = results.first { !$0.isCorrect }.map { describeFailure($0, task: task) } ?? ""
        return pad(String(size), to: 4, left: true) + pad(String(results.count), to: 7, left: true)
            + "  OK=" + pad(String(correct), to: 5) + "NG=" + pad(String(results.count - correct), to: 5)
            + "accuracy=" + String(format: "%.2f%%", accuracy) + (failure.isEmpty ? "" : "  " + failure)
    }

    /// The problem in `task`'s notation and what the model produced, with the reason it
    /// stopped early if it did: `12 + 34 -> '47'`, `6 1 -> '6 1'`.
    public static func describeFailure(_ result: ProblemResult, task: any NPITask) -> String {
        let output = result.output.count > 24 ? "(\(result.output.count) chars)" : result.output
        let reason = result.failure.map { "; \($0)" } ?? ""
        return "\(task.notation(of: result.problem)) -> '\(output)'\(reason)"
    }
}
