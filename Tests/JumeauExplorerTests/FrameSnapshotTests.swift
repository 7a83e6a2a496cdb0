import Foundation
import JumeauRender
import XCTest

@testable import JumeauExplorer

/// Whole explorer frames in every mode, at 80×24 and 160×48: the text and the style layer
/// of the buffer the terminal is given (Snapshot). Set UPDATE_SNAPSHOTS=1 to rewrite them;
/// a missing one is written and fails, so a new mode is looked at before it is trusted.
final class FrameSnapshotTests: ExplorerTestCase {
    static let sizes = [(80, 24), (160, 48)]

    func ready(_ width: Int, _ height: Int) -> ExplorerState { settle(start(width, height).0, start(width, height).1) }

    func typed(_ s: ExplorerState, _ text: String) -> ExplorerState { send(s, text.map { Key.character($0) }) }

    func send(_ state: ExplorerState, _ keys: [Key]) -> ExplorerState {
        var s = state
        for key in keys { s = send(s, key) }
        return s
    }

    /// Each mode as a user reaches it from the first screen.
    func modes(_ width: Int, _ height: Int) -> [(String, ExplorerState)] {
        let first = ready(width, height)
        // A saved scenario, then Baseline compared with it.
        var saved = send(
            first, [.character("p")] + Array(repeating: Key.right, count: 10) + [.escape, .character("s")])
        saved = send(typed(saved, "Loi"), [.enter, .enter])
        let compare = send(saved, [.character("p"), .character("R"), .escape, .character("o"), .character("c")])
        let small = (width: min(59, width / 2), height: min(19, height / 2))  // below 60×20
        let tooSmall = Explorer.update(
            first, .input(.resize(width: small.width, height: small.height)), data: Fixture.data
        ).0
        return [
            ("map", first),
            ("panel", send(first, [.character("p"), .pageUp, .pageUp, .pageUp, .pageUp, .pageUp])),
            ("timeline", send(first, [.character("t")])),
            ("table", send(first, [.character("T")])),
            ("compare", compare),
            ("help", send(first, [.character("?")])),
            ("prompt", send(first, [.character("p"), .down, .enter])),
            ("picker", typed(send(first, [.character("v")]), "en")),
            ("scenarios", send(saved, [.character("o")])),
            ("too-small", tooSmall),
        ]
    }

    func testEveryModeAtBothSizes() throws {
        for (width, height) in Self.sizes {
            for (mode, state) in modes(width, height) {
                let buffer = Explorer.view(state, data: Fixture.data)
                XCTAssertEqual(buffer.width, state.screen.width, mode)
                XCTAssertEqual(buffer.height, state.screen.height, mode)
                try assertSnapshot("\(mode)-\(width)x\(height)", buffer)
            }
        }
    }

    func assertSnapshot(_ name: String, _ buffer: Buffer, file: StaticString = #filePath, line: UInt = #line) throws {
        let text = Snapshot.text(buffer)
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
        let url = directory.appendingPathComponent(name + ".txt")
        let update = ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1"
        guard !update, FileManager.default.fileExists(atPath: url.path) else {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            if !update {
                XCTFail(
                    "snapshot \(name) was missing and has been written; check it and run again", file: file, line: line)
            }
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(
            text, expected, "snapshot \(name) differs (UPDATE_SNAPSHOTS=1 rewrites it)", file: file, line: line)
    }
}
