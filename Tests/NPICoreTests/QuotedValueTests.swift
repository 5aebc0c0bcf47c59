// NPIError.quote: what a user typed, repeated in an error message without garbling the line.
import NPICore
import Testing

@Suite struct QuotedValueTests {
    @Test(arguments: [
        ("foo", "'foo'"),
        ("", "''"),
        ("\u{1B}[2J", #"'\u{1B}[2J'"#),
        ("a\nb\tc", #"'a\nb\tc'"#),
        ("abc\u{202E}def", #"'abc\u{202E}def'"#),
        ("ünïcode 😀", "'ünïcode 😀'"),
    ])
    func escapesWhatCouldGarbleTheLine(typed: String, quoted: String) {
        #expect(NPIError.quote(typed) == quoted)
    }

    @Test func cutsAVeryLongValueToItsEndsAndLength() {
        let typed = "\u{1B}" + String(repeating: "1", count: 10_000_000) + "x"
        let quoted = NPIError.quote(typed)
        #expect(quoted.hasPrefix(#"'\u{1B}1111"#))
        #expect(quoted.hasSuffix("111x' (10000002 characters)"))
        #expect(quoted.count < 80)
    }

    @Test func keepsAValueOfFortyCharactersWhole() {
        let typed = String(repeating: "a", count: 40)
        #expect(NPIError.quote(typed) == "'\(typed)'")
        #expect(NPIError.quote(typed + "b").contains("(41 characters)"))
    }
}
