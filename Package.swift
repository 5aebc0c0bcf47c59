// swift-tools-version:6.0
// npi: Neural Programmer-Interpreters (Reed & de Freitas 2016) in Swift.
import PackageDescription

// The network's kernels use 8-lane SIMD; x86-64's baseline (SSE2) runs each as two 4-lane
// halves. Haswell's AVX2 runs them whole, with the same IEEE results: Swift never fuses a
// multiply and an add, so model files stay bit-identical (checked against the shipped models).
#if arch(x86_64)
let vectorKernelSettings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let vectorKernelSettings: [SwiftSetting] = []
#endif

let package = Package(
    name: "npi",
    platforms: [.macOS(.v15)],  // 15: Synchronization's Atomic, used by ProductHelper.swift
    products: [
        .executable(name: "npi", targets: ["npi"]),
        .library(name: "NPICore", targets: ["NPICore"]),
        .library(name: "SafeTensors", targets: ["SafeTensors"]),
        // For the fuzz campaign's separate package (Tests/Fuzz), which drives the tasks and the shell.
        .library(name: "NPITasks", targets: ["NPITasks"]),
        .library(name: "NPIShell", targets: ["NPIShell"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CBLIS", providers: [.apt(["libblis-pthread-dev"])]),
        // The kernels Swift cannot vectorise as well: npi's AVX-512 sgemm (bit-identical to BLIS's
        // haswell kernels), the LSTM cell's forward (16 lanes) and Adam's update (a vector square
        // root). Optimised in debug builds too,
        // or the tests' training would crawl; never contracted into fused multiply-adds, which
        // would change the sums Swift's code and BLIS make.
        .target(
            name: "CKernels", dependencies: ["CBLIS"],
            cSettings: [.headerSearchPath("../CBLIS"), .unsafeFlags(["-O2", "-ffp-contract=off", "-fno-math-errno"])]),
        .target(name: "NPINeural", dependencies: ["CBLIS", "CKernels"], swiftSettings: vectorKernelSettings),
        // The safetensors format and atomic file writes: generic, nothing NPI-specific.
        // Optimised in debug builds too: verifying a model's SHA-256 checksum unoptimised runs at
        // about 1.4 MB/s, so the tests that save and load checkpoints would crawl.
        .target(name: "SafeTensors", swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "NPICore", dependencies: ["NPINeural", "SafeTensors"]),
        .target(name: "NPITasks", dependencies: ["NPICore"]),
        .systemLibrary(
            name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // The HTML viewer: a self-contained page comparing a model's execution with its teacher's.
        .target(name: "NPIView", dependencies: ["NPICore"]),
        .target(name: "NPIShell", dependencies: ["NPINeural", "NPICore", "NPITasks", "NPIView", "CLibEdit"]),
        .executableTarget(
            name: "npi",
            dependencies: [
                "NPITasks",
                "NPIShell",
                "NPIView",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "NPINeuralTests", dependencies: ["NPINeural", "CKernels"]),
        .testTarget(name: "SafeTensorsTests", dependencies: ["SafeTensors"]),
        .testTarget(name: "NPICoreTests", dependencies: ["NPICore"]),
        .testTarget(name: "NPITasksTests", dependencies: ["NPITasks"]),
        .testTarget(name: "NPIViewTests", dependencies: ["NPIView", "NPITasks"]),
        // Test helpers both terminal-driving test targets use (a program on a pseudo-terminal).
        .target(name: "NPITestSupport", path: "Tests/NPITestSupport"),
        .testTarget(name: "NPIShellTests", dependencies: ["NPIShell", "npi", "NPITestSupport"]),
        .testTarget(name: "NPICLITests", dependencies: ["npi", "NPITestSupport", "SafeTensors"]),
    ]
)
