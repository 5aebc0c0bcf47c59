// Teacher-forced training of the NPI core (section 3.2, Reed & de Freitas 2016): forward over B
// whole program calls at once, layer by layer through time, then full BPTT walking it in reverse.
//
// Shape legend: T steps, B sequences, N = T·B rows (time-major: row t·B + b), Q active input
// slots, E encoder width, Pe program-embedding width, H core width, L layers, K key width,
// P programs, A arguments, D argument depth.
//
// Per-step loss = 0.25·BCE(return) + 0.25·CE(program) + Σ_i 1.0·CE(argument i), masked targets skipped.

extension NPINetwork {
    /// Runs `batch` forward and backward and adds `scale · d(summed loss)` into every parameter's gradient.
    ///
    /// Gradients are added, not overwritten: call `zeroGradients(parameters)` between updates.
    /// Returns the summed (unscaled) loss over all steps and sequences.
    @discardableResult
    @_specialize(exported: true, where S == Float)
    public func accumulateGradients(_ batch: SequenceBatch, scale: S) -> Double {
        let loss = sequenceForward(batch)
        if batch.stepCount > 0 { sequenceBackward(batch, scale: scale) }
        return loss
    }

    /// The summed loss of `batch`, forward only (no gradients; for gradient checks and validation).
    @_specialize(exported: true, where S == Float)
    public func loss(_ batch: SequenceBatch) -> Double {
        sequenceForward(batch)
    }

    /// The head outputs of the teacher-forced forward pass, one `StepOutput` of B rows per step.
    @_specialize(exported: true, where S == Float)
    public func teacherForcedOutputs(_ batch: SequenceBatch) -> [StepOutput] {
        sequenceForward(batch)
        let heads = trainingWorkspace.heads
        let B = batch.batch, N = batch.stepCount
        let P = configuration.environments[batch.environment].programIDs.count
        let A = configuration.argumentCount, D = configuration.argumentDepth
        return (0..<batch.length).map { t in
            var arguments = [S](repeating: 0, count: B * A * D)
            for b in 0..<B {
                for argument in 0..<A {
                    let source = heads.argumentProbabilities.pointer + (argument * N + t * B + b) * D
                    for value in 0..<D { arguments[(b * A + argument) * D + value] = source[value] }
                }
            }
            return StepOutput(
                returnProbability: Array(UnsafeBufferPointer(start: heads.endProbability.pointer + t * B, count: B)),
                programProbabilities: Array(
                    UnsafeBufferPointer(start: heads.programProbabilities.pointer + t * B * P, count: B * P)),
                argumentProbabilities: arguments)
        }
    }

    // MARK: - Forward

    /// Fills the training workspace for `batch` and returns its summed loss.
    @discardableResult
    func sequenceForward(_ batch: SequenceBatch) -> Double {
        let c = configuration
        batch.checkShape(for: c)
        checkParameterSizes()
        let T = batch.length, B = batch.batch, N = T * B, H = c.coreSize
        guard N > 0 else { return 0 }
        let workspace = trainingWorkspace
        workspace.prepare(steps: T, batch: B, configuration: c)
        let programRows = memoryRows(of: batch.programs, environment: batch.environment)
        batch.features.withUnsafeBufferPointer { f in
            programRows.withUnsafeBufferPointer { p in
                encodeInputs(
                    features: f.baseAddress!, environment: batch.environment, programRows: p.baseAddress!,
                    rowCount: B, input: workspace.input.pointer, winners: workspace.winners.pointer, count: N,
                    encoderWorkspace: workspace.encoder)
            }
        }
        for (index, layer) in core.enumerated() {
            let layerInput = index == 0 ? workspace.input.pointer : workspace.activations[index - 1].pointer
            layer.forward(input: layerInput, steps: T, batch: B, workspace: workspace.layers[index])
            ReLU.forward(
                input: workspace.layers[index].hiddenStates, output: workspace.activations[index].pointer,
                count: N * H)
        }
        let heads = workspace.heads
        headsForward(top: workspace.activations[core.count - 1].pointer, heads: heads, rows: N)

        // Argument targets arrive (N, A); the argument logits are (A, N, D).
        let A = c.argumentCount, argumentTargets = workspace.argumentTargets.pointer  // (A, N)
        batch.targetArguments.withUnsafeBufferPointer { targets in
            for row in 0..<N {
                for argument in 0..<A { argumentTargets[argument * N + row] = targets[row * A + argument] }
            }
        }
        let returnLoss = batch.targetReturn.withUnsafeBufferPointer { targets in
            SigmoidBinaryCrossEntropy.forward(
                logits: heads.endLogit.pointer, targets: targets.baseAddress!,
                probabilities: heads.endProbability.pointer, count: N)
        }
        let programLogits = environmentLogits(
            heads.programLogits.pointer, into: heads.environmentProgramLogits.pointer, rows: N,
            environment: batch.environment)
        let programLoss = batch.targetProgram.withUnsafeBufferPointer { targets in
            SoftmaxCrossEntropy.forward(
                logits: programLogits, targets: targets.baseAddress!, probabilities: heads.programProbabilities.pointer,
                rows: N, classes: c.environments[batch.environment].programIDs.count)
        }
        let argumentLoss = SoftmaxCrossEntropy.forward(
            logits: heads.argumentLogits.pointer, targets: argumentTargets,
            probabilities: heads.argumentProbabilities.pointer, rows: A * N, classes: c.argumentDepth)
        return LossWeight.returnFlag * returnLoss + LossWeight.program * programLoss
            + LossWeight.argument * argumentLoss
    }

    // MARK: - Backward

    /// Adds `scale · d(loss)` into the parameter gradients, walking `sequenceForward` in reverse:
    /// losses, heads, core layers top to bottom (each through time), then the embedding and f_enc.
    func sequenceBackward(_ batch: SequenceBatch, scale: S) {
        let c = configuration, workspace = trainingWorkspace, heads = workspace.heads
        let T = batch.length, B = batch.batch, N = T * B
        let H = c.coreSize, K = c.keySize, P = c.programCount, A = c.argumentCount, D = c.argumentDepth
        let top = workspace.activations[core.count - 1].pointer  // r of the top layer: (N, H)
        let topGradient = workspace.topGradient.pointer  // dL/dr: (N, H)
        topGradient.update(repeating: 0, count: N * H)

        // f_end: dL/dlogit = scale · 0.25 · (σ − y).
        let endGradient = workspace.endGradient.pointer  // (N)
        endGradient.update(repeating: 0, count: N)
        batch.targetReturn.withUnsafeBufferPointer { targets in
            SigmoidBinaryCrossEntropy.backward(
                probabilities: heads.endProbability.pointer, targets: targets.baseAddress!,
                logitGradient: endGradient, count: N, scale: scale * S(LossWeight.returnFlag))
        }
        endHead.backward(input: top, outputGradient: endGradient, inputGradient: topGradient, rows: N)

        // f_prog: program logits (the environment's columns; the others get no gradient), then
        // program_keys, the key's ReLU, and the key layer.
        let programGradient = workspace.programGradient.pointer  // (N, P)
        programGradient.update(repeating: 0, count: N * P)
        let environment = c.environments[batch.environment]
        let isIdentity = ownsWholeMemory[batch.environment]
        let environmentGradient = isIdentity ? programGradient : workspace.environmentProgramGradient.pointer
        let environmentPrograms = environment.programIDs.count
        if !isIdentity { environmentGradient.update(repeating: 0, count: N * environmentPrograms) }
        batch.targetProgram.withUnsafeBufferPointer { targets in
            SoftmaxCrossEntropy.backward(
                probabilities: heads.programProbabilities.pointer, targets: targets.baseAddress!,
                logitGradient: environmentGradient, rows: N, classes: environmentPrograms,
                scale: scale * S(LossWeight.program))
        }
        if !isIdentity {
            for row in 0..<N {
                for (column, id) in environment.programIDs.enumerated() {
                    programGradient[row * P + id] = environmentGradient[row * environmentPrograms + column]
                }
            }
        }
        let keyGradient = workspace.keyGradient.pointer  // dL/dk: (N, K)
        let keyPreactivationGradient = workspace.keyPreactivationGradient.pointer  // (N, K)
        keyGradient.update(repeating: 0, count: N * K)
        keyPreactivationGradient.update(repeating: 0, count: N * K)
        programKeys.backward(
            input: heads.key.pointer, outputGradient: programGradient, inputGradient: keyGradient, rows: N)
        ReLU.backward(
            output: heads.key.pointer, outputGradient: keyGradient, inputGradient: keyPreactivationGradient,
            count: N * K)
        keyHead.backward(input: top, outputGradient: keyPreactivationGradient, inputGradient: topGradient, rows: N)

        // f_arg: one softmax per argument.
        let argumentGradient = workspace.argumentGradient.pointer  // (A, N, D)
        argumentGradient.update(repeating: 0, count: A * N * D)
        SoftmaxCrossEntropy.backward(
            probabilities: heads.argumentProbabilities.pointer, targets: workspace.argumentTargets.pointer,
            logitGradient: argumentGradient, rows: A * N, classes: D, scale: scale * S(LossWeight.argument))
        for (index, head) in argumentHeads.enumerated() {
            head.backward(
                input: top, outputGradient: argumentGradient + index * N * D, inputGradient: topGradient, rows: N)
        }

        // The core, top layer first; each layer's BPTT consumes dL/dh and yields dL/d(its input).
        let hiddenGradient = workspace.hiddenGradient.pointer  // dL/dh_l: (N, H)
        hiddenGradient.update(repeating: 0, count: N * H)
        ReLU.backward(output: top, outputGradient: topGradient, inputGradient: hiddenGradient, count: N * H)
        let layerInputGradient = workspace.layerInputGradient.pointer  // dL/dr_(l−1): (N, H)
        let inputGradient = workspace.inputGradient.pointer  // dL/d concat(s, p): (N, E+Pe)
        for index in stride(from: core.count - 1, through: 0, by: -1) {
            let isBottom = index == 0
            let layerInput = isBottom ? workspace.input.pointer : workspace.activations[index - 1].pointer
            let gradientOut = isBottom ? inputGradient : layerInputGradient
            gradientOut.update(repeating: 0, count: N * core[index].inputSize)
            core[index].backward(
                input: layerInput, hiddenGradient: hiddenGradient, inputGradient: gradientOut,
                steps: T, batch: B, workspace: workspace.layers[index])
            if !isBottom {
                hiddenGradient.update(repeating: 0, count: N * H)
                ReLU.backward(
                    output: workspace.activations[index - 1].pointer, outputGradient: layerInputGradient,
                    inputGradient: hiddenGradient, count: N * H)
            }
        }

        // concat(s, p): s back into f_enc's winning pieces, p into the program embedding rows.
        let width = c.encoderSize + c.programEmbeddingSize
        batch.features.withUnsafeBufferPointer { f in
            encoders[batch.environment].backward(
                activeInputs: f.baseAddress!, activeCapacity: c.maxActiveInputs(environment: batch.environment),
                outputGradient: inputGradient, outputStride: width, winners: workspace.winners.pointer, rows: N,
                workspace: workspace.encoder)
        }
        memoryRows(of: batch.programs, environment: batch.environment).withUnsafeBufferPointer { p in
            programEmbedding.backward(
                indices: p.baseAddress!, indexCount: B, outputGradient: inputGradient + c.encoderSize,
                outputStride: width, rows: N)
        }
    }
}

/// The buffers a training batch reuses, grown to the largest (T, B) seen.
final class TrainingWorkspace<S: NeuralScalar> {
    let input = ScratchBuffer<S>()  // concat(s, p): (N, E+Pe)
    let encoder = MaxoutWorkspace<S>()
    let winners = ScratchBuffer<Int32>()  // maxout winning pieces: (N, E)
    var layers: [LSTMWorkspace<S>] = []  // per layer: gates, c, tanh c, h through time
    var activations: [ScratchBuffer<S>] = []  // r_l = relu(h_l) per layer: (N, H)
    let heads = HeadActivations<S>()
    let argumentTargets = ScratchBuffer<Int32>()  // (A, N)
    let endGradient = ScratchBuffer<S>()  // (N)
    let programGradient = ScratchBuffer<S>()  // (N, P)
    let environmentProgramGradient = ScratchBuffer<S>()  // (N, Pₑ)
    let keyGradient = ScratchBuffer<S>()  // (N, K)
    let keyPreactivationGradient = ScratchBuffer<S>()  // (N, K)
    let argumentGradient = ScratchBuffer<S>()  // (A, N, D)
    let topGradient = ScratchBuffer<S>()  // dL/dr_(L−1): (N, H)
    let hiddenGradient = ScratchBuffer<S>()  // dL/dh_l: (N, H)
    let layerInputGradient = ScratchBuffer<S>()  // (N, H)
    let inputGradient = ScratchBuffer<S>()  // (N, E+Pe)

    func prepare(steps T: Int, batch B: Int, configuration c: NetworkConfiguration) {
        let N = T * B, H = c.coreSize, width = c.encoderSize + c.programEmbeddingSize
        while layers.count < c.coreLayers {
            layers.append(LSTMWorkspace())
            activations.append(ScratchBuffer())
        }
        for buffer in activations { buffer.reserve(N * H) }
        input.reserve(N * width)
        inputGradient.reserve(N * width)
        winners.reserve(N * c.encoderSize)
        heads.prepare(rows: N, configuration: c)
        argumentTargets.reserve(N * c.argumentCount)
        endGradient.reserve(N)
        programGradient.reserve(N * c.programCount)
        environmentProgramGradient.reserve(N * c.programCount)
        keyGradient.reserve(N * c.keySize)
        keyPreactivationGradient.reserve(N * c.keySize)
        argumentGradient.reserve(N * c.argumentCount * c.argumentDepth)
        for buffer in [topGradient, hiddenGradient, layerInputGradient] { buffer.reserve(N * H) }
    }
}
