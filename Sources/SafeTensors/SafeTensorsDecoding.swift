// Reading a safetensors file: every check a hostile or damaged file needs before its bytes
// become tensors (framing, header JSON, entries, data layout, finite values), each made before
// the next part of the file is read.
import Foundation

extension SafeTensorsFile {
    /// Decodes and validates safetensors bytes; `source` names the file in errors.
    ///
    /// Accepts any valid F32 file (key order, whitespace and padding as other writers leave
    /// them) and returns the tensors in data-buffer order. Throws `SafeTensorsError`.
    public static func decode(_ data: Data, source file: String) throws -> SafeTensorsFile {
        try data.withUnsafeBytes { bytes in
            let headerLength = try checkedHeaderLength(
                prefix: UnsafeRawBufferPointer(rebasing: bytes.prefix(8)), fileSize: bytes.count, file: file)
            let dataStart = 8 + headerLength
            let layout = try SafeTensorsLayout(
                header: Array(bytes[8..<dataStart]), dataSize: bytes.count - dataStart, file: file)
            return try decodeTensors(layout, data: UnsafeRawBufferPointer(rebasing: bytes[dataStart...]), file: file)
        }
    }

    /// Reads and validates a file piece by piece: the header length is checked against the
    /// file's size before the header is read, and the header against it before the data is,
    /// so nothing larger than the file is ever allocated. Throws `AtomicFileError` or
    /// `SafeTensorsError`.
    static func decode(from reader: RegularFileReader) throws -> SafeTensorsFile {
        let file = reader.path
        let prefix = try reader.read(count: min(8, reader.size))
        let headerLength = try prefix.withUnsafeBytes { bytes in
            try checkedHeaderLength(prefix: bytes, fileSize: reader.size, file: file)
        }
        let header = try reader.read(count: headerLength)
        let layout = try SafeTensorsLayout(header: Array(header), dataSize: reader.remaining, file: file)
        let data = try reader.read(count: reader.remaining)
        return try data.withUnsafeBytes { bytes in try decodeTensors(layout, data: bytes, file: file) }
    }

    // MARK: Framing

    /// The header length in the first 8 bytes (`prefix`, shorter only when the file is),
    /// checked against the limit and the file's size.
    private static func checkedHeaderLength(prefix: UnsafeRawBufferPointer, fileSize: Int, file: String) throws -> Int {
        guard prefix.count >= 8 else { throw SafeTensorsError.fileTooShort(file: file, byteCount: fileSize) }
        let headerLength = UInt64(littleEndian: prefix.loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(maximumHeaderLength) else {
            throw SafeTensorsError.headerTooLarge(file: file, headerLength: headerLength)
        }
        guard headerLength <= UInt64(fileSize - 8) else {
            throw SafeTensorsError.headerPastEnd(file: file, headerLength: headerLength, fileSize: fileSize)
        }
        return Int(headerLength)
    }

    // MARK: Values

    /// The tensors of a checked layout, copied out of the `data` buffer it describes.
    private static func decodeTensors(
        _ layout: SafeTensorsLayout, data buffer: UnsafeRawBufferPointer, file: String
    ) throws -> SafeTensorsFile {
        let verifiedChecksum = try verifyChecksum(layout, data: buffer, file: file)
        var tensors: [Tensor] = []
        tensors.reserveCapacity(layout.entries.count)
        for entry in layout.entries {
            let source = UnsafeRawBufferPointer(rebasing: buffer[entry.begin..<entry.end])
            let count = source.count / MemoryLayout<Float>.size
            // One memcpy; the source need not be 4-byte aligned.
            let values = [Float](unsafeUninitializedCapacity: count) { target, initialized in
                if count > 0 { UnsafeMutableRawBufferPointer(target).copyMemory(from: source) }
                initialized = count
            }
            if let index = firstNonFiniteIndex(values) {
                throw SafeTensorsError.nonFiniteValue(
                    file: file, tensor: entry.name, shape: entry.shape, index: index, value: values[index])
            }
            tensors.append(Tensor(name: entry.name, shape: entry.shape, values: values))
        }
        var decoded = SafeTensorsFile(tensors: tensors, metadata: layout.metadata, source: file)
        decoded.verifiedChecksum = verifiedChecksum
        return decoded
    }

    /// The file's stored checksum once it matches the contents; nil when it has none.
    /// Checked before the values, so a corrupted file is called that rather than, say, NaN.
    private static func verifyChecksum(
        _ layout: SafeTensorsLayout, data buffer: UnsafeRawBufferPointer, file: String
    ) throws -> String? {
        guard let stored = layout.metadata[checksumKey] else { return nil }
        let digits = stored.utf8.dropFirst(checksumPrefix.utf8.count)
        guard stored.hasPrefix(checksumPrefix), digits.count == 64,
              digits.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { throw SafeTensorsError.invalidChecksum(file: file, value: stored) }
        var digest = ChecksumDigest(metadata: layout.metadata, tensorCount: layout.entries.count)
        for entry in layout.entries {
            digest.add(
                name: entry.name, shape: entry.shape,
                bytes: UnsafeRawBufferPointer(rebasing: buffer[entry.begin..<entry.end]))
        }
        guard digest.finish() == stored else { throw SafeTensorsError.checksumMismatch(file: file) }
        return stored
    }
}

// MARK: - Header

/// A header checked on its own and against the size of the data buffer it describes: the
/// metadata, and the tensor entries in data-buffer order, tiling the buffer exactly.
private struct SafeTensorsLayout {
    var metadata: [String: String] = [:]
    var entries: [SafeTensorsHeaderEntry] = []

    init(header headerBytes: [UInt8], dataSize: Int, file: String) throws {
        // (`String(validating:)` would need macOS 15; the package supports macOS 13.)
        let hasInvalidUTF8 = transcode(
            headerBytes.makeIterator(), from: UTF8.self, to: UTF32.self, stoppingOnError: true, into: { _ in })
        guard !hasInvalidUTF8 else {
            throw SafeTensorsError.headerNotUTF8(file: file)
        }
        let header: SafeTensorsJSON.Value
        do {
            header = try SafeTensorsJSON.parse(headerBytes)
        } catch let error as SafeTensorsJSON.SyntaxError {
            throw SafeTensorsError.headerNotJSON(file: file, offset: error.offset, reason: error.message)
        }
        guard case .object(let members) = header else {
            throw SafeTensorsError.headerNotObject(file: file, found: header.kindDescription)
        }

        var seen = Set<String>()
        for member in members {
            let (name, value) = (member.key, member.value)
            guard seen.insert(name).inserted else { throw SafeTensorsError.duplicateName(file: file, tensor: name) }
            if name == SafeTensorsFile.metadataKey {
                metadata = try Self.decodeMetadata(value, file: file)
            } else {
                entries.append(try SafeTensorsHeaderEntry(name: name, json: value, file: file))
            }
        }

        // Sorted by position, the tensors must tile the buffer exactly: no gaps, no overlaps, no tail.
        for entry in entries where entry.end > dataSize {
            throw SafeTensorsError.offsetsOutOfRange(
                file: file, tensor: entry.name, begin: entry.begin, end: entry.end, bufferSize: dataSize)
        }
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var covered = 0
        var previous: String?
        for entry in entries {
            if entry.begin < covered, let previous {
                throw SafeTensorsError.overlappingOffsets(file: file, tensor: entry.name, other: previous)
            }
            if entry.begin > covered {
                throw SafeTensorsError.unusedBytes(file: file, begin: covered, end: entry.begin)
            }
            covered = entry.end
            previous = entry.name
        }
        guard covered == dataSize else {
            throw SafeTensorsError.trailingBytes(file: file, count: dataSize - covered)
        }
    }

    private static func decodeMetadata(_ value: SafeTensorsJSON.Value, file: String) throws -> [String: String] {
        guard case .object(let members) = value else {
            throw SafeTensorsError.invalidMetadata(file: file, reason: "is \(value.kindDescription), expected an object of strings")
        }
        var metadata: [String: String] = [:]
        for member in members {
            let (key, value) = (member.key, member.value)
            guard case .string(let text) = value else {
                throw SafeTensorsError.invalidMetadata(
                    file: file, reason: "key \(EchoedText.quote(key)) is \(value.kindDescription), expected a string")
            }
            guard metadata.updateValue(text, forKey: key) == nil else {
                throw SafeTensorsError.invalidMetadata(file: file, reason: "key \(EchoedText.quote(key)) appears more than once")
            }
        }
        return metadata
    }
}

// MARK: - Header entries

/// One tensor's header entry, checked against itself (fields, dtype, shape, offsets vs shape).
private struct SafeTensorsHeaderEntry {
    let name: String
    let shape: [Int]
    /// Byte range in the data buffer.
    let begin: Int
    let end: Int

    init(name: String, json: SafeTensorsJSON.Value, file: String) throws {
        func invalid(_ reason: String) -> SafeTensorsError {
            .invalidEntry(file: file, tensor: name, reason: reason)
        }
        guard case .object(let members) = json else {
            throw invalid("entry is \(json.kindDescription), expected an object with dtype, shape and data_offsets")
        }
        // Unknown fields are ignored, as by the reference implementation; known ones must be unique.
        func field(_ key: String) throws -> SafeTensorsJSON.Value {
            let matches = members.filter { $0.key == key }
            guard matches.count <= 1 else { throw invalid("field '\(key)' appears more than once") }
            guard let match = matches.first else { throw invalid("missing field '\(key)'") }
            return match.value
        }
        func integers(_ key: String) throws -> [Int] {
            let value = try field(key)
            guard case .array(let elements) = value else {
                throw invalid("'\(key)' is \(value.kindDescription), expected an array of integers")
            }
            return try elements.map { element in
                guard case .number(let text) = element else {
                    throw invalid("'\(key)' contains \(element.kindDescription), expected integers")
                }
                switch SafeTensorsJSON.integer(text) {
                case .success(let value): return value
                case .failure(.notWhole):
                    throw invalid("'\(key)' contains \(SafeTensorsJSON.shortened(text)), expected integers")
                case .failure(.tooLarge):
                    throw invalid("'\(key)' contains \(SafeTensorsJSON.shortened(text)), which is too large")
                }
            }
        }

        let dtypeValue = try field("dtype")
        guard case .string(let dtype) = dtypeValue else {
            throw invalid("'dtype' is \(dtypeValue.kindDescription), expected a string")
        }
        let shape = try integers("shape")
        let offsets = try integers("data_offsets")
        guard offsets.count == 2 else { throw invalid("'data_offsets' has \(offsets.count) numbers, expected [begin, end]") }
        guard dtype == "F32" else { throw SafeTensorsError.unsupportedDType(file: file, tensor: name, dtype: dtype) }

        var byteCount = MemoryLayout<Float>.size
        for dimension in shape {
            guard dimension >= 0 else {
                throw SafeTensorsError.invalidShape(file: file, tensor: name, reason: "negative dimension in \(shape)")
            }
            let (product, overflow) = byteCount.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw SafeTensorsError.invalidShape(file: file, tensor: name, reason: "\(shape) has too many elements")
            }
            byteCount = product
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin >= 0, begin <= end else {
            throw invalid("'data_offsets' [\(begin), \(end)] is not a range [begin, end] with 0 <= begin <= end")
        }
        guard end - begin == byteCount else {
            throw SafeTensorsError.byteCountMismatch(
                file: file, tensor: name, shape: shape, expected: byteCount, actual: end - begin)
        }
        self.name = name
        self.shape = shape
        self.begin = begin
        self.end = end
    }
}
