// A short list of problems in which ADD1 meets every case reachable with operands of bounded
// length, built greedily column by column so that each problem packs in many new cases.
import NPICore

extension AdditionCase {
    /// Problems with operands of at most `maxDigits` digits that together contain every ADD1 case
    /// such operands can produce: 101 for 1 digit, 218 for 2, all 241 from 3 digits on.
    ///
    /// Each problem is a greedy walk from the rightmost column: every column takes an uncovered
    /// case if one is legal, otherwise a column that makes one legal next; the walk ends when
    /// neither exists. Walks repeat until a walk adds nothing. The result is deterministic.
    public static func coveringProblems(upTo maxDigits: Int) -> [Problem] {
        precondition(maxDigits >= 1, "operands have at least one digit")
        var uncovered = CaseFlags(all)
        var problems: [Problem] = []
        while true {
            let problem = greedyWalk(maxDigits: maxDigits, uncovered: uncovered)
            let found = cases(in: problem).filter { uncovered.contains($0) }
            guard !found.isEmpty else { return problems }
            problems.append(problem)
            for add1Case in found { uncovered.remove(add1Case) }
        }
    }

    private static func greedyWalk(maxDigits: Int, uncovered: CaseFlags) -> Problem {
        var uncovered = uncovered
        var walk = ColumnWalk(maxDigits: maxDigits)
        var digits: [[UInt8]] = [[], []]  // per operand, least significant first
        func take(_ move: ColumnWalk.Move) {
            for (index, symbol) in [move.in1, move.in2].enumerated() where symbol != AdditionEnvironment.blank {
                digits[index].append(UInt8(symbol))
            }
            walk = walk.taking(move)
        }
        while !walk.isFinished {
            var best: (move: ColumnWalk.Move, score: Int)?
            // Many moves lead to the same state; look ahead from each state once.
            var leadsToUncovered: [ColumnWalk: Bool] = [:]
            for move in walk.moves() {
                var score = uncovered.contains(walk.addCase(for: move)) ? 2 : 0
                let next = walk.taking(move)
                let lookahead = leadsToUncovered[next] ?? {
                    let found = !next.isFinished
                        && next.moves().contains { uncovered.contains(next.addCase(for: $0)) }
                    leadsToUncovered[next] = found
                    return found
                }()
                if lookahead { score += 1 }
                if score > (best?.score ?? 0) { best = (move, score) }
            }
            guard let best else { break }
            uncovered.remove(walk.addCase(for: best.move))
            take(best.move)
        }
        // Give a 1 to any operand whose last digit is a 0 that would otherwise lead.
        while let move = walk.finishingMove() { take(move) }
        return Problem(digits.map { DecimalDigits(digits: $0.reversed()).description })
    }
}

// MARK: - Column walk

/// Where a problem under construction stands, built one column at a time from the right.
///
/// Every move keeps it valid: both operands have a digit in the rightmost column, at most
/// `maxDigits` digits, and no leading zero (a 0 left of the rightmost column is only placed
/// with room for another digit after it).
private struct ColumnWalk: Hashable {
    typealias Move = (in1: Int, in2: Int)

    struct Operand: Hashable {
        var digitCount = 0
        var lastIsZero = false
        var ended = false
        /// Ending here leaves no leading zero.
        var canEnd: Bool { digitCount == 1 || !lastIsZero }
    }

    let maxDigits: Int
    var operands = [Operand(), Operand()]
    var carry = 0
    var position = 0

    init(maxDigits: Int) { self.maxDigits = maxDigits }

    /// Both operands are complete and nothing is carried: ADD would stop here.
    var isFinished: Bool { operands.allSatisfy(\.ended) && carry == 0 }

    /// The symbols operand `index` may show in the next column.
    private func choices(_ index: Int) -> [Int] {
        let operand = operands[index]
        if operand.ended { return [AdditionEnvironment.blank] }
        var symbols: [Int] = []
        if position < maxDigits {
            let zeroNeedsRoom = position >= 1 && position + 1 >= maxDigits
            symbols += (zeroNeedsRoom ? 1 : 0)...9
        }
        if position >= 1 && operand.canEnd { symbols.append(AdditionEnvironment.blank) }
        return symbols
    }

    /// Every legal next column; (blank, blank) only while a carry remains to be written.
    func moves() -> [Move] {
        let blank = AdditionEnvironment.blank
        return choices(0).flatMap { in1 in
            choices(1).compactMap { in2 in
                in1 == blank && in2 == blank && carry == 0 ? nil : (in1, in2)
            }
        }
    }

    func addCase(for move: Move) -> AdditionCase {
        AdditionCase(in1: move.in1, in2: move.in2, carry: carry == 1 ? 1 : AdditionEnvironment.blank)
    }

    func taking(_ move: Move) -> ColumnWalk {
        var next = self
        var sum = carry
        for (index, symbol) in [move.in1, move.in2].enumerated() {
            if symbol == AdditionEnvironment.blank {
                next.operands[index].ended = true
            } else {
                next.operands[index].digitCount += 1
                next.operands[index].lastIsZero = symbol == 0
                sum += symbol
            }
        }
        next.carry = sum / 10
        next.position += 1
        return next
    }

    /// A column that gives a 1 to each operand ending in a leading 0, or nil if none does.
    func finishingMove() -> Move? {
        let needsDigit = operands.map { !$0.ended && !$0.canEnd }
        guard needsDigit.contains(true) else { return nil }
        return (needsDigit[0] ? 1 : AdditionEnvironment.blank, needsDigit[1] ? 1 : AdditionEnvironment.blank)
    }
}

// MARK: - Case flags

/// A set of ADD1 cases as flags indexed by symbols, cheap enough for the walk's inner loop.
private struct CaseFlags {
    private var flags = [Bool](repeating: false, count: 11 * 11 * 2)

    init(_ cases: [AdditionCase]) {
        for add1Case in cases { flags[Self.index(add1Case)] = true }
    }

    func contains(_ add1Case: AdditionCase) -> Bool { flags[Self.index(add1Case)] }
    mutating func remove(_ add1Case: AdditionCase) { flags[Self.index(add1Case)] = false }

    private static func index(_ add1Case: AdditionCase) -> Int {
        (add1Case.in1 * 11 + add1Case.in2) * 2 + (add1Case.carry == 1 ? 1 : 0)
    }
}
