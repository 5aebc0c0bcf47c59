// The distinct situations ADD1 meets, so training data can be checked to contain every one.
//
// ADD1 sees (in1, in2, carry) under the pointers: in1 and in2 are a digit or blank (11 symbols
// each), and the carry cell is blank or 1, since the teacher only ever writes 1 there. That is
// 11 × 11 × 2 = 242 combinations; (blank, blank, blank) is the column where ADD stops instead of
// calling ADD1, which leaves 241, and all 241 occur: `example` builds a problem for each, and the
// tests confirm every one by running the teacher. Short problems miss some: a 0 with a carry into
// its column, or a 0 beside a blank cell, is never in the rightmost column and never a leading
// digit, so it needs an operand of 3 or more digits ("105 + 5"). All pairs below 100 cover only
// 218 of the 241 cases.
import NPICore

/// One column as ADD1 sees it: the in1, in2 and carry symbols under the pointers.
public struct AdditionCase: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// A digit 0-9 or `AdditionEnvironment.blank`.
    public var in1: Int
    /// A digit 0-9 or `AdditionEnvironment.blank`.
    public var in2: Int
    /// 1 or `AdditionEnvironment.blank`.
    public var carry: Int

    public init(in1: Int, in2: Int, carry: Int) {
        self.in1 = in1
        self.in2 = in2
        self.carry = carry
    }

    /// Every case ADD1 can meet under the teacher: 241, in (in1, in2, carry) order.
    public static let all: [AdditionCase] = {
        let blank = AdditionEnvironment.blank
        var cases: [AdditionCase] = []
        for in1 in 0...blank {
            for in2 in 0...blank {
                for carry in [1, blank] where !(in1 == blank && in2 == blank && carry == blank) {
                    cases.append(AdditionCase(in1: in1, in2: in2, carry: carry))
                }
            }
        }
        return cases
    }()

    /// The case an observation shows (its out symbol is ignored).
    public init(observation: [Int]) {
        precondition(observation.count == 4, "an addition observation has 4 symbols, got \(observation.count)")
        self.init(in1: observation[0], in2: observation[1], carry: observation[2])
    }

    /// E.g. `3+_+1` for in1 3, blank in2, carry 1.
    public var description: String {
        func shown(_ symbol: Int) -> String { symbol == AdditionEnvironment.blank ? "_" : String(symbol) }
        return "\(shown(in1))+\(shown(in2))+\(shown(carry))"
    }

    public static func < (lhs: AdditionCase, rhs: AdditionCase) -> Bool {
        (lhs.in1, lhs.in2, lhs.carry) < (rhs.in1, rhs.in2, rhs.carry)
    }

    // MARK: - Coverage

    /// The cases ADD1 meets while the teacher solves `problem` (a parsed addition problem).
    public static func cases(in problem: Problem) -> Set<AdditionCase> {
        let (in1, in2) = AdditionTask.parsedOperands(problem)
        var found: Set<AdditionCase> = []
        // Same column walk as the teacher, right to left, without building a pad.
        var carry = 0
        var offset = 0
        while true {
            let a = digit(of: in1, offset: offset)
            let b = digit(of: in2, offset: offset)
            let column = AdditionCase(in1: a, in2: b, carry: carry == 0 ? AdditionEnvironment.blank : 1)
            if a == AdditionEnvironment.blank && b == AdditionEnvironment.blank && carry == 0 { break }
            found.insert(column)
            if found.count == all.count { break }
            let sum = (a == AdditionEnvironment.blank ? 0 : a) + (b == AdditionEnvironment.blank ? 0 : b) + carry
            carry = sum / 10
            offset += 1
        }
        return found
    }

    /// The cases ADD1 meets across `problems`.
    public static func cases(in problems: some Sequence<Problem>) -> Set<AdditionCase> {
        var found: Set<AdditionCase> = []
        for problem in problems {
            found.formUnion(cases(in: problem))
            if found.count == all.count { break }
        }
        return found
    }

    /// The cases none of `problems` exercises, in `all` order.
    public static func missing(in problems: some Sequence<Problem>) -> [AdditionCase] {
        let found = cases(in: problems)
        return all.filter { !found.contains($0) }
    }

    /// A small problem in which ADD1 meets this case (in the second column from the right).
    ///
    /// The rightmost column is 5 + 5 to produce a carry into it, or 1 + 1 for none; a 0 digit
    /// gets a leading 1 so that it is not a leading zero.
    public var example: Problem {
        let last = carry == 1 ? "5" : "1"
        func operand(_ symbol: Int) -> String {
            switch symbol {
            case AdditionEnvironment.blank: last
            case 0: "10" + last
            default: "\(symbol)" + last
            }
        }
        return Problem([operand(in1), operand(in2)])
    }

    /// The symbol `offset` places from the right of `number`, blank past its leftmost digit.
    private static func digit(of number: DecimalDigits, offset: Int) -> Int {
        offset < number.count ? Int(number.digits[number.count - 1 - offset]) : AdditionEnvironment.blank
    }
}
