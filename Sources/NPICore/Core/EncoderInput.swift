// The input of f_enc: the active observation features plus the one-hot of the call's arguments.

extension NPITask {
    /// Width of one row of `f_enc` input indices: observation features, then one per argument slot.
    public var encoderInputWidth: Int { maxActiveFeatures + Arguments.count }

    /// Size of the 0/1 vector `f_enc` reads: observation features, then the argument one-hots.
    public var encoderInputSize: Int { observationFeatureCount + Arguments.count * Arguments.depth }

    /// Appends the active `f_enc` input indices of one step to `row`, padded with -1 to
    /// `encoderInputWidth`. Only the arguments the running program reads are encoded.
    public func appendEncoderInput(
        observation: [Int], running call: Call, to row: inout [Int32]
    ) {
        let start = row.count
        for feature in features(of: observation) { row.append(Int32(feature)) }
        let arity = programs[call.program].arity
        for slot in 0..<arity {
            let index = observationFeatureCount + slot * Arguments.depth + call.arguments.values[slot]
            row.append(Int32(index))
        }
        precondition(row.count - start <= encoderInputWidth, "more active features than declared")
        while row.count - start < encoderInputWidth { row.append(-1) }
    }
}
