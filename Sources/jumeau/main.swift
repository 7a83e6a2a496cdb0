import ArgumentParser
import Foundation

// Exit statuses: 0 success, 1 the command failed (bad input, unreadable file),
// 2 misuse of the command line. ArgumentParser's own usage errors (64) become 2.
do {
    var command = try Jumeau.parseAsRoot()
    do {
        try command.run()
    } catch let failure as CommandFailure {
        FileHandle.standardError.write(Data("jumeau: \(failure.message)\n".utf8))
        exit(failure.status)
    } catch {
        let code = Jumeau.exitCode(for: error)
        if code == .success {
            Jumeau.exit(withError: error)
        }
        FileHandle.standardError.write(Data("jumeau: \(Jumeau.message(for: error))\n".utf8))
        exit(code == .validationFailure ? 2 : 1)
    }
} catch {
    let code = Jumeau.exitCode(for: error)
    if code == .success { Jumeau.exit(withError: error) }
    FileHandle.standardError.write(Data((Jumeau.fullMessage(for: error) + "\n").utf8))
    exit(2)
}
