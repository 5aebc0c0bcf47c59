// One line per core step, the same for model and teacher, so the two read side by side.
import Foundation

extension ProgramTable {
    /// A step as one line: number, indentation by depth, the running call, the return
    /// probability, the call made and the probability of that choice, and `return` when it returns.
    ///
    /// A teacher's step shows probabilities 1 and 0: it is certain.
    public func formatStep(_ step: TraceStep) -> String {
        let indent = String(repeating: "  ", count: step.depth)
        let current = describe(step.current)
        let chosen = step.decision.call ?? Call(nopID)
        let returnProbability =
            step.decision.confidence?.returnProbability ?? (step.decision.returns ? 1 : 0)
        let callProbability =
            step.decision.confidence?.programProbabilities[chosen.program] ?? 1
        let left = pad("\(indent)\(current)", to: 16)
        let right = pad(describe(chosen), to: 13)
        let number = pad(String(step.number), to: 6, left: true)
        let tail = step.decision.returns ? "  return" : ""
        return "\(number)  \(left) r=\(fixed(returnProbability))  -> \(right) p=\(fixed(callProbability))\(tail)"
    }
}

/// `value` with two decimals.
func fixed(_ value: Double) -> String { String(format: "%.2f", value) }

/// `text` padded with spaces to at least `width` characters.
func pad(_ text: String, to width: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return left ? fill + text : text + fill
}
