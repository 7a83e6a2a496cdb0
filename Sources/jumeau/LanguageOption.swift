import ArgumentParser
import Foundation
import JumeauModel

/// `--lang fr|en`; otherwise French when LC_ALL / LC_MESSAGES / LANG is French.
struct LanguageOption: ParsableArguments {
    @Option(name: .long, help: "Language of the interface: fr or en (default: from LC_ALL, LC_MESSAGES or LANG).")
    var lang: Language?

    var resolved: Language { lang ?? Language.fromEnvironment(ProcessInfo.processInfo.environment) }
    var localizer: Localizer { Localizer(resolved) }
}

extension Language: ExpressibleByArgument {}
