// Tests of the safetensors model file: round trips, exact bytes, corrupt files, atomic writes.
import Foundation
import Testing
@testable import SafeTensors

// MARK: - Helpers

/// A safetensors file assembled by hand: length prefix (`headerLength` overrides it), header, data.
func handFile(header: String, data: [UInt8] = [], headerLength: UInt64? = nil) -> Data {
    let headerBytes = Array(header.utf8)
    var file = Data()
    withUnsafeBytes(of: (headerLength ?? UInt64(headerBytes.count)).littleEndian) { file.append(contentsOf: $0) }
    file.append(contentsOf: headerBytes)
    file.append(contentsOf: data)
    return file
}

/// Little-endian F32 bytes, built from bit patterns so the test does not share the encoder's memcpy.
func f32Bytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { value -> [UInt8] in
        let bits = value.bitPattern
        return [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24)]
    }
}

private func bitPatterns(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

/// The header length prefix and the header text (padding included) of encoded bytes.
private func splitHeader(_ file: Data) -> (length: Int, text: String) {
    let bytes = [UInt8](file)
    let length = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    return (length, String(decoding: bytes[8..<(8 + length)], as: UTF8.self))
}

/// A fresh empty directory, removed by `body`'s end.
func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("npi-safetensors-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer {
        _ = chmod(directory, 0o755)
        try? FileManager.default.removeItem(atPath: directory)
    }
    try body(directory)
}

private func listing(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
}

func sampleFile() -> SafeTensorsFile {
    var file = SafeTensorsFile(metadata: [
        "task": "addition",
        "note": "ünïcode \"quoted\" \\ / \n\t\u{1F} 😀",
        "empty": "",
    ])
    file.append(name: "core.0.weight_ih", shape: [2, 3], values: [
        1, -2.5, .pi, -0.0, .leastNonzeroMagnitude, -Float.leastNormalMagnitude / 2,
    ])
    file.append(name: "scalar", shape: [], values: [.greatestFiniteMagnitude])
    file.append(name: "empty", shape: [0, 5], values: [])
    file.append(name: "émbed \"q\"\n\\\u{01}/😀", shape: [1], values: [-.leastNonzeroMagnitude])
    file.append(name: "a", shape: [3], values: [1, 2, 3])  // after the others: order must survive
    return file
}

// MARK: - Round trip and exact bytes

@Test func roundTripKeepsNamesOrderShapesMetadataAndExactBits() throws {
    let original = sampleFile()
    // Decode from a slice that does not start at index 0, as a caller's buffer might.
    let padded = Data([9, 9, 9]) + original.encoded()
    let decoded = try SafeTensorsFile.decode(padded[3...], source: "sample.safetensors")

    #expect(decoded.tensors.map(\.name) == original.tensors.map(\.name))
    #expect(decoded.tensors.map(\.shape) == original.tensors.map(\.shape))
    for (read, written) in zip(decoded.tensors, original.tensors) {
        #expect(bitPatterns(read.values) == bitPatterns(written.values), "tensor \(written.name)")
    }
    #expect(decoded.metadata == original.metadata)
    #expect(decoded.source == "sample.safetensors")
    #expect(decoded == original)
    // -0 and 0 compare equal as Floats, so check the sign bit survived on its own.
    #expect(decoded["core.0.weight_ih"]?.values[3].sign == .minus)
}

@Test func encodingIsBitIdenticalForTheSameContent() {
    let keys = (0..<40).map { "key\($0)" }
    var forward: [String: String] = [:]
    for key in keys { forward[key] = "value of \(key)" }
    var backward = [String: String](minimumCapacity: 500)
    for key in keys.reversed() { backward[key] = "value of \(key)" }

    var first = SafeTensorsFile(metadata: forward)
    var second = SafeTensorsFile(metadata: backward)
    first.append(name: "w", shape: [2, 2], values: [1, 2, 3, 4])
    second.append(name: "w", shape: [2, 2], values: [1, 2, 3, 4])

    #expect(first.encoded() == second.encoded())
    #expect(first.encoded() == first.encoded())
}

@Test func encodingMatchesTheDocumentedBytesExactly() {
    var file = SafeTensorsFile(metadata: ["b": "2", "a": "1"])
    file.append(name: "w", shape: [2], values: [1.0, -0.0])
    file.append(name: "v", shape: [1], values: [0.5])
    let bytes = file.encoded()

    let json = #"{"__metadata__":{"a":"1","b":"2"},"# +
        #""v":{"data_offsets":[8,12],"dtype":"F32","shape":[1]},"# +
        #""w":{"data_offsets":[0,8],"dtype":"F32","shape":[2]}}"#
    let paddedLength = (json.utf8.count + 7) / 8 * 8
    let (length, text) = splitHeader(bytes)
    #expect(length == paddedLength)
    #expect(text == json + String(repeating: " ", count: paddedLength - json.utf8.count))
    // Data in append order (w then v), little-endian: 1.0, -0.0, 0.5.
    #expect([UInt8](bytes.suffix(12)) == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x3F])
    #expect(bytes.count == 8 + paddedLength + 12)
}

@Test func headerIsPaddedWithSpacesToAMultipleOfEight() throws {
    var paddings = Set<Int>()
    for nameLength in 1...8 {
        var file = SafeTensorsFile()
        file.append(name: String(repeating: "n", count: nameLength), shape: [1], values: [7])
        let (length, text) = splitHeader(file.encoded())
        let json = text.trimmingCharacters(in: .init(charactersIn: " "))
        #expect(length % 8 == 0, "name length \(nameLength)")
        #expect(text.hasPrefix(json) && json.hasSuffix("}"))
        #expect(text.utf8.count - json.utf8.count < 8)
        paddings.insert(text.utf8.count - json.utf8.count)
        _ = try SafeTensorsFile.decode(file.encoded(), source: "padded")
    }
    #expect(paddings == Set(0..<8), "consecutive name lengths should need every padding 0...7")
}

@Test func decodesAFileInThePythonLibrarysLayout() throws {
    // As safetensors' Python writer lays it out: ", " and ": " separators, metadata first,
    // keys unsorted, data not in key order, padding spaces.
    var header = #"{"__metadata__": {"format": "pt"}, "# +
        #""b": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "# +
        #""a\u00e9\ud83d\ude00": {"dtype": "F32", "shape": [1, 1], "data_offsets": [8, 12]}}"#
    header += String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
    let file = try SafeTensorsFile.decode(
        handFile(header: header, data: f32Bytes([1.5, -2, 0.25])), source: "python.safetensors")

    #expect(file.tensors.map(\.name) == ["b", "aé😀"])
    #expect(file.metadata == ["format": "pt"])
    #expect(try file.tensor(named: "b", shape: [2]) == [1.5, -2])
    #expect(try file.tensor(named: "aé😀", shape: [1, 1]) == [0.25])
}

@Test func tensorLookupNamesTheFileTensorAndShapes() throws {
    var built = SafeTensorsFile()
    built.append(name: "core.0.weight_ih", shape: [4, 2], values: [Float](repeating: 1, count: 8))
    let file = try SafeTensorsFile.decode(built.encoded(), source: "model.safetensors")

    #expect(try file.tensor(named: "core.0.weight_ih", shape: [4, 2]).count == 8)
    #expect(throws: SafeTensorsError.self) { try file.tensor(named: "core.0.weight_ih", shape: [4, 3]) }
    do {
        _ = try file.tensor(named: "core.0.weight_ih", shape: [4, 3])
    } catch {
        #expect("\(error)" == "model.safetensors: tensor 'core.0.weight_ih' has shape [4, 2], expected [4, 3]")
    }
    do {
        _ = try file.tensor(named: "core.0.bias", shape: [4])
        Issue.record("a missing tensor was found")
    } catch {
        #expect("\(error)" == "model.safetensors: tensor 'core.0.bias' is missing")
    }
}

// MARK: - Corrupt files

struct SafeTensorsCorruptCase: Sendable, CustomTestStringConvertible {
    let label: String
    let bytes: Data
    let fragment: String
    var testDescription: String { label }

    init(_ label: String, _ bytes: Data, _ fragment: String) {
        (self.label, self.bytes, self.fragment) = (label, bytes, fragment)
    }

    /// A header with tensor `w` of `shape` at `offsets`, plus `data`.
    init(_ label: String, entry: String, data: [UInt8], _ fragment: String) {
        self.init(label, handFile(header: "{\"w\":\(entry)}", data: data), fragment)
    }
}

private func entry(dtype: String = "F32", shape: String, offsets: String) -> String {
    #"{"dtype":"\#(dtype)","shape":\#(shape),"data_offsets":\#(offsets)}"#
}

private let fourFloats: Data = {
    var file = SafeTensorsFile()
    file.append(name: "w", shape: [4], values: [1, 2, 3, 4])
    return file.encoded()
}()

let safeTensorsCorruptCases: [SafeTensorsCorruptCase] = [
    .init("empty", Data(), "file is 0 bytes, shorter than the 8-byte header length"),
    .init("7 bytes", Data(repeating: 0, count: 7), "file is 7 bytes, shorter than the 8-byte header length"),
    .init("header length past end", handFile(header: "{}", headerLength: 100),
          "header length 100 runs past the end of the 10-byte file"),
    .init("absurd header length", handFile(header: "{}", headerLength: .max),
          "header length 18446744073709551615 exceeds the limit of 100000000 bytes"),
    .init("truncated data", fourFloats.prefix(fourFloats.count - 3),
          "tensor 'w' has data_offsets [0, 16] past the end of the 13-byte data buffer; file truncated?"),
    .init("non-JSON header", handFile(header: #"{"w": {"dtype": "F32","#), "header is not valid JSON at byte 22"),
    .init("not UTF-8", handFile(header: "{}").prefix(9) + Data([0xFF, 0x7D]), "header is not valid UTF-8"),
    .init("header is an array", handFile(header: "[]"), "header is an array, expected a JSON object"),
    .init("text after the object", handFile(header: "{} x"), "unexpected text after the top-level value"),
    .init("nested too deep", handFile(header: String(repeating: "[", count: 100)), "nested deeper than 64 levels"),
    .init("lone surrogate", handFile(header: #"{"\ud800":1}"#), "unpaired surrogate escape"),
    .init("metadata not strings", handFile(header: #"{"__metadata__":{"epochs":3}}"#),
          "__metadata__ key 'epochs' is the number 3, expected a string"),
    .init("entry not an object", handFile(header: #"{"w":3}"#), "tensor 'w': entry is the number 3, expected an object"),
    .init("missing field", entry: #"{"dtype":"F32","shape":[1]}"#, data: f32Bytes([1]),
          "tensor 'w': missing field 'data_offsets'"),
    .init("shape not an array", entry: entry(shape: #""1""#, offsets: "[0,4]"), data: f32Bytes([1]),
          "tensor 'w': 'shape' is a string, expected an array of integers"),
    .init("fractional dimension", entry: entry(shape: "[1.5]", offsets: "[0,4]"), data: f32Bytes([1]),
          "tensor 'w': 'shape' contains 1.5, expected integers"),
    .init("boolean offset", entry: entry(shape: "[1]", offsets: "[true,4]"), data: f32Bytes([1]),
          "tensor 'w': 'data_offsets' contains true, expected integers"),
    .init("three offsets", entry: entry(shape: "[1]", offsets: "[0,4,8]"), data: f32Bytes([1]),
          "'data_offsets' has 3 numbers, expected [begin, end]"),
    .init("wrong dtype", entry: entry(dtype: "F16", shape: "[2]", offsets: "[0,4]"), data: [0, 0, 0, 0],
          "tensor 'w' has dtype 'F16'; only F32 is supported"),
    .init("negative dimension", entry: entry(shape: "[-1,2]", offsets: "[0,0]"), data: [],
          "tensor 'w' has an invalid shape: negative dimension in [-1, 2]"),
    .init("overflowing shape", entry: entry(shape: "[4611686018427387904,4]", offsets: "[0,0]"), data: [],
          "tensor 'w' has an invalid shape: [4611686018427387904, 4] has too many elements"),
    .init("dimension past Int", entry: entry(shape: "[99999999999999999999]", offsets: "[0,0]"), data: [],
          "'shape' contains 99999999999999999999, which is too large"),
    .init("shape and offsets disagree", entry: entry(shape: "[2,2]", offsets: "[0,12]"), data: f32Bytes([1, 2, 3]),
          "tensor 'w' has data_offsets spanning 12 bytes, but shape [2, 2] of F32 needs 16"),
    .init("reversed offsets", entry: entry(shape: "[0]", offsets: "[8,4]"), data: [],
          "'data_offsets' [8, 4] is not a range"),
    .init("overlapping offsets", handFile(
        header: #"{"a":\#(entry(shape: "[2]", offsets: "[0,8]")),"b":\#(entry(shape: "[2]", offsets: "[4,12]"))}"#,
        data: f32Bytes([1, 2, 3])), "tensor 'b' overlaps tensor 'a' in the data buffer"),
    .init("hole between tensors", handFile(
        header: #"{"a":\#(entry(shape: "[1]", offsets: "[0,4]")),"b":\#(entry(shape: "[1]", offsets: "[8,12]"))}"#,
        data: f32Bytes([1, 2, 3])), "bytes [4, 8) of the data buffer belong to no tensor"),
    .init("trailing bytes", entry: entry(shape: "[1]", offsets: "[0,4]"), data: f32Bytes([1]) + [0, 0],
          "2 bytes after the last tensor's data"),
    .init("duplicate name", handFile(
        header: #"{"w":\#(entry(shape: "[1]", offsets: "[0,4]")),"w":\#(entry(shape: "[1]", offsets: "[4,8]"))}"#,
        data: f32Bytes([1, 2])), "tensor 'w' appears more than once in the header"),
    .init("NaN", entry: entry(shape: "[2,3]", offsets: "[0,24]"), data: f32Bytes([0, 1, 2, 3, .nan, 5]),
          "tensor 'w' has NaN at index 4 ([1, 1] of shape [2, 3])"),
    .init("+Inf", entry: entry(shape: "[2]", offsets: "[0,8]"), data: f32Bytes([.infinity, 1]),
          "tensor 'w' has +Inf at index 0 ([0] of shape [2])"),
    .init("-Inf", entry: entry(shape: "[2]", offsets: "[0,8]"), data: f32Bytes([1, -.infinity]),
          "tensor 'w' has -Inf at index 1 ([1] of shape [2])"),
]

@Test(arguments: safeTensorsCorruptCases)
func corruptFileIsRejectedWithAOneLineMessage(_ corrupt: SafeTensorsCorruptCase) {
    do {
        let file = try SafeTensorsFile.decode(corrupt.bytes, source: "bad.safetensors")
        Issue.record("decoded \(file.tensors.count) tensors from a corrupt file")
    } catch let error as SafeTensorsError {
        let message = "\(error)"
        #expect(message.hasPrefix("bad.safetensors: "))
        #expect(message.contains(corrupt.fragment), "message: \(message)")
        #expect(!message.contains("\n"))
    } catch {
        Issue.record("expected a SafeTensorsError, got \(error)")
    }
}

/// Whatever a header holds, its echo in a message is escaped and short: no forged second line,
/// no escape sequence or right-to-left override reaching the terminal, no 10 MB message.
@Test(arguments: [
    (#"{"a\r\nError: fake":{"dtype":"I8","shape":[0],"data_offsets":[0,0]}}"#,
     #"tensor 'a\r\nError: fake' has dtype 'I8'; only F32 is supported"#),
    (#"{"w":{"dtype":"\u001b[2J\u009b\u202e\u0000","shape":[0],"data_offsets":[0,0]}}"#,
     #"tensor 'w' has dtype '\u{1B}[2J\u{009B}\u{202E}\0'; only F32 is supported"#),
    (#"{"__metadata__":{"\u001b]0;x\u0007":3}}"#,
     #"__metadata__ key '\u{1B}]0;x\u{07}' is the number 3, expected a string"#),
    ("{\"\\\u{1B}\":1}", #"header is not valid JSON at byte 4: unknown escape: '\' followed by byte 0x1B"#),
    ("{\"\\\u{85}\":1}", #"header is not valid JSON at byte 4: unknown escape: '\' followed by byte 0xC2"#),
    (#"{"w":{"dtype":"F32","shape":["# + String(repeating: "7", count: 1_000_000) + #"],"data_offsets":[0,0]}}"#,
     "tensor 'w': 'shape' contains 777777777777777777777777…777777777777, which is too large"),
    (#"{"w":"# + String(repeating: "9", count: 1_000_000) + "}",
     "tensor 'w': entry is the number 999999999999999999999999…999999999999, expected an object with dtype, shape and data_offsets"),
    ("{\"" + String(repeating: "n", count: 1_000_000) + #"":{"dtype":"I8","shape":[0],"data_offsets":[0,0]}}"#,
     "tensor 'nnnnnnnnnnnnnnnnnnnnnnnn…nnnnnnnnnnnn' (1000000 characters) has dtype 'I8'; only F32 is supported"),
])
func echoedHeaderTextIsEscapedAndShortened(header: String, problem: String) {
    do {
        _ = try SafeTensorsFile.decode(handFile(header: header), source: "x")
        Issue.record("decoded a bad header")
    } catch {
        #expect("\(error)" == "x: \(problem)")
    }
}

@Test func controlCharactersInNamesDoNotBreakTheOneLineMessage() throws {
    let bytes = handFile(header: #"{"a\nb":{"dtype":"I8","shape":[0],"data_offsets":[0,0]}}"#)
    #expect(throws: SafeTensorsError.self) { try SafeTensorsFile.decode(bytes, source: "x") }
    do { _ = try SafeTensorsFile.decode(bytes, source: "x") } catch {
        #expect("\(error)" == #"x: tensor 'a\nb' has dtype 'I8'; only F32 is supported"#)
    }
}

// MARK: - Files and atomic writes

@Test func writeThenReadRoundTripsAndLeavesOnlyTheFile() throws {
    try withTemporaryDirectory { directory in
        let path = directory + "/model.safetensors"
        try sampleFile().write(path: path)
        #expect(try SafeTensorsFile.read(path: path) == sampleFile())
        #expect(try SafeTensorsFile.read(path: path).source == path)

        // Overwriting replaces the contents and keeps the old file's permission bits.
        #expect(chmod(path, 0o600) == 0)
        var smaller = SafeTensorsFile(metadata: ["epoch": "2"])
        smaller.append(name: "w", shape: [1], values: [42])
        try smaller.write(path: path)
        #expect(try SafeTensorsFile.read(path: path) == smaller)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == smaller.encoded())
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try listing(directory) == ["model.safetensors"])
    }
}

@Test func failureBeforeTheRenameKeepsTheOldFileAndRemovesTheTemporary() throws {
    struct Injected: Error {}
    try withTemporaryDirectory { directory in
        let path = directory + "/model.safetensors"
        let old = Data("old contents".utf8)
        try AtomicFile.write(old, to: path)

        var sawTemporary = false
        #expect(throws: Injected.self) {
            try AtomicFile.write(Data(repeating: 7, count: 1000), to: path) { temporaryPath in
                // The new data is complete in a sibling file while the old file is untouched.
                sawTemporary = FileManager.default.contents(atPath: temporaryPath)?.count == 1000
                    && temporaryPath.hasPrefix(directory + "/.model.safetensors.tmp-")
                throw Injected()
            }
        }
        #expect(sawTemporary)
        #expect(FileManager.default.contents(atPath: path) == old)
        #expect(try listing(directory) == ["model.safetensors"])
    }
}

@Test func writingOverAnythingButARegularFileIsRefusedBeforeATemporaryFileIsMade() throws {
    // A rename over a FIFO or a device would silently remove it (as root, `-o /dev/null` would
    // have replaced the system's /dev/null); a symbolic link to one is refused the same way.
    try withTemporaryDirectory { directory in
        let folder = directory + "/folder", fifo = directory + "/fifo", link = directory + "/link"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(symlink("fifo", link) == 0)
        for (path, kind) in [(folder, "a directory"), (fifo, "a FIFO"), (link, "a FIFO")] {
            do {
                try sampleFile().write(path: path)
                Issue.record("wrote over \(kind) at \(path)")
            } catch let error as AtomicFileError {
                #expect("\(error)" == path + ": cannot write: it is \(kind), not a regular file (a write puts a new file in its place)")
                #expect(error.operation == .write)
            }
            #expect(throws: AtomicFileError.self) { try AtomicFile.write(to: path) { try $0.write("x") } }
        }
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        #expect(lstat(link, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
        #expect(try listing(directory) == ["fifo", "folder", "link"])
        #expect(try listing(folder).isEmpty)
    }
}

@Test func writingThroughASymbolicLinkReplacesItsTargetAndKeepsTheLink() throws {
    try withTemporaryDirectory { directory in
        let models = directory + "/models"
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: false)
        try AtomicFile.write(Data("old".utf8), to: models + "/model.safetensors")
        #expect(symlink("models/model.safetensors", directory + "/latest") == 0)
        try sampleFile().write(path: directory + "/latest")
        #expect(try SafeTensorsFile.read(path: models + "/model.safetensors") == sampleFile())
        var info = stat()
        #expect(lstat(directory + "/latest", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
        #expect(try listing(models) == ["model.safetensors"])

        #expect(symlink("missing", directory + "/dangling") == 0)
        #expect {
            try sampleFile().write(path: directory + "/dangling")
        } throws: { "\($0)" == directory + "/dangling: cannot write: it is a symbolic link to a missing file" }
        #expect(try listing(directory) == ["dangling", "latest", "models"])
    }
}

@Test func writingIntoAMissingDirectoryNamesThePath() throws {
    try withTemporaryDirectory { directory throws in
        let path = directory + "/missing/model.safetensors"
        do {
            try sampleFile().write(path: path)
            Issue.record("wrote into a missing directory")
        } catch {
            #expect("\(error)" == path + ": cannot write (creating a temporary file in its directory): No such file or directory")
        }
        #expect(try listing(directory).isEmpty)
    }
}

// Root ignores directory permissions, so this only runs for other users.
@Test(.enabled(if: getuid() != 0, "root can write into a read-only directory"))
func writingIntoAReadOnlyDirectoryKeepsTheOldFile() throws {
    try withTemporaryDirectory { directory in
        let path = directory + "/model.safetensors"
        try AtomicFile.write(Data("old".utf8), to: path)
        #expect(chmod(directory, 0o555) == 0)
        #expect(throws: AtomicFileError.self) { try sampleFile().write(path: path) }
        #expect(FileManager.default.contents(atPath: path) == Data("old".utf8))
        #expect(try listing(directory) == ["model.safetensors"])
    }
}

@Test func writeRefusesNonFiniteValuesAndKeepsTheOldFile() throws {
    try withTemporaryDirectory { directory in
        let path = directory + "/model.safetensors"
        try sampleFile().write(path: path)
        var diverged = SafeTensorsFile()
        diverged.append(name: "w", shape: [2, 2], values: [1, 2, .nan, 4])
        do {
            try diverged.write(path: path)
            Issue.record("wrote a NaN")
        } catch {
            #expect("\(error)" == path + ": tensor 'w' has NaN at index 2 ([1, 0] of shape [2, 2])")
        }
        #expect(try SafeTensorsFile.read(path: path) == sampleFile())
        #expect(try listing(directory) == ["model.safetensors"])
    }
}

@Test func readingAMissingFileOrADirectoryNamesThePathAndReason() throws {
    try withTemporaryDirectory { directory in
        do {
            _ = try SafeTensorsFile.read(path: directory + "/none.safetensors")
            Issue.record("read a missing file")
        } catch {
            #expect("\(error)" == directory + "/none.safetensors: cannot read: No such file or directory")
        }
        do {
            _ = try SafeTensorsFile.read(path: directory)
            Issue.record("read a directory")
        } catch {
            #expect("\(error)" == directory + ": cannot read: it is a directory, not a regular file")
        }
    }
}

// MARK: - Interoperability with Python

private func pythonWithNumpyAvailable() -> Bool {
    (try? runPython("import numpy", arguments: []))?.status == 0
}

private func runPython(_ script: String, arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

@Test(.enabled(if: pythonWithNumpyAvailable(), "needs python3 with numpy"))
func pythonWrittenFilesReadAndOursReadInPython() throws {
    // Written the way the safetensors library does it, with only struct, json and numpy.
    let writer = """
        import json, struct, sys, numpy as np
        w = np.arange(12, dtype=np.float32).reshape(3, 4) / 7 - 0.5
        b = np.array([-0.0, 1e-45, 3.4e38], dtype=np.float32)
        header = {"__metadata__": {"made_by": "numpy"},
                  "w": {"dtype": "F32", "shape": [3, 4], "data_offsets": [0, 48]},
                  "b": {"dtype": "F32", "shape": [3], "data_offsets": [48, 60]}}
        text = json.dumps(header).encode()
        text += b" " * (-len(text) % 8)
        with open(sys.argv[1], "wb") as f:
            f.write(struct.pack("<Q", len(text)) + text + w.astype("<f4").tobytes() + b.astype("<f4").tobytes())
        """
    let reader = """
        import json, struct, sys, numpy as np
        data = open(sys.argv[1], "rb").read()
        n = struct.unpack("<Q", data[:8])[0]
        header = json.loads(data[8:8 + n])
        begin, end = header["core.0.weight_ih"]["data_offsets"]
        values = np.frombuffer(data[8 + n + begin:8 + n + end], dtype="<f4")
        print(header["__metadata__"]["task"], values.reshape(header["core.0.weight_ih"]["shape"]).shape,
              [int(v) for v in values.view("<u4")])
        """
    try withTemporaryDirectory { directory in
        let fromPython = directory + "/python.safetensors"
        let written = try runPython(writer, arguments: [fromPython])
        #expect(written.status == 0, "\(written.output)")
        let file = try SafeTensorsFile.read(path: fromPython)
        #expect(file.metadata == ["made_by": "numpy"])
        #expect(file.tensors.map(\.name) == ["w", "b"])
        let w = try file.tensor(named: "w", shape: [3, 4])
        #expect(bitPatterns(w) == bitPatterns((0..<12).map { Float($0) / 7 - 0.5 }))
        #expect(bitPatterns(try file.tensor(named: "b", shape: [3])) == bitPatterns([-0.0, .leastNonzeroMagnitude, 3.4e38]))

        let fromSwift = directory + "/swift.safetensors"
        try sampleFile().write(path: fromSwift)
        let read = try runPython(reader, arguments: [fromSwift])
        let expectedBits = sampleFile()["core.0.weight_ih"]!.values.map { String($0.bitPattern) }
        #expect(read.output == "addition (2, 3) [\(expectedBits.joined(separator: ", "))]\n")
    }
}
