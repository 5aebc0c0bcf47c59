// A numeric option of `npi train` that takes one value, or one per task of `--task a,b`.
import ArgumentParser

/// `3`, or `3,20` for the tasks of `--task addition,sort` in order.
struct TaskValues: ExpressibleByArgument, CustomStringConvertible {
    let values: [Int]

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
        let values = parts.compactMap { Int($0) }
        guard !values.isEmpty, values.count == parts.count, values.count <= 64 else { return nil }
        self.values = values
    }

    /// The one value `value`, for every task (an option's default).
    init(_ value: Int) { values = [value] }

    var description: String { values.map(String.init).joined(separator: ",") }

    /// The value for each of `count` tasks: the one value for all, or one each. Throws a usage
    /// error naming `option` when the list has another length.
    func forEach(of count: Int, option: String) throws -> [Int] {
        if values.count == 1 { return Array(repeating: values[0], count: count) }
        guard values.count == count else {
            throw ValidationError("\(option) gives \(values.count) values for \(count) tasks: give one, or one per task")
        }
        return values
    }
}
