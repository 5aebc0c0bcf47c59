// The small, strict JSON reader and writer behind the safetensors header (RFC 8259).
// Our own rather than JSONSerialization: it keeps object keys in file order and reports
// duplicates, tells integers from floats and booleans exactly, and writes byte-identical text.

// MARK: - Values

/// JSON as parsed from a safetensors header.
enum SafeTensorsJSON {
    enum Value {
        /// Keys in file order; a key may repeat, so that the caller can reject it.
        case object([Member])
        case array([Value])
        case string(String)
        /// The number's text as written, e.g. "-12", "1.5e3".
        case number(String)
        case bool(Bool)
        case null

        /// What kind of value this is, for messages like "found a string".
        var kindDescription: String {
            switch self {
            case .object: return "an object"
            case .array: return "an array"
            case .string: return "a string"
            case .number(let text): return "the number \(SafeTensorsJSON.shortened(text))"
            case .bool(let flag): return flag ? "true" : "false"
            case .null: return "null"
            }
        }
    }

    /// One key and its value in an object.
    struct Member {
        var key: String
        var value: Value
    }

    /// Where and why the text is not JSON; `offset` counts bytes from the start of the header.
    struct SyntaxError: Error {
        var offset: Int
        var message: String
    }

    /// Deepest nesting accepted; a real header needs 3 levels, and the limit keeps a hostile
    /// header like "[[[[…" from exhausting the stack.
    static let maximumDepth = 64

    /// Parses one JSON value that spans all of `bytes` (surrounding whitespace allowed).
    static func parse(_ bytes: [UInt8]) throws -> Value {
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else {
            throw parser.error("unexpected text after the top-level value")
        }
        return value
    }

    /// The integer a number's text spells, or why it does not spell one that fits in `Int`.
    static func integer(_ text: String) -> Result<Int, IntegerProblem> {
        if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return .failure(.notWhole) }
        guard let value = Int(text) else { return .failure(.tooLarge) }
        return .success(value)
    }

    enum IntegerProblem: Error { case notWhole, tooLarge }

    /// A number's text as a message shows it: a number of a million digits is cut short.
    static func shortened(_ numberText: String) -> String {
        EchoedText.escape(numberText)
    }

    // MARK: - Writing

    /// Appends `text` as a JSON string literal. Only `"`, `\` and control characters are
    /// escaped, so a given string always produces the same bytes.
    static func appendQuoted(_ text: String, to output: inout String) {
        output.append("\"")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output.append("\"")
    }
}

// MARK: - Parser

extension SafeTensorsJSON {
    fileprivate struct Parser {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func error(_ message: String) -> SyntaxError {
            SyntaxError(offset: position, message: message)
        }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                position += 1
            }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws {
            guard current == byte else { throw error("expected \(what)") }
            position += 1
        }

        mutating func parseValue(depth: Int) throws -> Value {
            guard depth < SafeTensorsJSON.maximumDepth else {
                throw error("nested deeper than \(SafeTensorsJSON.maximumDepth) levels")
            }
            guard let byte = current else { throw error("unexpected end of the header") }
            switch byte {
            case UInt8(ascii: "{"): return try parseObject(depth: depth)
            case UInt8(ascii: "["): return try parseArray(depth: depth)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
            case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
            case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
            case UInt8(ascii: "n"): try parseLiteral("null"); return .null
            default: throw error("unexpected character")
            }
        }

        mutating func parseObject(depth: Int) throws -> Value {
            position += 1  // "{"
            var members: [Member] = []
            skipWhitespace()
            if current == UInt8(ascii: "}") { position += 1; return .object(members) }
            while true {
                guard current == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
                let key = try parseString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after a key")
                skipWhitespace()
                members.append(Member(key: key, value: try parseValue(depth: depth + 1)))
                skipWhitespace()
                if current == UInt8(ascii: ",") { position += 1; skipWhitespace(); continue }
                try expect(UInt8(ascii: "}"), "',' or '}' in an object")
                return .object(members)
            }
        }

        mutating func parseArray(depth: Int) throws -> Value {
            position += 1  // "["
            var elements: [Value] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") { position += 1; return .array(elements) }
            while true {
                elements.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                if current == UInt8(ascii: ",") { position += 1; skipWhitespace(); continue }
                try expect(UInt8(ascii: "]"), "',' or ']' in an array")
                return .array(elements)
            }
        }

        mutating func parseLiteral(_ word: String) throws {
            for expected in word.utf8 {
                guard current == expected else { throw error("unexpected character") }
                position += 1
            }
        }

        /// Validates the RFC 8259 number grammar and returns the number's text.
        mutating func parseNumber() throws -> String {
            let start = position
            func isDigit(_ byte: UInt8?) -> Bool { byte.map { (0x30...0x39).contains($0) } ?? false }
            if current == UInt8(ascii: "-") { position += 1 }
            if current == UInt8(ascii: "0") {
                position += 1
            } else if isDigit(current) {
                while isDigit(current) { position += 1 }
            } else {
                throw error("expected a digit")
            }
            if current == UInt8(ascii: ".") {
                position += 1
                guard isDigit(current) else { throw error("expected a digit after '.'") }
                while isDigit(current) { position += 1 }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard isDigit(current) else { throw error("expected a digit in the exponent") }
                while isDigit(current) { position += 1 }
            }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        /// Parses a string literal; the caller has checked that the header is valid UTF-8.
        mutating func parseString() throws -> String {
            position += 1  // opening quote
            var utf8: [UInt8] = []
            while true {
                guard let byte = current else { throw error("unterminated string") }
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    return String(decoding: utf8, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    position += 1
                    try parseEscape(into: &utf8)
                case 0..<0x20:
                    throw error("control character in a string (must be escaped)")
                default:
                    utf8.append(byte)
                    position += 1
                }
            }
        }

        mutating func parseEscape(into utf8: inout [UInt8]) throws {
            guard let byte = current else { throw error("unterminated string") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte); return
            case UInt8(ascii: "b"): utf8.append(0x08); return
            case UInt8(ascii: "f"): utf8.append(0x0C); return
            case UInt8(ascii: "n"): utf8.append(0x0A); return
            case UInt8(ascii: "r"): utf8.append(0x0D); return
            case UInt8(ascii: "t"): utf8.append(0x09); return
            case UInt8(ascii: "u"): break
            case 0x21..<0x7F: throw error("unknown escape '\\\(Character(Unicode.Scalar(byte)))'")
            // A control byte or part of a multi-byte character: named by its value, not echoed.
            default: throw error("unknown escape: '\\' followed by byte 0x\(String(byte, radix: 16, uppercase: true))")
            }
            var code = try parseHex4()
            if (0xD800...0xDBFF).contains(code) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard current == UInt8(ascii: "\\"), position + 1 < bytes.count,
                      bytes[position + 1] == UInt8(ascii: "u") else { throw error("unpaired surrogate escape") }
                position += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate escape") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                throw error("unpaired surrogate escape")
            }
            guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
            utf8.append(contentsOf: String(Character(scalar)).utf8)
        }

        mutating func parseHex4() throws -> UInt32 {
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = current, let digit = Self.hexValue(byte) else {
                    throw error("expected 4 hex digits after \\u")
                }
                code = code << 4 | digit
                position += 1
            }
            return code
        }

        static func hexValue(_ byte: UInt8) -> UInt32? {
            switch byte {
            case 0x30...0x39: return UInt32(byte - 0x30)
            case 0x41...0x46: return UInt32(byte - 0x41 + 10)
            case 0x61...0x66: return UInt32(byte - 0x61 + 10)
            default: return nil
            }
        }
    }
}
