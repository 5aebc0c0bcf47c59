// The verification set of recursive addition (Cai, Shin & Song 2017, section 3.3 and appendix
// A.6), built analytically from what one ADD call can read, for operands of any lengths.
import NPICore

extension AdditionTask {
    /// One problem per reachable `AdditionColumnStep`; nil for the looping ADD, whose single call
    /// reads every column of the operands, so its inputs grow without bound.
    public func verificationSet() -> VerificationSet? {
        guard recursive else { return nil }
        var seen: Set<Problem> = []
        let problems = AdditionColumnStep.all.map(\.example).filter { seen.insert($0).inserted }
        return VerificationSet(
            problems: problems,
            completeness: """
                A recursive ADD call reads one column (in1, in2, carry) and, after LSHIFT, the next \
                column's in1 and in2 (its carry follows from the sum); ADD1, CARRY and LSHIFT read \
                only the same cells. These problems realise each of the \
                \(AdditionColumnStep.all.count) reachable combinations, and every execution ends \
                with the all-blank column.
                """)
    }
}

/// What a recursive ADD call reads, and so all its inputs and those of the ADD1, CARRY and
/// LSHIFT calls it makes: its column's in1, in2 and carry, and the next column's in1 and in2.
///
/// ADD sees (in1, in2, carry, blank out) in its column, then the same with the digit ADD1 wrote,
/// then after LSHIFT the next column, whose carry is 1 exactly when the column sum reached 10 and
/// whose out is blank. ADD1 and CARRY see only the column; LSHIFT moves one pointer at a time from
/// this column to the next. The column (blank, blank, blank) is where ADD returns at once; the
/// other columns and their next ones are reachable exactly as follows, an operand reading as
/// a digit until it ends and blank after:
///
/// - carry blank, both digits: 100 columns × 11 × 11 next symbols = 12,100. This is the only case
///   the rightmost column can be (no carry comes in there), where a 0 may be the whole operand "0"
///   and be followed by a blank.
/// - carry 1, both digits: 109 × 109 = 11,881. Left of the rightmost column a 0 is never an
///   operand's leading digit (parsing removes leading zeros), so a digit follows it: 10
///   continuations for 0, 11 for the other nine digits.
/// - one operand already ended (blank), either carry: 2 × 2 × 109 = 436.
/// - both ended with a carry 1 (the final carry digit): 1, followed by blanks.
///
/// 24,418 in all, each realised by `example`; the all-blank column ends every problem.
struct AdditionColumnStep: Hashable {
    var in1: Int
    var in2: Int
    var carry: Int
    var nextIn1: Int
    var nextIn2: Int

    private static let blank = AdditionEnvironment.blank

    /// Every reachable combination, in (carry, in1, in2, nextIn1, nextIn2) order.
    static let all: [AdditionColumnStep] = {
        var steps: [AdditionColumnStep] = []
        for carry in [blank, 1] {
            for in1 in 0...blank {
                for in2 in 0...blank where !(in1 == blank && in2 == blank && carry == blank) {
                    let rightmostPossible = carry == blank && in1 != blank && in2 != blank
                    for nextIn1 in continuations(of: in1, rightmost: rightmostPossible) {
                        for nextIn2 in continuations(of: in2, rightmost: rightmostPossible) {
                            steps.append(
                                AdditionColumnStep(
                                    in1: in1, in2: in2, carry: carry, nextIn1: nextIn1, nextIn2: nextIn2))
                        }
                    }
                }
            }
        }
        return steps
    }()

    /// The symbols an operand can show one column left of `symbol`: blank after blank; after a
    /// digit, any digit, or blank unless the digit would be a leading 0 left of the rightmost column.
    private static func continuations(of symbol: Int, rightmost: Bool) -> [Int] {
        if symbol == blank { return [blank] }
        return Array(0...9) + (symbol != 0 || rightmost ? [blank] : [])
    }

    /// A short problem whose execution has an ADD call reading this combination.
    ///
    /// It sits in the rightmost column when it can; otherwise a first column 5 + 5 (or 1 + 1)
    /// brings the carry 1 (or none) into it. A next digit 0 gets a 1 after it, so that it does
    /// not lead.
    var example: Problem {
        let rightmost = carry == Self.blank && in1 != Self.blank && in2 != Self.blank
        let first: [Int] = rightmost ? [] : [carry == 1 ? 5 : 1]
        func operand(_ symbol: Int, _ next: Int) -> String {
            var digits = first  // least significant first
            if symbol != Self.blank { digits.append(symbol) }
            if next != Self.blank { digits.append(next) }
            if next == 0 { digits.append(1) }
            precondition(
                digits.count == 1 || digits.last != 0, "an example operand would have a leading zero")
            return String(digits.reversed().map { Character(String($0)) })
        }
        return Problem([operand(in1, nextIn1), operand(in2, nextIn2)])
    }
}
