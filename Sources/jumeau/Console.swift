import Foundation
import JumeauRender

/// Standard output and standard error, written with write(2) so that a failed write is
/// seen: `print` loses output silently when the disk is full (its buffer is flushed at
/// exit, errors ignored) and `FileHandle.write` traps. A broken pipe (`| head`) ends the
/// process quietly, by SIGPIPE, as for any Unix tool, even when SIGPIPE was ignored.
enum Console {
    /// Output waiting to be written: commands print line by line, the system sees large writes.
    nonisolated(unsafe) private static var pending: [UInt8] = []
    /// The first write error on standard output; nothing more is written after it.
    nonisolated(unsafe) private static var failure: Int32?
    /// Standard output was closed when the process started.
    nonisolated(unsafe) private static var outputClosed = false

    /// Gives closed standard descriptors /dev/null, so that no file opened later (a twin, an
    /// export) takes descriptor 1 and receives the output; a closed standard output is
    /// remembered and reported at the first write.
    static func prepare() {
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 {
            let null = open("/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY)
            if null >= 0 && null != descriptor {
                dup2(null, descriptor)
                close(null)
            }
            if descriptor == STDOUT_FILENO { outputClosed = true }
        }
    }

    /// Writes a line to standard output.
    static func print(_ text: String = "") {
        write(text + "\n")
    }

    /// Writes text to standard output.
    static func write(_ text: String) {
        pending.append(contentsOf: text.utf8)
        if pending.count >= 1 << 16 { drain() }
    }

    /// Writes everything pending; throws the first write error, in the user's words.
    static func flush() throws {
        drain()
        if let failure {
            throw CommandFailure(message: t("cli.cannot_write_output", ["cause": String(cString: strerror(failure))]))
        }
    }

    private static func drain() {
        defer { pending.removeAll(keepingCapacity: true) }
        guard failure == nil, !pending.isEmpty else { return }
        if outputClosed {
            failure = EBADF
            return
        }
        if let error = writeAll(STDOUT_FILENO, pending) {
            // The reader went away (`| head`) while SIGPIPE was ignored by whoever started us:
            // end as quietly as the signal would have.
            if error == EPIPE {
                signal(SIGPIPE, SIG_DFL)
                raise(SIGPIPE)
            }
            failure = error
        }
    }

    /// A line on standard error, prefixed with "jumeau: ", control characters from the data
    /// replaced. Errors are ignored: there is nowhere left to report them.
    static func note(_ line: String) {
        _ = writeAll(STDERR_FILENO, Array("jumeau: \(Sanitize.text(line))\n".utf8))
    }

    /// Raw bytes on standard error (the import's progress line).
    static func error(_ text: String) {
        _ = writeAll(STDERR_FILENO, Array(text.utf8))
    }

    /// Writes all bytes, retrying short writes and interruptions; returns errno on failure.
    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }
}
