import Foundation
import JumeauModel

/// swift-argument-parser writes its own words (help headings, parse errors) in English;
/// this puts them in the command line's language, pattern by pattern, from the catalogue
/// (`parser.*` keys). A message it does not know stays as the parser wrote it.
enum ParserText {
    /// Patterns of the parser's English, each with the key that says it and the names of
    /// its captured parts.
    private static let patterns: [(regex: NSRegularExpression, key: String, names: [String])] = [
        (#"^OVERVIEW:"#, "parser.overview", []),
        (#"^USAGE:"#, "parser.usage", []),
        (#"^ARGUMENTS:"#, "parser.arguments", []),
        (#"^OPTIONS:"#, "parser.options", []),
        (#"^SUBCOMMANDS:"#, "parser.subcommands", []),
        (#"Show help information\."#, "parser.show_help", []),
        (#"Show the version\."#, "parser.show_version", []),
        (#"See '(.+?) <subcommand>' for detailed help\."#, "parser.see_subcommand", ["command"]),
        (#"<subcommand>"#, "parser.subcommand", []),
        (#"\(default\)"#, "parser.default_subcommand", []),
        (#"\(values:"#, "parser.values", []),
        (#"\bdefault:"#, "parser.default", []),
        (#"Unknown option '(.+?)'"#, "parser.unknown_option", ["option"]),
        (#"Did you mean '(.+?)'\?"#, "parser.did_you_mean", ["option"]),
        (#"The value '(.*?)' is invalid for '(.+?)'"#, "parser.invalid_value", ["value", "option"]),
        (#"Please provide one of (.+?)\.$"#, "parser.one_of", ["values"]),
        (#"Missing expected argument '(.+?)'"#, "parser.missing_argument", ["argument"]),
        (#"Missing value for '(.+?)'"#, "parser.missing_value", ["option"]),
        (#"Missing one of: (.+)$"#, "parser.missing_one_of", ["options"]),
        (#"^(\d+) unexpected arguments: (.+)$"#, "parser.unexpected_arguments", ["count", "arguments"]),
        (#"Unexpected argument '(.+?)'"#, "parser.unexpected_argument", ["argument"]),
        (#"The option '(.+?)' does not take any value, but '(.*?)' was specified\."#, "parser.no_value", ["option", "value"]),
        (#"Missing required subcommand\."#, "parser.missing_subcommand", []),
        (#"Invalid option: (.+)$"#, "parser.invalid_option", ["option"]),
    ].compactMap { pattern, key, names in
        // Constant patterns, checked by the language tests: one that failed to compile would be skipped, not trap.
        (try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])).map { ($0, key, names) }
    }

    static func translate(_ text: String, _ localizer: Localizer) -> String {
        guard localizer.language != .en else { return text }
        var result = text
        for pattern in patterns {
            let matches = pattern.regex.matches(in: result, range: NSRange(result.startIndex..., in: result))
            for match in matches.reversed() {
                var arguments: [String: String] = [:]
                for (index, name) in pattern.names.enumerated() {
                    let value = (result as NSString).substring(with: match.range(at: index + 1))
                    // "'a', 'b' or 'c'": the parser's list words too.
                    arguments[name] = value.replacingOccurrences(of: " or ", with: " \(localizer("parser.or")) ")
                        .replacingOccurrences(of: " and ", with: " \(localizer("parser.and")) ")
                }
                result = (result as NSString).replacingCharacters(in: match.range, with: localizer(pattern.key, arguments))
            }
        }
        return result
    }

    /// "jumeau run" when the arguments name a subcommand, "jumeau" otherwise: where
    /// `--help` tells about the option that went wrong.
    static func commandName(_ arguments: [String]) -> String {
        guard let first = arguments.first,
              Jumeau.configuration.subcommands.contains(where: { $0._commandName == first })
        else { return "jumeau" }
        return "jumeau \(first)"
    }
}
