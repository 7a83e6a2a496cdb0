import ArgumentParser
import Foundation
import JumeauModel
import JumeauPostGIS

/// A twin written to a PostgreSQL/PostGIS server:
/// `jumeau publish france.gpkg postgresql://owner@host/twins?schema=france`.
struct Publish: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: t("help.publish.abstract"), discussion: t("help.publish.discussion"))
    }

    @Argument(help: ArgumentHelp(t("help.twin")))
    var twin: String

    @Argument(help: ArgumentHelp(t("help.publish.server"), valueName: "postgresql://user@host/database?schema=name"))
    var server: String

    @Flag(name: .long, help: ArgumentHelp(t("help.publish.roles")))
    var roles = false

    @OptionGroup var language: LanguageOption

    func run() throws {
        let address: ServerAddress
        do {
            address = try ServerAddress(server)
        } catch {
            throw CommandFailure(message: describe(error), status: 2)
        }
        let path = try TwinLocation.resolve(twin)
        let publisher = PostGISPublisher(address: address, roles: roles)
        let summary = try failing { try Blocking.wait { try await publisher.publish(twin: path) } }
        Console.note(
            t(
                "cli.publish.done",
                [
                    "count": String(summary.zones), "attributes": String(summary.attributes),
                    "scenarios": String(summary.scenarios), "server": address.description,
                    "seconds": String(format: "%.1f", summary.seconds),
                ]))
    }
}
