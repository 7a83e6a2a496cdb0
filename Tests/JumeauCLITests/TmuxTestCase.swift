import Foundation
import XCTest

/// What the end-to-end tests share: the real binary in a real terminal, where tmux runs
/// it, send-keys types and capture-pane reads. Each test waits for the screen's content,
/// never for a fixed time. No tests of its own, so subclasses do not run any twice.
class TmuxTestCase: XCTestCase {
    var session = ""
    var directory = ""

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            return XCTFail("tmux is missing: install it (make test does)")
        }
        session = "jumeau-e2e-\(UUID().uuidString.prefix(8))"
        directory = NSTemporaryDirectory() + session
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Build the default twin once, outside the timed interaction.
        XCTAssertEqual(try Command.jumeau("info", environment: ["XDG_DATA_HOME": directory]).status, 0)
    }

    override func tearDownWithError() throws {
        _ = try? tmux("kill-session", "-t", session)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs a tmux command. Its output goes through a file: tmux hands a client's
    /// descriptors to the server, so a pipe would never reach end-of-file.
    @discardableResult
    func tmux(_ arguments: String...) throws -> String { try tmux(arguments) }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        // Foundation's Process waits for every process sharing its bookkeeping, and the
        // tmux server forked by new-session never ends: system() waits for its child only.
        let output = directory + "/tmux-\(UUID().uuidString).out"
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command =
            (["/usr/bin/tmux"] + arguments).map(quoted).joined(separator: " ")
            + " > \(quoted(output)) 2>/dev/null < /dev/null"
        _ = system(command)
        defer { try? FileManager.default.removeItem(atPath: output) }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    /// Starts `jumeau ARGS` in a detached tmux window; "EXITED n" is printed when it ends.
    func launch(
        _ arguments: String = "", width: Int = 80, height: Int = 24, term: String = "xterm-256color",
        lang: String = "C.UTF-8"
    ) throws {
        try tmux(
            "new-session", "-d", "-s", session, "-x", String(width), "-y", String(height),
            command(arguments, term: term, lang: lang))
    }

    /// The shell command that runs `jumeau ARGS` and reports its exit status.
    func command(_ arguments: String, term: String = "xterm-256color", lang: String = "C.UTF-8") -> String {
        // The runner's own colour settings must not leak into the session.
        "env -u NO_COLOR -u COLORTERM XDG_DATA_HOME=\(directory) XDG_STATE_HOME=\(directory) TERM=\(term) LANG=\(lang) LC_ALL= \(Command.binary) \(arguments); echo EXITED $?; sleep 60"
    }

    func screen() throws -> String { try tmux("capture-pane", "-t", session, "-p") }

    /// Waits until the screen contains `text` (or fails after `seconds`), then until it is
    /// settled: tmux can be read in the middle of a frame's bytes, and callers check the rest
    /// of the screen they get.
    @discardableResult
    func waitFor(
        _ text: String, seconds: Double = 15, file: StaticString = #filePath, line: UInt = #line
    ) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) {
                let calm = try settled(last)
                return calm.contains(text) ? calm : last
            }
            usleep(100_000)
        }
        XCTFail("'\(text)' never appeared; screen:\n\(last)", file: file, line: line)
        return last
    }

    /// The screen once two readings 50 ms apart agree (at most two seconds on).
    func settled(_ first: String) throws -> String {
        var previous = first
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline {
            usleep(50_000)
            let next = try screen()
            if next == previous { return next }
            previous = next
        }
        return previous
    }

    /// Starts a follower of `twin` in its own tmux session, named after this test's.
    func launchFollower(of twin: String) throws -> String {
        let follower = session + "-follower"
        let command =
            "env XDG_STATE_HOME=\(directory) TERM=xterm-256color LANG=C.UTF-8 LC_ALL= \(Command.binary) explore \(twin) --follow; echo EXITED $?; sleep 60"
        try tmux("new-session", "-d", "-s", follower, "-x", "80", "-y", "24", command)
        return follower
    }

    /// Waits until another tmux session's screen shows `text`: the screen and the seconds
    /// it took, or the last screen and -1.
    func waitOn(_ target: String, _ text: String, seconds: Double) throws -> (String, Double) {
        let start = Date()
        var last = ""
        while Date().timeIntervalSince(start) < seconds {
            last = try tmux("capture-pane", "-t", target, "-p")
            if last.contains(text) { return (last, Date().timeIntervalSince(start)) }
            usleep(50_000)
        }
        return (last, -1)
    }

    func keys(_ keys: String...) throws {
        try tmux(["send-keys", "-t", session] + keys)
    }

    /// The map area only (rows 1–20 of 80×24, left of the legend).
    func mapPart(_ screen: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().prefix(20).map {
            String($0.prefix(50))
        }.joined(separator: "\n")
    }

    /// The screen as cells (text, colours and attributes), from `capture-pane -e -N`.
    /// tmux leaves out cells that were cleared and never written.
    func cells(_ capture: String) -> [[String]] {
        // tmux carries the drawing state from one line to the next.
        var foreground = ""
        var background = ""
        var attributes = Set<Int>()
        return capture.split(separator: "\n", omittingEmptySubsequences: false).map { line -> [String] in
            var row: [String] = []
            var characters = Array(line)[...]
            while let first = characters.first {
                characters = characters.dropFirst()
                guard first == "\u{1B}" else {
                    row.append("\(first)|\(foreground)|\(background)|\(attributes.sorted())")
                    continue
                }
                if characters.first == "(" {
                    characters = characters.dropFirst(2)
                    continue
                }  // character set
                guard characters.first == "[", let end = characters.firstIndex(of: "m") else { continue }
                let codes = characters[characters.index(after: characters.startIndex)..<end].split(separator: ";").map {
                    Int(String($0)) ?? 0
                }
                characters = characters[characters.index(after: end)...]
                var k = 0
                let all = codes.isEmpty ? [0] : codes
                while k < all.count {
                    switch all[k] {
                    case 0:
                        foreground = ""
                        background = ""
                        attributes = []
                    case 1, 2, 4, 5, 7: attributes.insert(all[k])
                    case 22:
                        attributes.remove(1)
                        attributes.remove(2)
                    case 24: attributes.remove(4)
                    case 27: attributes.remove(7)
                    case 39: foreground = ""
                    case 49: background = ""
                    case 30...37, 90...97: foreground = String(all[k])
                    case 40...47, 100...107: background = String(all[k])
                    case 38 where k + 2 < all.count:
                        foreground = "x\(all[k + 2])"
                        k += 2
                    case 48 where k + 2 < all.count:
                        background = "x\(all[k + 2])"
                        k += 2
                    default: break
                    }
                    k += 1
                }
            }
            return row
        }
    }

    /// Cells that differ between two captures; a blank tmux kept and one it left out
    /// count as the same (tmux keeps the cells that terminal operations moved).
    func differingCells(_ a: String, _ b: String) -> Int {
        let (x, y) = (cells(a), cells(b))
        var count = 0
        for (rowA, rowB) in zip(x, y) {
            for k in 0..<max(rowA.count, rowB.count) {
                let p = k < rowA.count ? rowA[k] : nil
                let q = k < rowB.count ? rowB[k] : nil
                if p == q { continue }
                // A blank tmux kept (moved by an insert or delete) and one it left out.
                if p == nil || q == nil, (p ?? q)!.hasPrefix(" |") { continue }
                count += 1
            }
        }
        return count
    }

    /// The number on a panel row, e.g. "ENAF/yr      5.40 ↓12%✓" → 5.40 (k and M understood).
    func number(after label: String, in screen: String) -> Double? {
        guard let line = screen.split(separator: "\n").first(where: { $0.contains(label) }) else { return nil }
        let rest = line[line.range(of: label)!.upperBound...].drop { $0 == " " }
        let token = rest.prefix { "0123456789.,kM-".contains($0) }.replacingOccurrences(of: ",", with: "")
        let scale = token.hasSuffix("k") ? 1e3 : token.hasSuffix("M") ? 1e6 : 1
        return Double(token.trimmingCharacters(in: CharacterSet(charactersIn: "kM"))).map { $0 * scale }
    }

    func relaunch(_ arguments: String) throws {
        _ = try? tmux("kill-session", "-t", session)
        try launch(arguments)
    }

    func waitForChange(of label: String, from value: Double, seconds: Double = 10) throws -> Double? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let now = number(after: label, in: try screen()), now != value { return now }
            usleep(100_000)
        }
        return number(after: label, in: try screen())
    }
}
