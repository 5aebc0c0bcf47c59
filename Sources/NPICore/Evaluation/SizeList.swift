// Problem sizes as users write them: `100`, `1-8`, `1,10,100,1000`, or a mix (`1-8,100,1000`).

/// A list of problem sizes (digits for addition, lengths for sort).
public struct SizeList: Equatable, Sendable, CustomStringConvertible {
    public let sizes: [Int]

    /// Parses `spec`; throws an `NPIError` naming the bad part. Each size is at most `limit`,
    /// and so is the number of sizes (`1-1000000` repeated must not fill the memory).
    public init(_ spec: String, limit: Int = InputLimits.problemSize) throws {
        var sizes: [Int] = []
        let parts = spec.split(separator: ",", omittingEmptySubsequences: false)
        for part in parts {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count),
                let low = SizeList.positive(bounds[0], limit: limit),
                let high = bounds.count == 2 ? SizeList.positive(bounds[1], limit: limit) : low,
                low <= high
            else {
                throw NPIError(
                    "size '\(part)' in '\(spec)' is not N or N-M with 1 <= N <= M <= \(limit)")
            }
            guard high - low < limit - sizes.count else {
                throw NPIError("\(NPIError.quote(spec)) holds more than \(limit) sizes")
            }
            sizes += Array(low...high)
        }
        self.sizes = sizes
    }

    private static func positive(_ text: Substring, limit: Int) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (48...57).contains($0) }), text.count <= 9,
            let value = Int(text), (1...limit).contains(value)
        else { return nil }
        return value
    }

    public var description: String { sizes.map(String.init).joined(separator: ",") }
}
