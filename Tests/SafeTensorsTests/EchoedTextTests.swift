// EchoedText.quote: a value from a file or a user, repeated in a message without garbling the line.
import SafeTensors
import Testing

@Suite struct EchoedTextTests {
    @Test(arguments: [
        ("foo", "'foo'"),
        ("", "''"),
        ("\u{1B}[2J", #"'\u{1B}[2J'"#),
        ("a\nb\tc", #"'a\nb\tc'"#),
        ("abc\u{202E}def", #"'abc\u{202E}def'"#),
        ("ünïcode 😀", "'ünïcode 😀'"),
        ("npi-model\r\nError: fake", #"'npi-model\r\nError: fake'"#),
        ("a\0b\u{9B}2J\u{85}", #"'a\0b\u{009B}2J\u{0085}'"#),
        ("line\u{2028}para\u{2029}", #"'line\u{2028}para\u{2029}'"#),
    ])
    func escapesWhatCouldGarbleTheLine(typed: String, quoted: String) {
        #expect(EchoedText.quote(typed) == quoted)
    }

    @Test func cutsAVeryLongValueToItsEndsAndLength() {
        let typed = "\u{1B}" + String(repeating: "1", count: 10_000_000) + "x"
        let quoted = EchoedText.quote(typed)
        #expect(quoted.hasPrefix(#"'\u{1B}1111"#))
        #expect(quoted.hasSuffix("111x' (10000002 characters)"))
        #expect(quoted.count < 80)
    }

    @Test func keepsAValueOfFortyCharactersWhole() {
        let typed = String(repeating: "a", count: 40)
        #expect(EchoedText.quote(typed) == "'\(typed)'")
        #expect(EchoedText.quote(typed + "b").contains("(41 characters)"))
    }
}
