// SHA-256 against the test vectors of FIPS 180-4's examples (NIST CSRC), and incremental
// updates in odd pieces against one update of the whole.
import SafeTensors
import Testing

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        (String(repeating: "a", count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ])
    func standardTestVectors(message: String, digest: String) {
        #expect(SHA256.hex(of: message.utf8) == digest)
    }

    /// Lengths around the padding's boundaries (55, 56, 63, 64 bytes) fed in pieces of every
    /// size from 1 to 70 give the digest of one update.
    @Test func piecesGiveTheDigestOfTheWhole() {
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 200] {
            let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let whole = SHA256.hex(of: message)
            for pieceSize in 1...70 {
                var hasher = SHA256()
                var start = 0
                while start < message.count {
                    let end = min(start + pieceSize, message.count)
                    hasher.update(message[start..<end])
                    start = end
                }
                #expect(SHA256.hex(hasher.finalize()) == whole, "length \(length), pieces of \(pieceSize)")
            }
        }
    }
}
