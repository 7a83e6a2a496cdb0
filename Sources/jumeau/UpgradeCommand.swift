import ArgumentParser
import Foundation
import JumeauStore

/// Applies the schema migrations a twin written by an older release lacks. Commands that
/// only read never change a twin; those that write upgrade it first and say so.
struct Upgrade: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: t("help.upgrade.abstract"),
            discussion: t("help.upgrade.discussion"))
    }

    @Argument(help: ArgumentHelp(t("help.twin")))
    var twin: String?

    @OptionGroup var language: LanguageOption

    func run() throws {
        let path = try TwinLocation.resolve(twin)
        let store = try TwinLocation.file(path).open(access: .write, use: .writing)
        if store.upgrades.isEmpty {
            let current = try failing { try store.schemaVersion() }
            Console.note(t("cli.upgrade.current", ["path": path, "schema": current]))
        }
    }
}
