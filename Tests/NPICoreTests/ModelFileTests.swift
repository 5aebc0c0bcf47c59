import Foundation
import NPICore
import NPINeural
import Testing

/// Model files: round trips with the optimizer state, and loader errors that name the problem.
@Suite struct ModelFileTests {
    let task = CountdownTask()

    var smallConfiguration: NetworkConfiguration {
        var configuration = NPIModel.defaultConfiguration(for: task)
        configuration.coreSize = 6
        configuration.encoderSize = 4
        configuration.maxoutPieces = 2
        return configuration
    }

    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("npi-modelfile-\(UUID().uuidString)-\(name)").path
    }

    func load(_ path: String) throws -> NPIModel {
        try ModelFile.load(path: path) { name in
            guard name == "countdown" else { throw NPIError("unknown task \(NPIError.quote(name))") }
            return CountdownTask()
        }
    }

    @Test func roundTripKeepsWeightsOptimizerAndSummary() throws {
        let model = NPIModel(task: task, configuration: smallConfiguration, seed: 5)
        model.optimizer = Adam<Float>(
            parameters: model.network.parameters, learningRate: 0.01, clipNorm: 5)
        model.optimizer!.step = 7
        model.optimizer!.firstMoments[0][0] = 0.25
        model.summary.epochs = 3
        model.summary.command = "npi train --task countdown"
        let path = temporaryPath("m.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelFile.save(model, path: path)
        let loaded = try load(path)
        #expect(loaded.network.configuration == smallConfiguration)
        for (a, b) in zip(model.network.parameters, loaded.network.parameters) {
            #expect(a.name == b.name)
            #expect(a.value == b.value)
        }
        #expect(loaded.optimizer?.step == 7)
        #expect(loaded.optimizer?.firstMoments[0][0] == 0.25)
        #expect(loaded.optimizer?.learningRate == 0.01)
        #expect(loaded.summary == model.summary)
        // Saving the loaded model gives the same bytes.
        let again = temporaryPath("again.safetensors")
        defer { try? FileManager.default.removeItem(atPath: again) }
        try ModelFile.save(loaded, path: again)
        #expect(FileManager.default.contents(atPath: path) == FileManager.default.contents(atPath: again))
    }

    /// Writes a file like a saved model but with `edit` applied to its tensors and metadata.
    func corrupted(_ edit: (inout [SafeTensorsFile.Tensor], inout [String: String]) -> Void) throws -> String {
        let model = NPIModel(task: task, configuration: smallConfiguration, seed: 5)
        model.optimizer = Adam<Float>(parameters: model.network.parameters, learningRate: 0.001, clipNorm: 5)
        let path = temporaryPath("c.safetensors")
        try ModelFile.save(model, path: path)
        let file = try SafeTensorsFile.read(path: path)
        var tensors = file.tensors
        var metadata = file.metadata
        edit(&tensors, &metadata)
        // Sealed with a fresh checksum, as a deliberate edit would be: the loader's own checks
        // must catch what the checksum cannot.
        try SafeTensorsFile(tensors: tensors, metadata: metadata).addingChecksum().encoded()
            .write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [
        ("wrong shape", "shape"),
        ("missing tensor", "missing"),
        ("extra tensor", "unexpected tensor 'stray'"),
        ("wrong task", "unknown task 'sorting'"),
        ("renamed program", "program table differs"),
        ("not npi", "not an npi model"),
        ("future version", "version '9'"),
        ("huge sizes", "more weights than the file holds"),
    ])
    func loaderRejectsWithAMessage(_ fault: String, _ fragment: String) throws {
        let path = try corrupted { tensors, metadata in
            switch fault {
            case "wrong shape":
                let first = tensors[0]
                tensors[0] = .init(name: first.name, shape: [first.values.count], values: first.values)
            case "missing tensor": tensors.removeLast()
            case "extra tensor": tensors.append(.init(name: "stray", shape: [1], values: [0]))
            case "wrong task": metadata["task"] = "sorting"
            case "renamed program":
                metadata["programs"] = metadata["programs"]!.replacingOccurrences(of: "\"DEC\"", with: "\"INC\"")
            case "not npi": metadata["format"] = "something"
            case "future version": metadata["format_version"] = "9"
            case "huge sizes":
                metadata["configuration"] = metadata["configuration"]!.replacingOccurrences(
                    of: "\"coreSize\":6", with: "\"coreSize\":60000")
            default: Issue.record("unknown fault \(fault)")
            }
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: (any Error).self) { try load(path) }
        let message = "\(error.map { "\($0)" } ?? "")"
        #expect(message.contains(fragment), "\(fault): \(message)")
        #expect(message.contains(path))
        #expect(!message.contains("\n"))
    }

    @Test func nanWeightsAndTruncatedFilesAreRejected() throws {
        let nan = try corrupted { tensors, _ in
            var values = tensors[1].values
            values[0] = .nan
            tensors[1] = .init(name: tensors[1].name, shape: tensors[1].shape, values: values)
        }
        defer { try? FileManager.default.removeItem(atPath: nan) }
        let nanError = #expect(throws: (any Error).self) { try load(nan) }
        #expect("\(nanError!)".contains("NaN"))

        let data = try #require(FileManager.default.contents(atPath: nan))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: nan))
        #expect(throws: (any Error).self) { try load(nan) }
    }

    // MARK: - Metadata out of range

    /// `metadata[key]` with `field` set to the JSON text `json` (nil: removed).
    static func editing(_ metadata: inout [String: String], _ key: String, _ field: String, _ json: String?) {
        let document = try! JSONSerialization.jsonObject(with: Data(metadata[key]!.utf8)) as! [String: Any]
        var edited = document
        edited[field] = json.map { _ in "PLACEHOLDER" }
        let text = String(decoding: try! JSONSerialization.data(withJSONObject: edited, options: .sortedKeys), as: UTF8.self)
        metadata[key] = text.replacingOccurrences(of: #""PLACEHOLDER""#, with: json ?? "")
    }

    /// One value of a saved model's metadata edited, and the whole message that must follow the path.
    @Test(arguments: [
        ("training", "epochs", "-1", "training.epochs is -1; it must be an integer from 0 to 1000000"),
        ("training", "epochs", "9223372036854775807",
         "training.epochs is 9223372036854775807; it must be an integer from 0 to 1000000"),
        ("training", "traceSteps", "9223372036854775807",
         "training.traceSteps is 9223372036854775807; it must be an integer from 0 to 1000000000000000"),
        ("training", "epochs", #""9""#, "training.epochs is not an integer"),
        ("training", "epochs", nil, "training.epochs is missing"),
        ("optimizer", "step", "9223372036854775807",
         "optimizer.step is 9223372036854775807; it must be an integer from 0 to 1000000000000000"),
        ("optimizer", "step", "-3", "optimizer.step is -3; it must be an integer from 0 to 1000000000000000"),
        ("optimizer", "clipNorm", "-5", "optimizer.clipNorm is -5; it must be a number from 0.001 to 1000"),
        ("optimizer", "clipNorm", "1e-30", "optimizer.clipNorm is 1e-30; it must be a number from 0.001 to 1000"),
        ("optimizer", "clipNorm", "1e39",
         "metadata 'optimizer' has a number that does not fit its field (a fraction where an integer belongs, or too large)"),
        ("training", "epochs", "1.5",
         "metadata 'training' has a number that does not fit its field (a fraction where an integer belongs, or too large)"),
        ("optimizer", "learningRate", "9.2e18",
         "optimizer.learningRate is 9.2e+18; it must be a positive number at most 1"),
        ("optimizer", "learningRate", "0", "optimizer.learningRate is 0; it must be a positive number at most 1"),
        ("optimizer", "learningRate", "-0.001",
         "optimizer.learningRate is -0.001; it must be a positive number at most 1"),
        ("configuration", "coreSize", "0", "configuration.coreSize is 0; it must be an integer from 1 to 100000"),
        ("configuration", "coreLayers", "-9223372036854775808",
         "configuration.coreLayers is -9223372036854775808; it must be an integer from 1 to 100000"),
        ("configuration", "argumentDepth", "1000000",
         "configuration.argumentDepth is 1000000; it must be an integer from 1 to 100000"),
    ] as [(String, String, String?, String)])
    func metadataNumbersAreRangeChecked(_ key: String, _ field: String, _ json: String?, _ expected: String) throws {
        let path = try corrupted { _, metadata in Self.editing(&metadata, key, field, json) }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: NPIError.self) { try load(path) }
        #expect(error?.message == "\(path): \(expected)")
    }

    @Test(arguments: [
        ("format", "npi-model\r\nError: fake", #"not an npi model (format 'npi-model\r\nError: fake')"#),
        ("format_version", "\u{1B}[2J\u{9B}2J\u{202E}\0", #"model format version '\u{1B}[2J\u{009B}2J\u{202E}\0' is not supported (this npi reads versions 1 and 2)"#),
        ("task", "", "unknown task ''"),
        ("task", String(repeating: "x", count: 1_000_000), "unknown task '\(String(repeating: "x", count: 24))…\(String(repeating: "x", count: 12))' (1000000 characters)"),
        ("configuration", "[1, 2", "metadata 'configuration' is not a JSON object"),
    ])
    func textFromTheFileIsEscapedAndShortened(_ key: String, _ value: String, _ expected: String) throws {
        let path = try corrupted { _, metadata in metadata[key] = value }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: NPIError.self) { try load(path) }
        #expect(error?.message == "\(path): \(expected)")
    }

    @Test func aTaskResolverErrorOfAnyTypeNamesTheFile() throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "no tasks today" } }
        let path = try corrupted { _, _ in }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: NPIError.self) { try ModelFile.load(path: path) { _ in throw Refused() } }
        #expect(error?.message == "\(path): no tasks today")
    }

    // MARK: - Checksum

    @Test func aSavedModelCarriesAChecksumThatLoadingVerifies() throws {
        let model = NPIModel(task: task, configuration: smallConfiguration, seed: 5)
        let path = temporaryPath("m.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelFile.save(model, path: path)
        let stored = try #require(try SafeTensorsFile.read(path: path).metadata[SafeTensorsFile.checksumKey])
        #expect(stored.hasPrefix("sha256:"))
        let loaded = try load(path)
        #expect(loaded.verifiedChecksum == stored)
        #expect(ModelDescription.text(of: loaded, path: path).contains("\nchecksum    sha256 ok\n"))

        // One flipped bit in the last weight, and the file no longer loads.
        var bytes = try #require(FileManager.default.contents(atPath: path))
        bytes[bytes.count - 1] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: SafeTensorsError.self) { try load(path) }
        #expect("\(error!)" == "\(path): the tensor data or metadata do not match the file's checksum (the file is corrupted)")
    }

    @Test func aModelWithoutAChecksumLoadsAndSaysItIsUnchecked() throws {
        let model = NPIModel(task: task, configuration: smallConfiguration, seed: 5)
        let path = temporaryPath("m.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelFile.save(model, path: path)
        let file = try SafeTensorsFile.read(path: path)
        var metadata = file.metadata
        metadata[SafeTensorsFile.checksumKey] = nil
        try SafeTensorsFile(tensors: file.tensors, metadata: metadata).write(path: path)
        let loaded = try load(path)
        #expect(loaded.verifiedChecksum == nil)
        #expect(ModelDescription.text(of: loaded, path: path).contains("\nchecksum    none (not written by npi: unchecked)\n"))
    }
}
