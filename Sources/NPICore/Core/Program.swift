// Programs, their arguments and the calls between them (Reed & de Freitas 2016, section 3.1).

/// An index into a task's program table.
public typealias ProgramID = Int

/// What running a program means.
public enum ProgramKind: String, Sendable, Codable {
    /// The explicit "call nothing" choice of the program head (e.g. ADD's last step).
    case nop
    /// Acts on the environment directly, without a core step of its own.
    case primitive
    /// Runs the core with a fresh state and calls other programs.
    case composite
}

/// One entry of the program memory.
public struct ProgramSpec: Sendable, Equatable, Codable {
    public let name: String
    public let kind: ProgramKind
    /// How many of the argument slots the program reads (0...argumentCount).
    public let arity: Int
    /// One line for `programs` and `--help` listings.
    public let summary: String

    public init(name: String, kind: ProgramKind, arity: Int, summary: String) {
        self.name = name
        self.kind = kind
        self.arity = arity
        self.summary = summary
    }
}

/// The argument tuple of a call: `Arguments.count` small integers, each in `0..<Arguments.depth`.
public struct Arguments: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Argument slots per call (the paper always uses a 3-tuple).
    public static let count = 3
    /// Values per slot (one-hot encoded).
    public static let depth = 10

    public var values: [Int]

    /// Arguments with the given leading values; the remaining slots are 0.
    public init(_ leading: [Int] = []) {
        precondition(leading.count <= Arguments.count, "too many arguments")
        values = leading + Array(repeating: 0, count: Arguments.count - leading.count)
    }

    public static let zero = Arguments()

    /// The value in `slot`, or 0 if the tuple is shorter (a call read from a file may be):
    /// a missing slot reads as 0, as the model's argument encoding would.
    public subscript(slot: Int) -> Int { values.indices.contains(slot) ? values[slot] : 0 }

    public var description: String { values.map(String.init).joined(separator: ",") }
}

/// A program together with the arguments it is called with.
public struct Call: Hashable, Sendable, Codable {
    public var program: ProgramID
    public var arguments: Arguments

    public init(_ program: ProgramID, _ arguments: Arguments = .zero) {
        self.program = program
        self.arguments = arguments
    }
}

/// A task's program memory: names, kinds, arities, and the reserved "call nothing" entry.
public struct ProgramTable: Sendable, Equatable, Codable {
    public let programs: [ProgramSpec]

    public init(_ programs: [ProgramSpec]) {
        precondition(programs.filter { $0.kind == .nop }.count == 1, "exactly one NOP program")
        self.programs = programs
    }

    public var count: Int { programs.count }
    public subscript(id: ProgramID) -> ProgramSpec { programs[id] }
    /// The id whose choice means "call nothing this step".
    public var nopID: ProgramID { programs.firstIndex { $0.kind == .nop }! }

    /// The id of the program called `name` (case-insensitive), if any.
    public func id(named name: String) -> ProgramID? {
        programs.firstIndex { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// `NAME(a,b)` for a call, showing only the arguments the program reads.
    public func describe(_ call: Call) -> String {
        let spec = programs[call.program]
        guard spec.arity > 0 else { return spec.name }
        let shown = call.arguments.values.prefix(spec.arity).map(String.init)
        return "\(spec.name)(\(shown.joined(separator: ",")))"
    }
}
