import Foundation
import JumeauModel

/// Why a file for other tools cannot be written (catalogue keys `output.*`).
public struct OutputError: MessageError, Sendable {
    public var message: Message
    /// The user named the wrong file (the twin itself, a folder): misuse, not a failure.
    public var isMisuse: Bool
    init(_ key: String, _ arguments: [String: any MessageArgument], misuse: Bool = false) {
        message = Message(key, arguments)
        isMisuse = misuse
    }
}

/// Writes the files Jumeau hands to other tools (exports, reports, the table's CSV): whole
/// or not at all, and never over the twin they come from.
public enum OutputFile {
    /// Writes `data` to `path`.
    ///
    /// A regular file (new or existing) is written to a temporary file beside it and renamed
    /// over it, so that a reader sees the old file or the new one. A symbolic link is
    /// followed: its target is replaced, the link stays. A device, a pipe or a socket is
    /// written to as it is (renaming over `/dev/stdout` or a FIFO would replace it with a
    /// plain file).
    ///
    /// - Parameter protecting: files that must not be overwritten — the twin being read,
    ///   with its journal and write-ahead log — compared as files (device and inode), so
    ///   that another name for the same file is refused too.
    public static func write(_ data: Data, to path: String, protecting: [String]) throws {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        // SQLite's own files beside the twin, even before they exist: a file by that name
        // would be taken for the twin's journal or write-ahead log.
        for twin in protecting {
            let resolved = URL(fileURLWithPath: twin).resolvingSymlinksInPath().path
            if ["-journal", "-wal", "-shm"].contains(where: { target == resolved + $0 }) {
                throw OutputError("output.is_twin", ["path": path, "twin": twin], misuse: true)
            }
        }
        var status = stat()
        if stat(target, &status) == 0 {
            for twin in protecting {
                for file in [twin, twin + "-journal", twin + "-wal", twin + "-shm"] where same(file, status) {
                    throw OutputError("output.is_twin", ["path": path, "twin": twin], misuse: true)
                }
            }
            switch status.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw OutputError("output.is_folder", ["path": path], misuse: true)
            default: return try writeInPlace(data, to: target, named: path)
            }
        }
        let folder = (target as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder),
              isFolder.boolValue else {
            throw OutputError("output.no_folder", ["path": path, "folder": folder])
        }
        do {
            try data.write(to: URL(fileURLWithPath: target), options: .atomic)
        } catch {
            throw OutputError("output.cannot_write", ["path": path, "cause": Message.verbatim(reason(error))])
        }
    }

    private static func same(_ path: String, _ status: stat) -> Bool {
        var other = stat()
        return stat(path, &other) == 0 && other.st_dev == status.st_dev && other.st_ino == status.st_ino
    }

    /// Writes to a device, pipe or socket through one descriptor, every byte or an error.
    private static func writeInPlace(_ data: Data, to target: String, named path: String) throws {
        let descriptor = open(target, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw OutputError("output.cannot_write", ["path": path, "cause": systemError(errno)])
        }
        defer { close(descriptor) }
        var offset = 0
        let failure: Int32? = data.withUnsafeBytes { raw in
            while offset < raw.count {
                guard let base = raw.baseAddress else { return nil }
                let written = Foundation.write(descriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure {
            throw OutputError("output.cannot_write", ["path": path, "cause": systemError(failure)])
        }
    }

    private static func systemError(_ code: Int32) -> Message { .verbatim(String(cString: strerror(code))) }

    /// The system's reason, without Foundation's wrapping sentence when there is an errno.
    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        return nsError.localizedDescription
    }
}
