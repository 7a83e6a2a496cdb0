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
            if argument.hasPrefix("--lang="), let language = Language(rawValue: String(argument.dropFirst(7))) { return language }
            if argument == "--lang", index + 1 < arguments.count, let language = Language(rawValue: arguments[index + 1]) { return language }
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
            if stray && argument == "--lang" { index += 2; continue }
            if stray && argument.hasPrefix("--lang=") { index += 1; continue }
            result.append(argument)
            index += 1
        }
        return result
    }
}

/// The command line's texts, in its language.
let t = Localizer(CommandLanguage.current)
