// One environment of a multi-environment NPI (section 4.4, Reed & de Freitas 2016): its own
// state encoder f_enc, and the rows of the shared program memory its calls choose among.

/// What an environment adds to the shared core: the input sizes of its encoder, and which
/// program-memory rows are its programs.
///
/// A call runs in one environment: its observation goes through that environment's encoder, and
/// the program head matches the key only against that environment's programs (the others could
/// not act on its state). Program ids the network takes and gives are the environment's own:
/// index `i` means memory row `programIDs[i]`.
public struct NetworkEnvironment: Codable, Equatable, Sendable {
    /// Names the encoder's tensors, `f_enc.NAME.weight`; empty for the one environment of a
    /// single-environment network, whose encoder is plain `f_enc`.
    public var name: String
    /// The width of the observation part of f_enc's input (addition: 4 cells × 11 symbols = 44).
    public var observationFeatureCount: Int
    /// The most observation features that are 1 at once (addition: one per scratch-pad row = 4).
    public var maxActiveFeatures: Int
    /// The program-memory row of each of the environment's programs, in its own id order.
    public var programIDs: [Int]

    public init(name: String, observationFeatureCount: Int, maxActiveFeatures: Int, programIDs: [Int]) {
        self.name = name
        self.observationFeatureCount = observationFeatureCount
        self.maxActiveFeatures = maxActiveFeatures
        self.programIDs = programIDs
    }

    /// The name of the encoder's parameters: `f_enc`, or `f_enc.NAME`.
    public var encoderName: String { name.isEmpty ? "f_enc" : "f_enc.\(name)" }

    /// Whether the environment's ids are the memory rows `0..<programCount` themselves.
    func isIdentity(programCount: Int) -> Bool {
        programIDs.count == programCount && programIDs.indices.allSatisfy { programIDs[$0] == $0 }
    }

    /// Whether a name can be part of a tensor name: 1-32 lowercase letters, digits and dashes.
    static func isValidName(_ name: String) -> Bool {
        (1...32).contains(name.utf8.count)
            && name.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") }
    }
}
