// What the row tasks (sort, max, quicksort) share: their answer as text.

/// A row of digits 0-9 as its answer is written: the digits separated by single spaces, e.g.
/// "0 1 3 5 9", built byte by byte because rows can hold a million elements.
func digitRowText(_ digits: [UInt8]) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(2 * digits.count)
    for (index, digit) in digits.enumerated() {
        if index > 0 { bytes.append(UInt8(ascii: " ")) }
        bytes.append(UInt8(ascii: "0") + digit)
    }
    return String(decoding: bytes, as: UTF8.self)
}
