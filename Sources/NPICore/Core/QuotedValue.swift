// What a user typed, made safe to repeat inside a one-line error message.
import SafeTensors

extension NPIError {
    /// `value` in single quotes, escaped and cut short for a one-line message; the one rule
    /// is `EchoedText.quote` (in the SafeTensors target, whose errors echo file contents).
    public static func quote(_ value: String) -> String {
        EchoedText.quote(value)
    }
}
