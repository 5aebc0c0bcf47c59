// One line per core step, the same for model and teacher, so the two read side by side.
import Foundation

extension TraceStep {
    /// The return probability shown as `r=`: the model's, or 1/0 for a teacher's step.
    public var returnProbability: Double {
        decision.confidence?.returnProbability ?? (decision.returns ? 1 : 0)
    }

}

extension ProgramTable {
    /// The probability shown as `p=`: the model's probability of the whole decision the step
    /// made (the program, NOP when it calls nothing, times each argument value it reads), or 1
    /// for a teacher's step.
    public func decisionProbability(of step: TraceStep) -> Double {
        step.decision.confidence?.probability(of: step.decision, programs: self) ?? 1
    }

    /// Depths indented by two columns each; a deeper call is indented as this depth with its
    /// depth written in the indentation (`[250] ADD`), so a 10,000-frame recursion keeps its
    /// lines short.
    public static let maxIndentedDepth = 8

    /// A step as one line: number, indentation by depth, the running call, the return
    /// probability, the call made and the probability of that decision, `return` when it
    /// returns and `forced` when the decision was imposed.
    ///
    /// A teacher's step shows probabilities 1 and 0: it is certain.
    public func formatStep(_ step: TraceStep) -> String {
        let indent: String
        if step.depth <= ProgramTable.maxIndentedDepth {
            indent = String(repeating: "  ", count: step.depth)
        } else {
            indent = pad("[\(step.depth)] ", to: 2 * ProgramTable.maxIndentedDepth, left: true)
        }
        let current = describe(step.current)
        let chosen = step.decision.call ?? Call(nopID)
        let left = pad("\(indent)\(current)", to: 16)
        let right = pad(describe(chosen), to: 13)
        let number = pad(String(step.number), to: 6, left: true)
        let tail = (step.decision.returns ? "  return" : "") + (step.forced ? "  forced" : "")
        return "\(number)  \(left) r=\(fixed(step.returnProbability))  -> \(right) p=\(fixed(decisionProbability(of: step)))\(tail)"
    }
}

/// `value` with two decimals.
func fixed(_ value: Double) -> String { String(format: "%.2f", value) }

/// `text` padded with spaces to at least `width` characters.
func pad(_ text: String, to width: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return left ? fill + text : text + fill
}
