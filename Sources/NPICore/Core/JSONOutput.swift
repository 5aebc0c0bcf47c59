// The one way npi writes JSON: Codable values, one object per line.
import Foundation

/// How npi writes JSON (`npi data`, `trace save`, and every `--json` report).
public enum JSONOutput {
    /// `value` as one line of JSON (no trailing newline), keys sorted so output is reproducible
    /// and slashes unescaped so paths read as typed.
    public static func line(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
