// One row per problem size of an accuracy table, shared by `npi eval` and the shell's `eval`.
import Foundation

public enum AccuracyReport {
    /// The column titles.
    public static let header = "size  count  OK     NG     accuracy  first failure"

    /// `size count OK=.. NG=.. accuracy=..%` and the first failure, if any.
    public static func row(size: Int, results: [ProblemResult]) -> String {
        let correct = results.filter(\.isCorrect).count
        let accuracy = 100 * Double(correct) / Double(max(1, results.count))
        let failure = results.first { !$0.isCorrect }.map(describeFailure) ?? ""
        return pad(String(size), to: 4, left: true) + pad(String(results.count), to: 7, left: true)
            + "  OK=" + pad(String(correct), to: 5) + "NG=" + pad(String(results.count - correct), to: 5)
            + "accuracy=" + String(format: "%.2f%%", accuracy) + (failure.isEmpty ? "" : "  " + failure)
    }

    /// `12 + 34 -> '47'` (long operands shown by their length), with the reason it stopped.
    public static func describeFailure(_ result: ProblemResult) -> String {
        let shown = result.problem.words.map { $0.count > 24 ? "\($0.count)-digit" : $0 }
        let output = result.output.count > 24 ? "(\(result.output.count) chars)" : result.output
        let reason = result.failure.map { "; \($0)" } ?? ""
        return "\(shown.joined(separator: " + ")) -> '\(output)'\(reason)"
    }
}
