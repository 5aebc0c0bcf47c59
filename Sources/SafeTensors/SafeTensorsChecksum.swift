// A checksum of a file's contents, stored in its own `__metadata__`, so that damage the format
// cannot see (a flipped bit in a weight, two same-shape tensors swapped) is caught on reading.
//
// SHA-256 rather than CRC-32C: a 32-bit check misses one random corruption in 4 billion and
// is easy to match by accident in a crafted edit; SHA-256 is the digest people compare by hand
// (`sha256:HEX`, as in OCI image digests), and it is cheap enough: verifying the 12 MB addition
// model with Adam's moments added under 0.1 s to `npi info` in a release build (measured).
// It detects corruption; it does not authenticate: anyone who can edit the file can recompute it.

extension SafeTensorsFile {
    /// The `__metadata__` key of the checksum: `sha256:` and 64 lowercase hex digits.
    public static let checksumKey = "checksum"
    static let checksumPrefix = "sha256:"

    /// The checksum of this file's contents: `sha256:` and the hex SHA-256 of its metadata
    /// (except the checksum itself) and its tensors in file order, each with name and shape.
    ///
    /// What is hashed, every length and number as a little-endian UInt64:
    /// `"safetensors-checksum-1"`, the metadata entry count, each entry by its key's UTF-8 order
    /// (key length, key, value length, value), the tensor count, each tensor (name length,
    /// name, rank, each dimension, byte count, the F32 bytes). A tensor's name is hashed with
    /// its bytes, so swapping the data of two tensors of one shape changes the checksum.
    public func computedChecksum() -> String {
        var digest = ChecksumDigest(metadata: metadata, tensorCount: tensors.count)
        for tensor in tensors {
            tensor.values.withUnsafeBytes { digest.add(name: tensor.name, shape: tensor.shape, bytes: $0) }
        }
        return digest.finish()
    }

    /// This file with `computedChecksum()` stored in its metadata, ready to be written.
    public func addingChecksum() -> SafeTensorsFile {
        var sealed = self
        sealed.metadata[Self.checksumKey] = computedChecksum()
        return sealed
    }
}

/// The running digest of `computedChecksum()`, also fed by the decoder straight from a file's
/// data buffer (so reading does not hash a second copy of the tensors).
struct ChecksumDigest {
    private var hasher = SHA256()

    init(metadata: [String: String], tensorCount: Int) {
        hasher.update("safetensors-checksum-1".utf8)
        let entries = metadata.filter { $0.key != SafeTensorsFile.checksumKey }
            .sorted { SafeTensorsFile.utf8Order($0.key, $1.key) }
        addNumber(entries.count)
        for (key, value) in entries {
            addText(key)
            addText(value)
        }
        addNumber(tensorCount)
    }

    /// Adds one tensor; `bytes` are its little-endian F32 values.
    mutating func add(name: String, shape: [Int], bytes: UnsafeRawBufferPointer) {
        addText(name)
        addNumber(shape.count)
        for dimension in shape { addNumber(dimension) }
        addNumber(bytes.count)
        hasher.update(bytes)
    }

    /// `sha256:HEX`.
    mutating func finish() -> String {
        SafeTensorsFile.checksumPrefix + SHA256.hex(hasher.finalize())
    }

    private mutating func addText(_ text: String) {
        addNumber(text.utf8.count)
        hasher.update(text.utf8)
    }

    private mutating func addNumber(_ number: Int) {
        withUnsafeBytes(of: UInt64(number).littleEndian) { hasher.update($0) }
    }
}
