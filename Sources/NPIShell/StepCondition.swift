// The condition of a breakpoint (`break ADD1 if depth > 3`): comparisons of a step's numbers
// with constants, joined by `and` and `or`, parsed once when the breakpoint is set.
import Foundation
import NPICore

/// A test on one model step, e.g. `p < 0.6 and depth > 3`.
///
/// Quantities: `p` (the probability shown as `p=` on the step line), `r` (the return
/// probability), `depth` (of the running call; the root is 0) and `step` (the step's number).
/// Operators: `<`, `<=`, `>`, `>=`, `==` (or `=`), `!=`. `and` binds tighter than `or`
/// (`&&` and `||` are accepted too); there are no parentheses.
public struct StepCondition: Equatable, Sendable, CustomStringConvertible {
    /// A step's numbers a condition can compare.
    public enum Quantity: String, CaseIterable, Sendable {
        case p, r, depth, step

        func value(of step: TraceStep, programs: ProgramTable) -> Double {
            switch self {
            case .p: return programs.decisionProbability(of: step)
            case .r: return step.returnProbability
            case .depth: return Double(step.depth)
            case .step: return Double(step.number)
            }
        }
    }

    public enum Comparison: String, CaseIterable, Sendable {
        case lessOrEqual = "<=", greaterOrEqual = ">=", equal = "==", notEqual = "!=", less = "<", greater = ">"

        func holds(_ left: Double, _ right: Double) -> Bool {
            switch self {
            case .less: return left < right
            case .lessOrEqual: return left <= right
            case .greater: return left > right
            case .greaterOrEqual: return left >= right
            case .equal: return left == right
            case .notEqual: return left != right
            }
        }
    }

    /// One comparison, `quantity comparison value`.
    public struct Clause: Equatable, Sendable {
        public var quantity: Quantity
        public var comparison: Comparison
        public var value: Double
    }

    /// Alternatives (`or`), each a conjunction (`and`) of clauses.
    public let alternatives: [[Clause]]

    /// Parses `text`; throws a `ShellError` that says what was expected where.
    public init(parsing text: String) throws {
        var tokens = try StepCondition.tokens(in: text)
        guard !tokens.isEmpty else { throw ShellError("missing condition after 'if' (e.g. 'if p < 0.6')") }
        var alternatives: [[Clause]] = [[]]
        while true {
            alternatives[alternatives.count - 1].append(try StepCondition.clause(from: &tokens))
            guard let joiner = tokens.first else { break }
            tokens.removeFirst()
            switch joiner {
            case "and", "&&": continue
            case "or", "||": alternatives.append([])
            default: throw ShellError("expected 'and' or 'or' in the condition, found \(NPIError.quote(joiner))")
            }
        }
        self.alternatives = alternatives
    }

    /// Whether the condition holds on `step`, a step of a program in `programs`.
    public func holds(for step: TraceStep, programs: ProgramTable) -> Bool {
        alternatives.contains { clauses in
            clauses.allSatisfy { $0.comparison.holds($0.quantity.value(of: step, programs: programs), $0.value) }
        }
    }

    /// The values on `step` of the quantities the condition compares, e.g. `p=0.5996, depth=4`:
    /// probabilities with four decimals, so a stop at `p < 0.6` is not shown as `p=0.60` only.
    public func values(on step: TraceStep, programs: ProgramTable) -> String {
        var seen: [Quantity] = []
        for clause in alternatives.joined() where !seen.contains(clause.quantity) { seen.append(clause.quantity) }
        return seen.map { quantity in
            let value = quantity.value(of: step, programs: programs)
            switch quantity {
            case .p, .r: return "\(quantity.rawValue)=" + String(format: "%.4f", value)
            case .depth, .step: return "\(quantity.rawValue)=\(Int(value))"
            }
        }.joined(separator: ", ")
    }

    /// The condition in a normal form, e.g. `p < 0.6 or depth > 3`.
    public var description: String {
        alternatives.map { clauses in
            clauses.map { "\($0.quantity.rawValue) \($0.comparison.rawValue) \(StepCondition.format($0.value))" }
                .joined(separator: " and ")
        }.joined(separator: " or ")
    }

    // MARK: - Parsing

    private static func clause(from tokens: inout [String]) throws -> Clause {
        let names = Quantity.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name = tokens.first else { throw ShellError("the condition ends early: expected one of \(names)") }
        guard let quantity = Quantity(rawValue: name) else {
            throw ShellError("unknown quantity \(NPIError.quote(name)) in the condition (\(names))")
        }
        tokens.removeFirst()
        guard let symbol = tokens.first else {
            throw ShellError("the condition ends after '\(name)': expected a comparison (<, <=, >, >=, ==, !=)")
        }
        guard let comparison = Comparison(rawValue: symbol == "=" ? "==" : symbol) else {
            throw ShellError("expected a comparison (<, <=, >, >=, ==, !=) after '\(name)', found \(NPIError.quote(symbol))")
        }
        tokens.removeFirst()
        guard let number = tokens.first else {
            throw ShellError("the condition ends after '\(name) \(symbol)': expected a number")
        }
        guard let value = Double(number), value.isFinite else {
            throw ShellError("expected a number after '\(name) \(symbol)', found \(NPIError.quote(number))")
        }
        tokens.removeFirst()
        return Clause(quantity: quantity, comparison: comparison, value: value)
    }

    /// Splits the condition into names, numbers and operators; spaces are optional
    /// (`p<0.6` and `p < 0.6` are the same).
    static func tokens(in text: String) throws -> [String] {
        var tokens: [String] = []
        var characters = Substring(text)
        while let first = characters.first {
            if first.isWhitespace {
                characters.removeFirst()
            } else if first.isLetter {
                let word = characters.prefix { $0.isLetter }
                tokens.append(word.lowercased())
                characters.removeFirst(word.count)
            } else if first.isNumber || first == "." || first == "-" || first == "+" {
                let number = characters.prefix { $0.isNumber || ".-+eE".contains($0) }
                tokens.append(String(number))
                characters.removeFirst(number.count)
            } else if let symbol = ["<=", ">=", "==", "!=", "&&", "||", "<", ">", "="].first(where: { characters.hasPrefix($0) }) {
                tokens.append(symbol)
                characters.removeFirst(symbol.count)
            } else {
                throw ShellError("unexpected \(NPIError.quote(String(first))) in the condition")
            }
        }
        return tokens
    }

    /// `0.6`, `3`: a number as the user would write it.
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
