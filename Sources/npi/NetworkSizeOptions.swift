// The network's sizes as `npi train` options; the defaults are keras_npi's.
import ArgumentParser
import NPICore
import NPINeural

struct NetworkSizeOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Width of f_enc's maxout output.") var encoderSize = 128
    @Option(parsing: .unconditional, help: "Maxout pieces of f_enc.") var maxoutPieces = 4
    @Option(parsing: .unconditional, help: "Width of the program embeddings.") var embeddingSize = 5
    @Option(parsing: .unconditional, help: "Width of each LSTM layer of the core.") var coreSize = 256
    @Option(parsing: .unconditional, help: "LSTM layers in the core.") var coreLayers = 2
    @Option(parsing: .unconditional, help: "Width of the program keys.") var keySize = 5

    func validate() throws {
        let all = [encoderSize, maxoutPieces, embeddingSize, coreSize, coreLayers, keySize]
        guard all.allSatisfy({ (1...8192).contains($0) }), coreLayers <= 16 else {
            throw ValidationError("network sizes must be in 1...8192 (and --core-layers at most 16)")
        }
    }

    /// The tasks' default configuration with these sizes.
    func configuration(for tasks: [any NPITask]) throws -> NetworkConfiguration {
        var configuration = try NPIModel.defaultConfiguration(for: tasks)
        configuration.encoderSize = encoderSize
        configuration.maxoutPieces = maxoutPieces
        configuration.programEmbeddingSize = embeddingSize
        configuration.coreSize = coreSize
        configuration.coreLayers = coreLayers
        configuration.keySize = keySize
        return configuration
    }
}
