// Range checks of the numeric options, worded one way: `--count must be positive, not -3`.
// Numeric options parse their value `.unconditional`ly, so `--count -3` reaches these checks
// instead of ArgumentParser reading `-3` as an option ("Missing value for '--count'").
import ArgumentParser

/// A usage error unless `value` is in 1...`limit`.
func checkPositive(_ value: Int, _ option: String, atMost limit: Int) throws {
    guard value > 0 else { throw ValidationError("\(option) must be positive, not \(value)") }
    try checkAtMost(value, option, limit)
}

/// A usage error unless `value` is in 0...`limit`.
func checkNotNegative(_ value: Int, _ option: String, atMost limit: Int) throws {
    guard value >= 0 else { throw ValidationError("\(option) must not be negative, not \(value)") }
    try checkAtMost(value, option, limit)
}

private func checkAtMost(_ value: Int, _ option: String, _ limit: Int) throws {
    guard value <= limit else { throw ValidationError("\(option) must be at most \(limit), not \(value)") }
}
