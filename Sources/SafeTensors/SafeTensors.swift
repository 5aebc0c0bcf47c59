// The safetensors model-file format (github.com/huggingface/safetensors), F32 only:
// an 8-byte little-endian header length N, N bytes of JSON header, then the raw tensor data.
import Foundation

// Tensor data is copied to and from memory as-is; the format is little-endian, so a big-endian
// host would need a byte swap that nothing here does.
#if _endian(big)
#error("SafeTensorsFile copies Float memory directly and assumes a little-endian host")
#endif

/// A safetensors file held in memory: named F32 tensors in order, plus string metadata.
///
/// Encoding is deterministic: JSON keys are sorted by their UTF-8 bytes, the JSON has no
/// whitespace and no floats, the header is padded with spaces to a multiple of 8 bytes, and
/// the data buffer holds the tensors back to back in `tensors` order. Decoding returns the
/// tensors in data-buffer order, so a file we wrote reads back in the order it was written.
public struct SafeTensorsFile: Sendable, Equatable {
    /// One named tensor, row-major.
    public struct Tensor: Sendable, Equatable {
        public let name: String
        public let shape: [Int]
        /// `shape.reduce(1, *)` values (1 for the scalar shape `[]`).
        public let values: [Float]

        /// Builds a tensor; the shape must be non-negative and match the number of values.
        public init(name: String, shape: [Int], values: [Float]) {
            precondition(shape.allSatisfy { $0 >= 0 }, "tensor '\(name)': negative dimension in \(shape)")
            precondition(shape.reduce(1, *) == values.count,
                         "tensor '\(name)': shape \(shape) needs \(shape.reduce(1, *)) values, got \(values.count)")
            self.name = name
            self.shape = shape
            self.values = values
        }
    }

    /// The tensors in file order; names are unique.
    public private(set) var tensors: [Tensor]
    /// Free-form `__metadata__` strings (e.g. task name, hyperparameters, format version).
    public var metadata: [String: String]
    /// Where the file came from, named in errors; nil for a file built in memory.
    public var source: String?
    /// The checksum in the metadata that matched the contents when the file was decoded
    /// (`sha256:…`); nil when it had none or was built in memory. See `addingChecksum()`.
    public internal(set) var verifiedChecksum: String?

    /// The key reserved for metadata in the JSON header; no tensor may use it.
    public static let metadataKey = "__metadata__"
    /// The largest header accepted when reading (the reference implementation's limit).
    public static let maximumHeaderLength = 100_000_000

    /// An empty file; add tensors with `append`.
    public init(metadata: [String: String] = [:]) {
        self.tensors = []
        self.metadata = metadata
        self.source = nil
    }

    /// A file with the given tensors, which must have unique names.
    public init(tensors: [Tensor], metadata: [String: String] = [:], source: String? = nil) {
        var names = Set<String>()
        for tensor in tensors {
            precondition(tensor.name != Self.metadataKey, "'\(Self.metadataKey)' cannot name a tensor")
            precondition(names.insert(tensor.name).inserted, "duplicate tensor name '\(tensor.name)'")
        }
        self.tensors = tensors
        self.metadata = metadata
        self.source = source
    }

    /// Adds a tensor after the existing ones; its name must be new and not `__metadata__`.
    public mutating func append(_ tensor: Tensor) {
        precondition(tensor.name != Self.metadataKey, "'\(Self.metadataKey)' cannot name a tensor")
        precondition(!tensors.contains { $0.name == tensor.name }, "duplicate tensor name '\(tensor.name)'")
        tensors.append(tensor)
    }

    /// Adds a tensor after the existing ones; see `Tensor.init` and `append(_:)`.
    public mutating func append(name: String, shape: [Int], values: [Float]) {
        append(Tensor(name: name, shape: shape, values: values))
    }

    /// Compares tensors (values numerically, so 0 == -0) and metadata; ignores `source` and
    /// `verifiedChecksum`.
    public static func == (lhs: SafeTensorsFile, rhs: SafeTensorsFile) -> Bool {
        lhs.tensors == rhs.tensors && lhs.metadata == rhs.metadata
    }

    // MARK: - Lookup

    /// The tensor called `name`, if any.
    public subscript(name: String) -> Tensor? {
        tensors.first { $0.name == name }
    }

    /// The values of the tensor called `name`, which the caller expects to have `shape`.
    ///
    /// Throws `missingTensor` or `shapeMismatch`, e.g.
    /// "model.safetensors: tensor 'core.0.weight_ih' has shape [1024, 100], expected [1024, 133]".
    public func tensor(named name: String, shape: [Int]) throws -> [Float] {
        let file = source ?? "(in memory)"
        guard let tensor = self[name] else { throw SafeTensorsError.missingTensor(file: file, tensor: name) }
        guard tensor.shape == shape else {
            throw SafeTensorsError.shapeMismatch(file: file, tensor: name, actual: tensor.shape, expected: shape)
        }
        return tensor.values
    }

    // MARK: - Encoding

    /// The file's bytes; the same tensors and metadata always give identical bytes.
    public func encoded() -> Data {
        var header = encodedHeader()
        header.append(contentsOf: repeatElement(0x20, count: (8 - header.count % 8) % 8))
        let dataByteCount = tensors.reduce(0) { $0 + $1.values.count * MemoryLayout<Float>.size }

        var output = Data(capacity: 8 + header.count + dataByteCount)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { output.append(contentsOf: $0) }
        output.append(contentsOf: header)
        for tensor in tensors {
            tensor.values.withUnsafeBufferPointer { output.append($0) }  // one memcpy per tensor
        }
        return output
    }

    /// The JSON header, without padding: `{"__metadata__":{…},"name":{"data_offsets":[b,e],"dtype":"F32","shape":[…]},…}`.
    func encodedHeader() -> [UInt8] {
        var entries: [(key: String, json: String)] = []
        if !metadata.isEmpty {
            var json = "{"
            for (index, key) in metadata.keys.sorted(by: Self.utf8Order).enumerated() {
                if index > 0 { json += "," }
                SafeTensorsJSON.appendQuoted(key, to: &json)
                json += ":"
                SafeTensorsJSON.appendQuoted(metadata[key]!, to: &json)
            }
            entries.append((Self.metadataKey, json + "}"))
        }
        var offset = 0
        for tensor in tensors {
            let end = offset + tensor.values.count * MemoryLayout<Float>.size
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append((tensor.name, "{\"data_offsets\":[\(offset),\(end)],\"dtype\":\"F32\",\"shape\":[\(shape)]}"))
            offset = end
        }
        entries.sort { Self.utf8Order($0.key, $1.key) }

        var json = "{"
        for (index, entry) in entries.enumerated() {
            if index > 0 { json += "," }
            SafeTensorsJSON.appendQuoted(entry.key, to: &json)
            json += ":" + entry.json
        }
        json += "}"
        return Array(json.utf8)
    }

    /// Byte order of UTF-8, which unlike `String.<` does not depend on Unicode normalization.
    static func utf8Order(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    // MARK: - Files

    /// Reads and validates the file at `path`, never reading or allocating more than its size.
    ///
    /// Throws `AtomicFileError` when the file cannot be read or is not a regular file (a FIFO,
    /// a device, a directory), `SafeTensorsError` when it is not a valid F32 safetensors file.
    public static func read(path: String) throws -> SafeTensorsFile {
        try decode(from: RegularFileReader(path: path))
    }

    /// Writes the file atomically: `path` holds either its old contents or all of the new ones.
    ///
    /// Refuses (with `nonFiniteValue`) to write NaN or infinity, which reading would reject,
    /// so a diverged model never replaces a good file.
    public func write(path: String) throws {
        if let (tensor, index) = firstNonFiniteValue() {
            throw SafeTensorsError.nonFiniteValue(
                file: path, tensor: tensor.name, shape: tensor.shape, index: index, value: tensor.values[index])
        }
        try AtomicFile.write(encoded(), to: path)
    }

    /// The first NaN or infinity, in file order.
    func firstNonFiniteValue() -> (Tensor, Int)? {
        for tensor in tensors {
            if let index = Self.firstNonFiniteIndex(tensor.values) { return (tensor, index) }
        }
        return nil
    }

    static func firstNonFiniteIndex(_ values: [Float]) -> Int? {
        values.withUnsafeBufferPointer { buffer in
            for index in buffer.indices where !buffer[index].isFinite { return index }
            return nil
        }
    }
}
