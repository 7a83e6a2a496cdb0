import Foundation
import JumeauModel

/// Journal entries a server could not take yet (its connection lost), kept on this machine until it
/// can: one JSON line each in $XDG_STATE_HOME/jumeau/pending/ (default ~/.local/state), one file per
/// twin. Appended whole lines only; a line that cannot be read is skipped.
struct PendingJournal: Sendable {
    let path: String

    init(path: String) { self.path = path }

    init(twin location: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let state =
            environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        let name = String(location.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : "_" })
        path = state + "/jumeau/pending/" + String(name.suffix(200)) + ".journal"
    }

    private struct Line: Codable {
        var session: String, at: Date, kind: String, levers: String, detail: String
    }

    func append(_ entry: JournalEntry) throws {
        let line = Line(
            session: entry.session, at: entry.at, kind: entry.kind.rawValue, levers: entry.leversJSON,
            detail: entry.detail)
        var data = try JSONEncoder().encode(line)
        data.append(10)
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard descriptor >= 0 else {
            throw CommandFailure(message: t("cli.pending_unwritable", ["path": path]))
        }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count else { throw CommandFailure(message: t("cli.pending_unwritable", ["path": path])) }
    }

    /// Keeps only `entries` (written beside the file, then renamed over it: whole or not at all).
    func replace(with entries: [JournalEntry]) throws {
        guard !entries.isEmpty else { return clear() }
        let scratch = path + ".\(getpid()).partial"
        try? FileManager.default.removeItem(atPath: scratch)
        let rest = PendingJournal(path: scratch)
        for entry in entries { try rest.append(entry) }
        guard rename(scratch, path) == 0 else {
            try? FileManager.default.removeItem(atPath: scratch)
            throw CommandFailure(message: t("cli.pending_unwritable", ["path": path]))
        }
    }

    func entries() -> [JournalEntry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: 10).compactMap { line in
            guard let read = try? decoder.decode(Line.self, from: Data(line)) else { return nil }
            return JournalEntry(
                session: read.session, at: read.at, kind: JournalEntry.Kind(rawValue: read.kind) ?? .levers,
                leversJSON: read.levers, detail: read.detail)
        }
    }

    func clear() { try? FileManager.default.removeItem(atPath: path) }
}
