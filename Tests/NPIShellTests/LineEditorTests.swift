import Foundation
import Testing
@testable import NPIShell

@Test func explore() throws {
    print("bundle:", Bundle.main.bundleURL.path)
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("pty-\(getpid())").path
    try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    let pty = try PseudoTerminal(executable: "/tmp/h-edit/.build/debug/npi", environment: ["HOME": home, "TERM": "xterm", "LANG": "C.UTF-8"])
    #expect(pty.waitFor("npi> "))
    pty.type("he\t")
    _ = pty.waitFor("help ", timeout: 1)
    print(String(reflecting: String(decoding: pty.output, as: UTF8.self)))
    pty.type("\r")
    _ = pty.waitFor("npi> ", timeout: 1)
    pty.type("st\t"); _ = pty.waitFor("xx", timeout: 0.3); pty.type("\t"); _ = pty.waitFor("xx", timeout: 0.3)
    pty.type("\u{3}"); _ = pty.waitFor("xx", timeout: 0.3)
    pty.type("\u{1B}[A"); _ = pty.waitFor("xx", timeout: 0.3)
    pty.type("\u{4}"); _ = pty.waitFor("xx", timeout: 0.3)
    pty.type("\u{4}"); print(pty.waitForExit() as Any)
    print(String(reflecting: String(decoding: pty.output, as: UTF8.self)))
    print(pty.transcript)
}
