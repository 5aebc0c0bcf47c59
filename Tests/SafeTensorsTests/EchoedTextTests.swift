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
