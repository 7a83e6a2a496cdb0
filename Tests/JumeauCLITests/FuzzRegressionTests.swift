import Foundation
import XCTest

/// Every input a fuzzer ever crashed on (Fuzz/regressions/TARGET/) is replayed through the
/// same entry points by the plain build of `jumeau-fuzz`: a regression traps here.
final class FuzzRegressionTests: XCTestCase {
    func testEveryInputThatOnceCrashedIsHandled() throws {
        let root = Command.packageRoot.appendingPathComponent("Fuzz/regressions").path
        let replay = URL(fileURLWithPath: Command.binary).deletingLastPathComponent().appendingPathComponent(
            "jumeau-fuzz"
        ).path
        XCTAssertTrue(
            FileManager.default.isExecutableFile(atPath: replay), "build jumeau-fuzz first (swift build builds it)")
        let targets = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        XCTAssertFalse(targets.isEmpty)
        for target in targets {
            let result = try Command.run(
                replay, [target, root + "/" + target], environment: ["SWIFT_BACKTRACE": "enable=no"])
            XCTAssertEqual(result.status, 0, "\(target): \(result.stderr)")
            XCTAssertTrue(result.stdout.contains("inputs replayed"), result.stdout)
        }
    }
}
