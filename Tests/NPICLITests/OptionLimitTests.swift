// Every count and size a command takes is checked before anything runs: a negative number is
// a value (not an option), and too large a value names the limit instead of failing to allocate.
import Foundation
import Testing

@Suite struct OptionLimitTests {
    @Test(arguments: [
        (["eval", "--count", "-3"], "Error: --count must be positive, not -3"),
        (["eval", "--count", "0"], "Error: --count must be positive, not 0"),
        (["eval", "--count", "9000000000000000000", "--digits", "1"],
         "Error: --count must be at most 1000000000, not 9000000000000000000"),
        (["eval", "--count", "9000000000000000000", "--digits", "1", "--diff"],
         "Error: --count must be at most 1000000000, not 9000000000000000000"),
        (["eval", "--digits", "2000000"],
         "Error: --digits: size '2000000' in '2000000' is not N or N-M with 1 <= N <= M <= 1000000"),
        (["eval", "--lengths", "1-1000000,1-5"], "Error: --digits: '1-1000000,1-5' holds more than 1000000 sizes"),
        // The option of sizes has a name per task, and messages use the task's own.
        (["eval", "--task", "sort", "--digits", "0"],
         "Error: --lengths: size '0' in '0' is not N or N-M with 1 <= N <= M <= 1000000"),
        (["eval", "--threads", "-1"], "Error: --threads must be positive, not -1"),
        (["eval", "--alpha", "-0.5"], "Error: --alpha must be in 0...1"),
        (["eval", "--max-steps", "0"], "Error: --max-steps must be positive, not 0"),
        (["eval", "--max-depth", "1000000001"], "Error: --max-depth must be at most 1000000000, not 1000000001"),
        (["eval", "--max-steps", "5", "--diff"],
         "Error: --max-steps and --max-depth limit the model's own executions, which --diff does not run"),
        (["data", "--count", "-3"], "Error: --count must be positive, not -3"),
        (["data", "--count", "1000000001"], "Error: --count must be at most 1000000000, not 1000000001"),
        (["data", "--max-digits", "1000001"], "Error: --max-digits must be at most 1000000, not 1000001"),
        (["data", "--task", "sort", "--max-digits", "0"], "Error: --max-length must be positive, not 0"),
        // A task's own limit: a tower of 21 disks takes 2^21 - 1 moves.
        (["eval", "--task", "hanoi", "--disks", "21"], "Error: --disks 21 is out of range: a problem has 1 to 20 disks"),
        (["data", "--task", "hanoi", "--max-disks", "21"], "Error: --max-disks 21 is out of range: a problem has 1 to 20 disks"),
        (["train", "-o", "/nonexistent/m.safetensors", "--task", "quicksort", "--max-length", "10001"],
         "Error: --max-length 10001 is out of range: a problem has 1 to 10000 elements"),
        (["train", "-o", "/nonexistent/m.safetensors", "--task", "addition,sort", "--max-length", "3,0"],
         "Error: --max-length 0 is out of range: a problem has 1 to 1000000 elements"),
        (["train", "-o", "/nonexistent/m.safetensors", "--max-length", "2000000"],
         "Error: --max-digits 2000000 is out of range: a problem has 1 to 1000000 operand digits"),
        (["train", "-o", "/nonexistent/m.safetensors", "--count", "-3"], "Error: --count must be positive, not -3"),
        (["train", "-o", "/nonexistent/m.safetensors", "--count", "1000001"],
         "Error: --count must be at most 1000000, not 1000001"),
        (["train", "-o", "/nonexistent/m.safetensors", "--held-out", "9000000000000000000"],
         "Error: --held-out must be at most 1000000, not 9000000000000000000"),
        (["train", "-o", "/nonexistent/m.safetensors", "--epochs", "-2"], "Error: --epochs must be positive, not -2"),
        // A run's checkpoint must load again: the metadata's bounds are the options' bounds.
        (["train", "-o", "/nonexistent/m.safetensors", "--epochs", "1000001"],
         "Error: --epochs must be at most 1000000, not 1000001"),
        (["train", "-o", "/nonexistent/m.safetensors", "--patience", "0"], "Error: --patience must be positive, not 0"),
        (["train", "-o", "/nonexistent/m.safetensors", "--learning-rate", "5"],
         "Error: --learning-rate must be a positive number at most 1, not 5.0"),
        (["train", "-o", "/nonexistent/m.safetensors", "--checkpoint-every", "-1"],
         "Error: --checkpoint-every must not be negative, not -1"),
        (["train", "-o", "/nonexistent/m.safetensors", "--length-check-size", "-1"],
         "Error: --length-check-size must not be negative, not -1"),
        (["train", "-o", "/nonexistent/m.safetensors", "--checks-per-epoch", "5000"],
         "Error: --checks-per-epoch must be at most 1000, not 5000"),
        (["bench", "--windows", "-5"], "Error: --windows must be positive, not -5"),
        (["bench", "--windows", "100000"], "Error: --windows must be at most 1000, not 100000"),
        (["bench", "--seconds", "-1"], "Error: --seconds must be a positive number, not -1.0"),
        (["verify", "--show", "-3"], "Error: --show must be 0 or more"),
    ])
    func outOfRangeValuesAreUsageErrors(arguments: [String], message: String) throws {
        let result = try runNPI(arguments)
        #expect(result.status == 64)
        #expect(result.standardError.split(separator: "\n").first.map(String.init) == message, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func theShellsEvalChecksItsCountAndSizesToo() throws {
        let result = try runNPI(["shell"], input: "set bail off\neval 9000000000000000000 1\neval 2 -3\neval 2 2000000\n")
        #expect(result.status == 1)
        #expect(result.standardError == """
            <stdin>:2: error: N must be at most 1000000000, not '9000000000000000000'
            <stdin>:3: error: size '-3' in '-3' is not N or N-M with 1 <= N <= M <= 1000000
            <stdin>:4: error: size '2000000' in '2000000' is not N or N-M with 1 <= N <= M <= 1000000

            """)
    }
}
