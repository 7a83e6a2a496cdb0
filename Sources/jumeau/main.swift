import ArgumentParser
import Foundation
import JumeauRender

// Exit statuses: 0 success, 1 the command failed (bad input, unreadable file),
// 2 misuse of the command line. Every error is one line on stderr.
func fail(_ message: String, status: Int32) -> Never {
    let line = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }.joined(separator: " ")
    // What the command printed before failing goes out first.
    try? Console.flush()
    Console.note(line)
    exit(status)
}

/// --help, `jumeau help …` and --version: printed in the command line's language, exit 0.
func finishCleanly(_ error: any Error) -> Never {
    Console.print(ParserText.translate(Jumeau.fullMessage(for: error), t))
    do { try Console.flush() } catch let failure as CommandFailure { fail(failure.message, status: 1) } catch {}
    exit(0)
}

Console.prepare()
// The language is read from the locale first; then the locale is made safe for Foundation.
_ = CommandLanguage.current
LocaleEnvironment.sanitize()

// `jumeau` alone opens the explorer in a terminal, and describes the twin otherwise
// (scripts, pipes, CI).
var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.isEmpty && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 { arguments = ["explore"] }
// `jumeau --lang fr run …` and `jumeau help run --lang fr` speak French too.
arguments = CommandLanguage.droppingStrayLanguage(arguments)

let command: ParsableCommand
do {
    command = try Jumeau.parseAsRoot(arguments)
} catch {
    // --help and --version arrive here too, as "errors" that exit 0.
    if Jumeau.exitCode(for: error) == .success { finishCleanly(error) }
    let message = ParserText.translate(Jumeau.message(for: error).replacingOccurrences(of: "Error: ", with: ""), t)
    fail("\(message) \(t("cli.see_help", ["command": ParserText.commandName(arguments)]))", status: 2)
}
do {
    var runnable = command
    try runnable.run()
    try Console.flush()
} catch let failure as CommandFailure {
    if command is Explore { logFatal(failure.message) }
    fail(failure.message, status: failure.status)
} catch {
    if Jumeau.exitCode(for: error) == .success { finishCleanly(error) }
    let misuse = error is ValidationError || Jumeau.exitCode(for: error) == .validationFailure
    fail(ParserText.translate(Jumeau.message(for: error).replacingOccurrences(of: "Error: ", with: ""), t), status: misuse ? 2 : 1)
}
