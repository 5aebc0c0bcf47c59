// Runs one fuzz target under libFuzzer (LLVMFuzzerRunDriver, so SwiftPM keeps its own main),
// or writes the target's seed corpus and dictionary for run.sh.
import CLibFuzzer
import Foundation

/// A fuzz target: what it does with one input, and the inputs and words it starts from.
public protocol FuzzTarget {
    /// Runs one input. It must neither crash, leak, nor take long, and must leave nothing
    /// behind that changes how the next input runs.
    func run(_ input: Data)
    /// Small valid inputs to start from, by file name.
    func seeds() throws -> [(name: String, bytes: Data)]
    /// Words libFuzzer splices into inputs (keys, command and program names).
    var dictionary: [String] { get }
}

/// The target libFuzzer's callback runs; set once, before the driver starts.
nonisolated(unsafe) private var activeTarget: (any FuzzTarget)?

/// `fuzz-TARGET [libFuzzer flags] [CORPUS...]` fuzzes; `fuzz-TARGET --write-seeds DIR DICT`
/// writes the seeds into DIR and the dictionary into the file DICT.
public func fuzzMain(_ makeTarget: () throws -> any FuzzTarget) -> Never {
    let target: any FuzzTarget
    do { target = try makeTarget() } catch { fail("cannot set up the target: \(error)") }
    let arguments = CommandLine.arguments
    if arguments.count == 4, arguments[1] == "--write-seeds" {
        do { try write(target, seedsTo: arguments[2], dictionaryTo: arguments[3]) } catch { fail("\(error)") }
        exit(0)
    }
    activeTarget = target
    // A crash inside a target that changes directory (the shell's) would otherwise leave its
    // `crash-*` file there: by default, artifacts go to the directory the fuzzer started in.
    var flags = arguments
    if !flags.contains(where: { $0.hasPrefix("-artifact_prefix=") }) {
        flags.insert("-artifact_prefix=\(FileManager.default.currentDirectoryPath)/", at: 1)
    }
    // C strings for the life of the process, as libFuzzer keeps pointers to them.
    let cFlags = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: flags.count + 1)
    for (index, flag) in flags.enumerated() { cFlags[index] = strdup(flag) }
    cFlags[flags.count] = nil
    var argc = Int32(flags.count)
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = cFlags
    exit(LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
        activeTarget!.run(bytes.map { Data(bytes: $0, count: count) } ?? Data())
        return 0
    })
}

private func write(_ target: any FuzzTarget, seedsTo folder: String, dictionaryTo dictionaryPath: String) throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for (name, bytes) in try target.seeds() {
        try bytes.write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
    }
    // libFuzzer's dictionary format: one quoted word a line, `"` and `\` escaped, bytes as \xNN.
    let lines = Set(target.dictionary).sorted().map { word in
        "\"" + word.utf8.map { byte in
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): return "\\" + String(UnicodeScalar(byte))
            case 0x20..<0x7F: return String(UnicodeScalar(byte))
            default: return String(format: "\\x%02X", byte)
            }
        }.joined() + "\""
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: dictionaryPath, atomically: true, encoding: .utf8)
}

/// A finding of the harness itself (an oracle that failed), or a setup error: ends the
/// process the way libFuzzer reports as a crash and saves the input of.
public func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("fuzz: \(message)\n".utf8))
    abort()
}
