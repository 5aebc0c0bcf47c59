// `npi train` as a checkpointing trainer: killed at any moment (during a save too) and resumed,
// it ends with the uninterrupted run's tensors; one trainer per file; a destination that cannot
// be written is refused before training.
import Foundation
import SafeTensors
import Testing

#if canImport(Glibc)
@preconcurrency import Glibc

@Suite(.serialized) struct TrainResumeTests {
    /// A run of 3 epochs of about 80 batches of a tiny network: a second in a release build.
    static let recipe = [
        "--count", "100", "--max-digits", "2", "--held-out", "20", "--epochs", "3", "--extra-epochs", "0",
        "--core-size", "32", "--encoder-size", "32", "--length-check-size", "0", "--threads", "1",
    ]

    /// Every tensor of a model file, by name.
    static func tensors(_ path: String) throws -> [String: [Float]] {
        let file = try SafeTensorsFile.read(path: path)
        return Dictionary(uniqueKeysWithValues: file.tensors.map { ($0.name, $0.values) })
    }

    /// The temporary files of saves to `path` in its folder.
    static func temporaryFiles(for path: String) -> [String] {
        let url = URL(fileURLWithPath: path)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)) ?? []
        return names.filter { $0.hasPrefix("." + url.lastPathComponent + ".tmp-") }
    }

    @Test func aRunKilledAtAnyMomentAndResumedEndsWithTheUninterruptedTensors() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let whole = directory.appendingPathComponent("whole.safetensors").path
        let pieces = directory.appendingPathComponent("pieces.safetensors").path
        let uninterrupted = try runNPI(["train", "-o", whole] + Self.recipe)
        #expect(uninterrupted.status == 0, "\(uninterrupted.standardError)")

        var kills = 0, killsDuringSave = 0
        var arguments: [String] {
            FileManager.default.fileExists(atPath: pieces)
                ? ["train", "-o", pieces, "--resume", "--checkpoint-every", "1", "--threads", "1"]
                : ["train", "-o", pieces, "--checkpoint-every", "1"] + Self.recipe
        }
        for attempt in 0..<10 {
            let process = try startNPI(arguments)
            // Odd attempts are killed during a save: the moment a temporary file of the
            // checkpoint appears. Even ones after a delay, wherever the run is then.
            let duringSave = attempt % 2 == 1
            let deadline = Date().addingTimeInterval(duringSave ? 30 : 0.3 + 0.25 * Double(attempt))
            var saving = false
            while process.isRunning && Date() < deadline && !saving {
                saving = duringSave && !Self.temporaryFiles(for: pieces).isEmpty
                if !saving { usleep(100) }
            }
            guard process.isRunning else { break }  // it finished: nothing left to interrupt
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            kills += 1
            if saving && !Self.temporaryFiles(for: pieces).isEmpty { killsDuringSave += 1 }
        }
        let last = try runNPI(arguments)
        #expect(last.status == 0 || last.standardError.contains("the run is finished"), "\(last.standardError)")
        #expect(kills >= 6, "killed \(kills) times")
        #expect(killsDuringSave >= 1, "no kill landed during a save (leaving a temporary file)")
        #expect(try Self.tensors(pieces) == Self.tensors(whole), "killed \(kills) times, \(killsDuringSave) during a save")
        let wholeRun = try ReproducibleContents(of: whole)
        #expect(wholeRun.history.filter { $0.contains("\"isEpochEnd\":true") }.count == 3)
        #expect(wholeRun.secondsInOrder)
        #expect(try ReproducibleContents(of: pieces).history == wholeRun.history, "the resumed run's history is the uninterrupted one's")
        #expect(Self.temporaryFiles(for: pieces).isEmpty, "the dead runs' temporary files are removed")
    }

    @Test func ctrlCStopsBetweenBatchesAndTheModelSaysWhereItStopped() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let whole = directory.appendingPathComponent("whole.safetensors").path
        let stopped = directory.appendingPathComponent("stopped.safetensors").path
        #expect(try runNPI(["train", "-o", whole] + Self.recipe).status == 0)
        let process = try startNPI(["train", "-o", stopped] + Self.recipe)
        // The first checkpoint is written before training: then the first epoch is under way.
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: stopped) && Date() < deadline { usleep(10_000) }
        usleep(200_000)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let output = String(decoding: (process.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        try #require(output.contains("interrupted"), "SIGINT came too late: \(output)")
        #expect(output.contains("interrupted in epoch 1 after "), "\(output)")
        #expect(output.contains("'npi train --resume -o \(stopped)' continues it"))
        let info = try runNPI(["info", "--model", stopped])
        #expect(info.standardOutput.contains("run         stopped "), "\(info.standardOutput)")
        let resumed = try runNPI(["train", "-o", stopped, "--resume"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardOutput.contains("resuming "))
        #expect(try Self.tensors(stopped) == Self.tensors(whole))
        #expect(try ReproducibleContents(of: stopped).history == ReproducibleContents(of: whole).history)
    }

    @Test func aSecondTrainerOnTheSameFileIsRefusedAtOnce() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.safetensors").path
        let first = try startNPI(["train", "-o", path] + Self.recipe.map { $0 == "3" ? "300" : $0 })
        defer { kill(first.processIdentifier, SIGKILL); first.waitUntilExit() }
        let lock = directory.appendingPathComponent(".m.safetensors.lock").path
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: path) && Date() < deadline { usleep(10_000) }
        try #require(FileManager.default.fileExists(atPath: lock))
        let second = try runNPI(["train", "-o", path, "--resume"])
        #expect(second.status == 1)
        #expect(second.standardError.contains("is being written by another npi train (process \(first.processIdentifier))"), "\(second.standardError)")
    }

    @Test func aDestinationThatCannotBeWrittenIsRefusedBeforeTraining() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inAFile = directory.appendingPathComponent("plain").path
        try "x".write(toFile: inAFile, atomically: true, encoding: .utf8)
        for path in ["\(inAFile)/m.safetensors", "/proc/npi-test.safetensors"] {
            let started = Date()
            let result = try runNPI(["train", "-o", path] + Self.recipe)
            #expect(result.status == 1, "\(path)")
            #expect(!result.standardOutput.contains("epoch"), "trained before failing: \(result.standardOutput)")
            #expect(Date().timeIntervalSince(started) < 10)
        }
    }

    @Test func aResumedRunKeepsItsRecipe() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.safetensors").path
        #expect(try runNPI(["train", "-o", path] + Self.recipe).status == 0)
        let changed = try runNPI(["train", "-o", path, "--resume", "--count", "300", "--epochs", "4"])
        #expect(changed.status != 0)
        #expect(changed.standardError.contains("--count 300 differs from the run being resumed (100)"))
        let finished = try runNPI(["train", "-o", path, "--resume"])
        #expect(finished.standardError.contains("the run is finished (all 3 epochs done)"))
        let more = try runNPI(["train", "-o", path, "--resume", "--epochs", "4"])
        #expect(more.status == 0)
        #expect(more.standardOutput.contains("epoch   4"))
    }

    @Test func staleTemporaryFilesOfDeadWritersAreRemovedAndLiveOnesKept() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.safetensors").path
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["600"]  // alive until the test ends, however slow the training
        // Not the test's output: a child holding it would keep `swift test` waiting.
        sleeper.standardInput = FileHandle.nullDevice
        sleeper.standardOutput = FileHandle.nullDevice
        sleeper.standardError = FileHandle.nullDevice
        try sleeper.run()
        defer {
            kill(sleeper.processIdentifier, SIGKILL)
            sleeper.waitUntilExit()
        }
        let dead = directory.appendingPathComponent(".m.safetensors.tmp-999999999-abc").path
        let live = directory.appendingPathComponent(".m.safetensors.tmp-\(sleeper.processIdentifier)-abc").path
        for file in [dead, live] { #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8))) }
        #expect(try runNPI(["train", "-o", path] + Self.recipe).status == 0)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live))
    }

    /// `npi` started in the background, its standard output in a pipe.
    func startNPI(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = npiExecutable()
        process.arguments = arguments
        process.standardOutput = Pipe()
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}
#endif
