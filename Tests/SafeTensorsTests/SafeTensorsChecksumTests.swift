// The checksum npi stores in the files it writes: its documented layout, and the damage it
// catches that the format cannot see.
import Foundation
import SafeTensors
import Testing

/// The checksum as the documentation of `computedChecksum()` lays it out, assembled here
/// independently of the implementation.
private func documentedChecksum(metadata: [(String, String)], tensors: [(String, [Int], [Float])]) -> String {
    var bytes = Array("safetensors-checksum-1".utf8)
    func number(_ value: Int) { withUnsafeBytes(of: UInt64(value).littleEndian) { bytes += $0 } }
    func text(_ value: String) { number(value.utf8.count); bytes += Array(value.utf8) }
    number(metadata.count)
    for (key, value) in metadata { text(key); text(value) }
    number(tensors.count)
    for (name, shape, values) in tensors {
        text(name)
        number(shape.count)
        shape.forEach(number)
        number(values.count * 4)
        bytes += f32Bytes(values)
    }
    return "sha256:" + SHA256.hex(of: bytes)
}

@Test func theChecksumIsTheDocumentedDigest() throws {
    var file = SafeTensorsFile(metadata: ["b": "2", "a": "1"])
    file.append(name: "w", shape: [2], values: [1.0, -0.0])
    file.append(name: "v", shape: [1, 1], values: [0.5])
    let expected = documentedChecksum(metadata: [("a", "1"), ("b", "2")], tensors: [("w", [2], [1.0, -0.0]), ("v", [1, 1], [0.5])])
    #expect(file.computedChecksum() == expected)
    // The stored checksum is not part of what it covers.
    #expect(file.addingChecksum().computedChecksum() == expected)
    #expect(file.addingChecksum().metadata == ["a": "1", "b": "2", "checksum": expected])
}

@Test func aFileWithAChecksumReadsBackVerified() throws {
    let sealed = sampleFile().addingChecksum()
    let decoded = try SafeTensorsFile.decode(sealed.encoded(), source: "m")
    #expect(decoded == sealed)
    #expect(decoded.verifiedChecksum == sealed.metadata["checksum"])
    #expect(try SafeTensorsFile.decode(sampleFile().encoded(), source: "m").verifiedChecksum == nil)
}

/// Damage the format itself cannot see, each caught by the checksum.
@Test(arguments: ["flipped bit", "swapped data", "swapped names", "edited metadata", "dropped tensor"])
func silentCorruptionIsCaughtByTheChecksum(_ damage: String) throws {
    var file = SafeTensorsFile(metadata: ["epochs": "9"])
    file.append(name: "a", shape: [2], values: [1, 2])
    file.append(name: "b", shape: [2], values: [3, 4])
    let sealed = file.addingChecksum()
    var bytes = sealed.encoded()
    switch damage {
    case "flipped bit": bytes[bytes.count - 5] ^= 0x10
    case "swapped data":
        let data = bytes.suffix(16)
        bytes.replaceSubrange(data.indices, with: data.suffix(8) + data.prefix(8))
    case "swapped names":
        bytes = SafeTensorsFile(tensors: [.init(name: "b", shape: [2], values: [1, 2]), .init(name: "a", shape: [2], values: [3, 4])],
                                metadata: sealed.metadata).encoded()
    case "edited metadata":
        var metadata = sealed.metadata
        metadata["epochs"] = "8"
        bytes = SafeTensorsFile(tensors: sealed.tensors, metadata: metadata).encoded()
    default:
        bytes = SafeTensorsFile(tensors: [sealed.tensors[0]], metadata: sealed.metadata).encoded()
    }
    #expect(throws: SafeTensorsError.self) { try SafeTensorsFile.decode(bytes, source: "m.safetensors") }
    do { _ = try SafeTensorsFile.decode(bytes, source: "m.safetensors") } catch {
        #expect("\(error)" == "m.safetensors: the tensor data or metadata do not match the file's checksum (the file is corrupted)")
    }
}

@Test(arguments: ["md5:abc", "sha256:" + String(repeating: "A", count: 64), "sha256:\u{1B}[2J", ""])
func aChecksumOfTheWrongFormIsRefused(_ value: String) throws {
    var file = SafeTensorsFile(metadata: ["checksum": value])
    file.append(name: "w", shape: [1], values: [1])
    do {
        _ = try SafeTensorsFile.decode(file.encoded(), source: "m")
        Issue.record("accepted checksum \(value)")
    } catch {
        #expect("\(error)" == "m: __metadata__ checksum \(EchoedText.quote(value)) is not sha256: and 64 lowercase hex digits")
        #expect(!"\(error)".contains("\u{1B}"))
    }
}
