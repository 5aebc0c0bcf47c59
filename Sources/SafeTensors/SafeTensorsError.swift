// What can be wrong with a safetensors file, one case per problem, each naming the file.
import Foundation

/// A safetensors file that cannot be used, with the file, the tensor and the numbers involved.
///
/// `description` is one line that starts with the file, e.g.
/// `model.safetensors: tensor 'core.0.weight_ih' has shape [1024, 100], expected [1024, 133]`.
public enum SafeTensorsError: Error, Sendable, CustomStringConvertible, LocalizedError {
    // MARK: - Framing
    /// Fewer than the 8 bytes of the header length.
    case fileTooShort(file: String, byteCount: Int)
    /// The header length exceeds `SafeTensorsFile.maximumHeaderLength`: not a safetensors file.
    case headerTooLarge(file: String, headerLength: UInt64)
    /// The header length runs past the end of the file.
    case headerPastEnd(file: String, headerLength: UInt64, fileSize: Int)

    // MARK: - Header
    case headerNotUTF8(file: String)
    /// `offset` counts bytes from the start of the JSON text.
    case headerNotJSON(file: String, offset: Int, reason: String)
    case headerNotObject(file: String, found: String)
    /// `__metadata__` is not an object of strings.
    case invalidMetadata(file: String, reason: String)
    /// A tensor entry misses a field or has one of the wrong type.
    case invalidEntry(file: String, tensor: String, reason: String)
    case duplicateName(file: String, tensor: String)
    case unsupportedDType(file: String, tensor: String, dtype: String)
    /// A negative dimension, or an element count that overflows.
    case invalidShape(file: String, tensor: String, reason: String)

    // MARK: - Data layout
    /// `data_offsets` span a different number of bytes than the shape needs.
    case byteCountMismatch(file: String, tensor: String, shape: [Int], expected: Int, actual: Int)
    case offsetsOutOfRange(file: String, tensor: String, begin: Int, end: Int, bufferSize: Int)
    case overlappingOffsets(file: String, tensor: String, other: String)
    /// Bytes `begin..<end` of the data buffer belong to no tensor.
    case unusedBytes(file: String, begin: Int, end: Int)
    /// The data buffer continues after the last tensor.
    case trailingBytes(file: String, count: Int)

    // MARK: - Values
    /// NaN or ±infinity at the flat (row-major) `index`.
    case nonFiniteValue(file: String, tensor: String, shape: [Int], index: Int, value: Float)

    // MARK: - Checksum
    /// `__metadata__`'s `checksum` is not `sha256:` and 64 lowercase hex digits.
    case invalidChecksum(file: String, value: String)
    /// The contents differ from what the stored checksum was computed over.
    case checksumMismatch(file: String)

    // MARK: - Lookup by a caller
    case missingTensor(file: String, tensor: String)
    case shapeMismatch(file: String, tensor: String, actual: [Int], expected: [Int])

    /// The file the error is about.
    public var file: String {
        switch self {
        case .fileTooShort(let file, _), .headerTooLarge(let file, _), .headerPastEnd(let file, _, _),
             .headerNotUTF8(let file), .headerNotJSON(let file, _, _), .headerNotObject(let file, _),
             .invalidMetadata(let file, _), .invalidEntry(let file, _, _), .duplicateName(let file, _),
             .unsupportedDType(let file, _, _), .invalidShape(let file, _, _),
             .byteCountMismatch(let file, _, _, _, _), .offsetsOutOfRange(let file, _, _, _, _),
             .overlappingOffsets(let file, _, _), .unusedBytes(let file, _, _), .trailingBytes(let file, _),
             .nonFiniteValue(let file, _, _, _, _), .invalidChecksum(let file, _), .checksumMismatch(let file),
             .missingTensor(let file, _), .shapeMismatch(let file, _, _, _):
            return file
        }
    }

    /// The problem, without the file.
    public var problem: String {
        switch self {
        case .fileTooShort(_, let byteCount):
            return "file is \(byteCount) bytes, shorter than the 8-byte header length; not a safetensors file"
        case .headerTooLarge(_, let length):
            return "header length \(length) exceeds the limit of \(SafeTensorsFile.maximumHeaderLength) bytes; not a safetensors file"
        case .headerPastEnd(_, let length, let fileSize):
            return "header length \(length) runs past the end of the \(fileSize)-byte file; file truncated?"
        case .headerNotUTF8:
            return "header is not valid UTF-8"
        case .headerNotJSON(_, let offset, let reason):
            return "header is not valid JSON at byte \(offset): \(reason)"
        case .headerNotObject(_, let found):
            return "header is \(found), expected a JSON object"
        case .invalidMetadata(_, let reason):
            return "__metadata__ \(reason)"
        case .invalidEntry(_, let tensor, let reason):
            return "tensor \(EchoedText.quote(tensor)): \(reason)"
        case .duplicateName(_, let tensor):
            return "tensor \(EchoedText.quote(tensor)) appears more than once in the header"
        case .unsupportedDType(_, let tensor, let dtype):
            return "tensor \(EchoedText.quote(tensor)) has dtype \(EchoedText.quote(dtype)); only F32 is supported"
        case .invalidShape(_, let tensor, let reason):
            return "tensor \(EchoedText.quote(tensor)) has an invalid shape: \(reason)"
        case .byteCountMismatch(_, let tensor, let shape, let expected, let actual):
            return "tensor \(EchoedText.quote(tensor)) has data_offsets spanning \(actual) bytes, but shape \(shape) of F32 needs \(expected)"
        case .offsetsOutOfRange(_, let tensor, let begin, let end, let bufferSize):
            return "tensor \(EchoedText.quote(tensor)) has data_offsets [\(begin), \(end)] past the end of the \(bufferSize)-byte data buffer; file truncated?"
        case .overlappingOffsets(_, let tensor, let other):
            return "tensor \(EchoedText.quote(tensor)) overlaps tensor \(EchoedText.quote(other)) in the data buffer"
        case .unusedBytes(_, let begin, let end):
            return "bytes [\(begin), \(end)) of the data buffer belong to no tensor"
        case .trailingBytes(_, let count):
            return "\(count) bytes after the last tensor's data"
        case .nonFiniteValue(_, let tensor, let shape, let index, let value):
            let kind = value.isNaN ? "NaN" : (value < 0 ? "-Inf" : "+Inf")
            return "tensor \(EchoedText.quote(tensor)) has \(kind) at index \(index) (\(Self.position(of: index, in: shape)) of shape \(shape))"
        case .invalidChecksum(_, let value):
            return "__metadata__ checksum \(EchoedText.quote(value)) is not sha256: and 64 lowercase hex digits"
        case .checksumMismatch:
            return "the tensor data or metadata do not match the file's checksum (the file is corrupted)"
        case .missingTensor(_, let tensor):
            return "tensor \(EchoedText.quote(tensor)) is missing"
        case .shapeMismatch(_, let tensor, let actual, let expected):
            return "tensor \(EchoedText.quote(tensor)) has shape \(actual), expected \(expected)"
        }
    }

    public var description: String { "\(file): \(problem)" }
    public var errorDescription: String? { description }

    /// The row-major multi-index of a flat index, e.g. 5 in [2, 3] is [1, 2].
    static func position(of index: Int, in shape: [Int]) -> [Int] {
        var remainder = index
        var position = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            position[axis] = remainder % shape[axis]
            remainder /= shape[axis]
        }
        return position
    }
}
