// Operand parsing and arbitrary-length addition of decimal digit strings.
import NPICore
import NPINeural
import Testing

@testable import NPITasks

// MARK: - Parsing

@Test(arguments: [
    ("0", "0"), ("7", "7"), ("007", "7"), ("000", "0"), ("123", "123"), ("0000123000", "123000"),
    ("9876543210987654321098765432109876543210", "9876543210987654321098765432109876543210"),
])
func parsesAndNormalisesOperands(typed: String, normalised: String) throws {
    #expect(try DecimalDigits(parsing: typed).description == normalised)
}

@Test func parsesAVeryLongOperandWithLeadingZeros() throws {
    let digits = String(repeating: "0", count: 50) + "1" + String(repeating: "0", count: 99_999)
    let number = try DecimalDigits(parsing: digits)
    #expect(number.count == 100_000)
    #expect(number.digits.first == 1)
}

@Test(arguments: [
    ("", "operand '' is empty"),
    ("-1", "operand '-1' is not a decimal number (digits 0-9 only)"),
    ("+1", "operand '+1' is not a decimal number"),
    ("1.5", "operand '1.5' is not a decimal number"),
    (" 12", "operand ' 12' is not a decimal number"),
    ("12 ", "operand '12 ' is not a decimal number"),
    ("12a", "operand '12a' is not a decimal number"),
    ("1e5", "operand '1e5' is not a decimal number"),
    ("0x1F", "operand '0x1F' is not a decimal number"),
    ("1_000", "operand '1_000' is not a decimal number"),
    ("١٢", "operand '١٢' is not a decimal number"),  // Arabic-Indic digits
    ("１２", "operand '１２' is not a decimal number"),  // fullwidth digits
    ("²", "operand '²' is not a decimal number"),  // superscript two: isNumber, not a digit
    ("1\n2", "operand '1\\n2' is not a decimal number"),  // escaped: the message stays one line
])
func rejectsBadOperands(typed: String, messageFragment: String) {
    #expect {
        try DecimalDigits(parsing: typed)
    } throws: { error in
        let message = (error as? NPIError)?.message ?? ""
        return message.contains(messageFragment) && !message.contains("\n")
    }
}

@Test func shortensAVeryLongBadOperandInTheMessage() {
    let typed = String(repeating: "1", count: 100_000) + "x"
    let error = #expect(throws: NPIError.self) { try DecimalDigits(parsing: typed) }
    let message = error?.message ?? ""
    #expect(message.contains("(100001 characters) is not a decimal number"))
    #expect(message.hasSuffix("digits 0-9 only)"))
    #expect(message.contains("11x'"))
    #expect(message.count < 120)
}

// MARK: - Addition

/// An independent reference: limbs of 9 digits added in UInt64.
private func referenceSum(_ a: String, _ b: String) -> String {
    func limbs(_ text: String) -> [UInt64] {  // least significant limb first
        var result: [UInt64] = []
        var end = text.endIndex
        while end > text.startIndex {
            let start = text.index(end, offsetBy: -9, limitedBy: text.startIndex) ?? text.startIndex
            result.append(UInt64(text[start..<end])!)
            end = start
        }
        return result
    }
    let (x, y) = (limbs(a), limbs(b))
    var sum: [UInt64] = []
    var carry: UInt64 = 0
    for i in 0..<max(x.count, y.count) {
        let limb = (i < x.count ? x[i] : 0) + (i < y.count ? y[i] : 0) + carry
        sum.append(limb % 1_000_000_000)
        carry = limb / 1_000_000_000
    }
    if carry > 0 { sum.append(carry) }
    var text = String(sum.last!)
    for limb in sum.dropLast().reversed() {
        let digits = String(limb)
        text += String(repeating: "0", count: 9 - digits.count) + digits
    }
    return text
}

/// A digit string of `count` digits, leading zeros allowed.
private func randomDigits(_ count: Int, _ generator: inout SeededGenerator) -> String {
    String((0..<count).map { _ in Character(String(generator.uniform(below: 10))) })
}

@Test func addsLikeUInt64ForShortOperands() throws {
    var generator = SeededGenerator(seed: 1)
    for _ in 0..<500 {
        let a = UInt64(generator.uniform(below: 1_000_000_000)) * UInt64(generator.uniform(below: 1_000_000_000))
        let b = UInt64(generator.uniform(below: 1_000_000_000))
        let sum = try DecimalDigits(parsing: String(a)) + DecimalDigits(parsing: String(b))
        #expect(sum.description == String(a + b))
    }
}

@Test func addsLikeTheLimbReferenceUpTo200Digits() throws {
    var generator = SeededGenerator(seed: 2)
    for _ in 0..<300 {
        let a = randomDigits(generator.uniform(in: 1...200), &generator)
        let b = randomDigits(generator.uniform(in: 1...200), &generator)
        let sum = try DecimalDigits(parsing: a) + DecimalDigits(parsing: b)
        let expected = referenceSum(a, b).drop { $0 == "0" }
        #expect(sum.description == (expected.isEmpty ? "0" : String(expected)), "\(a) + \(b)")
    }
}

@Test func addsOneTo100000Nines() throws {
    let nines = try DecimalDigits(parsing: String(repeating: "9", count: 100_000))
    let one = try DecimalDigits(parsing: "1")
    let sum = nines + one
    #expect(sum.count == 100_001)
    #expect(sum.digits.first == 1)
    #expect(sum.digits.dropFirst().allSatisfy { $0 == 0 })
    #expect(one + nines == sum)
}

@Test func zeroIsTheAdditiveIdentity() throws {
    let number = try DecimalDigits(parsing: "000120")
    #expect((number + .zero).description == "120")
    #expect((DecimalDigits.zero + .zero).description == "0")
}
