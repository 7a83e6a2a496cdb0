import ArgumentParser
import Foundation
import JumeauModel

struct Jumeau: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "jumeau",
            abstract: t("help.jumeau.abstract"),
            discussion: t("help.jumeau.discussion"),
            version: JumeauVersion.current,
            subcommands: [Info.self, Explore.self, Render.self, Run.self, Scenarios.self, Compare.self, Levers.self,
                          Export.self, Extract.self, Merge.self, Publish.self,
                          Report.self, Import.self, Upgrade.self, Generate.self, Samples.self],
            defaultSubcommand: Info.self)
    }
}

/// A failure to report in one line, with its exit status.
struct CommandFailure: Error {
    var message: String
    var status: Int32 = 1
}

/// An error from the lower modules in the command line's language.
func describe(_ error: any Error) -> String { Message.of(error).text(t) }

/// Turns any error from the lower modules into a one-line command failure.
func failing<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as CommandFailure {
        throw failure
    } catch let error as ValidationError {
        throw error
    } catch {
        throw CommandFailure(message: describe(error))
    }
}
