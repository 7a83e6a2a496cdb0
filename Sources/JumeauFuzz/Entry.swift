import Foundation

/// The target named by JUMEAU_FUZZ_TARGET, or by the first argument (moved into the
/// environment: libFuzzer re-executes its argv for -fork/-jobs/-merge, and takes every
/// non-flag argument for a corpus directory).
nonisolated(unsafe) var selected: (@Sendable (UnsafeRawBufferPointer) -> Void)?

func selectTarget(_ args: inout [String]) {
    if args.count > 1, FuzzTargets.all[args[1]] != nil {
        setenv("JUMEAU_FUZZ_TARGET", args[1], 1)
        args.remove(at: 1)
    }
    guard let target = FuzzTargets.all[ProcessInfo.processInfo.environment["JUMEAU_FUZZ_TARGET"] ?? ""] else {
        let targets = FuzzTargets.all.keys.sorted().joined(separator: " ")
        let usage = "usage: jumeau-fuzz TARGET [-flags] [CORPUS_DIR|FILE…]; targets: \(targets)\n"
        _ = usage.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        exit(2)
    }
    selected = target
}

#if FUZZING
// swift build --sanitize fuzzer --sanitize address -Xswiftc -DFUZZING: libFuzzer's main()
// runs (SwiftPM then leaves `main` alone); there must be no @main here.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>,
                           _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    guard let vector = argv.pointee else { return 0 }
    var args = (0..<Int(argc.pointee)).map { vector[$0].map { String(cString: $0) } ?? "" }
    let before = args.count
    selectTarget(&args)
    if args.count < before {   // drop argv[1] in place: argv[1] = argv[0], argv += 1
        vector[1] = vector[0]
        argv.pointee = vector + 1
        argc.pointee -= 1
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selected!(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
#else
/// Plain build: `jumeau-fuzz TARGET FILE_OR_DIR…` replays saved inputs (corpus, crash-*)
/// through the same entry points, without instrumentation (debugger, swift test).
@main
struct FuzzReplay {
    static func main() throws {
        var args = CommandLine.arguments
        selectTarget(&args)
        var count = 0
        for path in args.dropFirst() {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let files = isDirectory.boolValue
                ? try FileManager.default.contentsOfDirectory(atPath: path).sorted().map { path + "/" + $0 } : [path]
            for file in files {
                try Data(contentsOf: URL(fileURLWithPath: file)).withUnsafeBytes { selected!($0) }
                count += 1
            }
        }
        print("\(count) inputs replayed")
    }
}
#endif
