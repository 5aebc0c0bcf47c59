// Arbitrary-length decimal operands: parsing, normalising and schoolbook addition on digit arrays.
// No fixed-width integer ever holds an operand's value, so 100,000-digit problems work like 3-digit ones.
import NPICore
import NPINeural

/// A non-negative decimal number of any length, stored as its digits (most significant first).
///
/// Always normalised: no leading zeros, and zero is the single digit `[0]`.
public struct DecimalDigits: Hashable, Sendable, CustomStringConvertible {
    /// The digits 0-9, most significant first; never empty, never a leading zero unless the value is 0.
    public let digits: [UInt8]

    /// The number whose digits are `digits` (most significant first), with leading zeros removed.
    public init(digits: [UInt8]) {
        precondition(digits.allSatisfy { $0 <= 9 }, "a decimal digit is 0-9")
        let firstNonZero = digits.firstIndex { $0 != 0 }
        if let firstNonZero {
            self.digits = Array(digits[firstNonZero...])
        } else {
            self.digits = [0]
        }
    }

    /// Parses an operand as typed: one or more ASCII digits 0-9, leading zeros allowed ("007" is 7).
    ///
    /// Signs, spaces, decimal points and non-ASCII digits (Arabic-Indic, fullwidth, ...) are
    /// rejected: only the bytes `0`...`9` count, which `Character.isNumber` would not ensure.
    public init(parsing word: String) throws {
        guard !word.isEmpty else { throw NPIError("operand '' is empty") }
        var digits: [UInt8] = []
        digits.reserveCapacity(word.utf8.count)
        for byte in word.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw NPIError(
                    "operand \(NPIError.quote(word)) is not a decimal number (digits 0-9 only)")
            }
            digits.append(byte - UInt8(ascii: "0"))
        }
        self.init(digits: digits)
    }

    public static let zero = DecimalDigits(digits: [0])

    /// How many digits the number has (1 for zero).
    public var count: Int { digits.count }

    /// The digits as text, e.g. "1234".
    public var description: String {
        String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
    }

    // MARK: - Addition

    /// The exact sum, by schoolbook addition from the least significant digit.
    public static func + (lhs: DecimalDigits, rhs: DecimalDigits) -> DecimalDigits {
        let (longer, shorter) = lhs.count >= rhs.count ? (lhs.digits, rhs.digits) : (rhs.digits, lhs.digits)
        // Built least significant first, reversed once at the end.
        var reversedSum: [UInt8] = []
        reversedSum.reserveCapacity(longer.count + 1)
        var carry: UInt8 = 0
        for offset in 0..<longer.count {
            let a = longer[longer.count - 1 - offset]
            let b = offset < shorter.count ? shorter[shorter.count - 1 - offset] : 0
            let columnSum = a + b + carry
            reversedSum.append(columnSum % 10)
            carry = columnSum / 10
        }
        if carry > 0 { reversedSum.append(carry) }
        return DecimalDigits(digits: reversedSum.reversed())
    }

    // MARK: - Random values

    /// A number drawn uniformly among those with exactly `digitCount` digits
    /// (0-9 for one digit, otherwise a leading digit 1-9), using only `generator`'s own draws.
    public static func random(digitCount: Int, using generator: inout SeededGenerator) -> DecimalDigits {
        precondition(digitCount >= 1, "a number has at least one digit")
        var digits: [UInt8] = []
        digits.reserveCapacity(digitCount)
        digits.append(UInt8(digitCount == 1 ? generator.uniform(below: 10) : generator.uniform(in: 1...9)))
        for _ in 1..<digitCount { digits.append(UInt8(generator.uniform(below: 10))) }
        return DecimalDigits(digits: digits)
    }
}
