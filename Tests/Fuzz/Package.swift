// swift-tools-version:6.0
// npi's in-process fuzz campaign (libFuzzer + AddressSanitizer); run.sh builds and runs it.
// A package of its own, so the root package's `swift build` and `swift test` never build it.
import PackageDescription

let package = Package(
    name: "npi-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "npi", path: "../..")],
    targets: [
        // libFuzzer's entry point, declared in C; the runtime comes with -sanitize=fuzzer.
        .systemLibrary(name: "CLibFuzzer"),
        .target(
            name: "FuzzTargets",
            dependencies: [
                "CLibFuzzer",
                .product(name: "NPICore", package: "npi"),
                .product(name: "NPITasks", package: "npi"),
                .product(name: "NPIShell", package: "npi"),
            ]),
        // One executable per target, so libFuzzer can re-run itself (-minimize_crash) unchanged.
        .executableTarget(name: "fuzz-safetensors", dependencies: ["FuzzTargets"]),
        .executableTarget(name: "fuzz-shell", dependencies: ["FuzzTargets"]),
        .executableTarget(name: "fuzz-trace", dependencies: ["FuzzTargets"]),
    ]
)
