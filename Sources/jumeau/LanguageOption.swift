import ArgumentParser
import Foundation
import JumeauModel

/// `--lang fr|en`; otherwise French when LC_ALL / LC_MESSAGES / LANG is French. Declared
/// here for parsing, validation and help; its value is read before parsing, by
/// `CommandLanguage`, so that help and parse errors speak it too: commands use `t`.
struct LanguageOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(t("help.languageoption.lang")))
    var lang: Language?
}

extension Language: ExpressibleByArgument {}

/// The language of the command line's own words (help, errors, summaries), known before
/// the arguments are parsed so that `--help` and parse errors speak it too: `--lang` given
/// anywhere on the command line, then the locale.
enum CommandLanguage {
    static let current = resolve(Array(CommandLine.arguments.dropFirst()), ProcessInfo.processInfo.environment)

    static func resolve(_ arguments: [String], _ environment: [String: String]) -> Language {
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { break }
            if argument.hasPrefix("--lang="), let language = Language(rawValue: String(argument.dropFirst(7))) {
                return language
            }
            if argument == "--lang", index + 1 < arguments.count,
                let language = Language(rawValue: arguments[index + 1])
            {
                return language
            }
        }
        return Language.fromEnvironment(environment)
    }

    /// `--lang` where no command takes it (before the subcommand, or with `jumeau help`)
    /// is dropped: `current` has read it already, and every command falls back to it.
    static func droppingStrayLanguage(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let stray = index == 0 || arguments.first == "help"
            if stray && argument == "--lang" {
                index += 2
                continue
            }
            if stray && argument.hasPrefix("--lang=") {
                index += 1
                continue
            }
            result.append(argument)
            index += 1
        }
        return result
    }
}

/// The command line's texts, in its language.
let t = Localizer(CommandLanguage.current)

/// Locale variables Foundation can take: ICU, which Foundation asks about dates and
/// numbers, crashes (signal 11) on a language name of twelve letters or more
/// (`LANG=Luxembourgish_Luxembourg.1252`). A value that is not a POSIX locale name is
/// replaced by `C`, or `C.UTF-8` when it asked for UTF-8, before anything reads it; the
/// command line's language was taken from it already.
enum LocaleEnvironment {
    static func sanitize() {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG", "LC_TIME", "LC_NUMERIC", "LC_CTYPE"] {
            guard let value = getenv(name).map({ String(cString: $0) }), !value.isEmpty, !isPOSIXName(value) else {
                continue
            }
            let utf8 = value.lowercased().replacingOccurrences(of: "-", with: "").contains("utf8")
            setenv(name, utf8 ? "C.UTF-8" : "C", 1)
        }
    }

    /// `C`, `POSIX`, or language[_territory][.codeset][@modifier] with a language of two or
    /// three letters (ISO 639), as glibc names its locales. Read without regular
    /// expressions: those are ICU's too.
    static func isPOSIXName(_ value: String) -> Bool {
        guard value.count <= 40, value.allSatisfy({ ($0.asciiValue ?? 0) > 0x20 && ($0.asciiValue ?? 0) < 0x7F }) else {
            return false
        }
        if value == "C" || value == "POSIX" || value.hasPrefix("C.") { return true }
        let beforeModifier = value.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let beforeCodeset = beforeModifier.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = beforeCodeset.split(separator: "_", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), (2...3).contains(parts[0].count), parts[0].allSatisfy(\.isLetter) else {
            return false
        }
        return parts.count == 1
            || ((2...3).contains(parts[1].count) && parts[1].allSatisfy { $0.isLetter || $0.isNumber })
    }
}
