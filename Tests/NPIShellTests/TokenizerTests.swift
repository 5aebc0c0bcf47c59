import NPIShell
import Testing

@Suite struct TokenizerTests {
    @Test(arguments: [
        ("step", [["step"]]),
        ("  step   3  ", [["step", "3"]]),
        ("env 1 2; step; run", [["env", "1", "2"], ["step"], ["run"]]),
        ("step # a comment; not a command", [["step"]]),
        ("# only a comment", []),
        ("", []),
        (";;", []),
        ("load \"my models/a.safetensors\"", [["load", "my models/a.safetensors"]]),
        ("load 'a;b#c'", [["load", "a;b#c"]]),
        ("expect output \"\"", [["expect", "output", ""]]),
        ("say \"a \\\"quoted\\\" word\"", [["say", "a \"quoted\" word"]]),
        ("tab\tseparated\r", [["tab", "separated"]]),
    ])
    func splitsCommandsAndWords(_ line: String, _ expected: [[String]]) throws {
        #expect(try Tokenizer.commands(in: line) == expected)
    }

    @Test func unterminatedQuotesAreErrors() {
        #expect(throws: ShellError("unterminated \" quote")) { try Tokenizer.commands(in: "load \"abc") }
        #expect(throws: ShellError("unterminated ' quote")) { try Tokenizer.commands(in: "load 'abc") }
    }
}
