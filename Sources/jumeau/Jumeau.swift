import ArgumentParser
import Foundation
import JumeauModel

struct Jumeau: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jumeau",
        abstract: "Explore territorial digital twins in any terminal.",
        discussion: """
            A twin is a GeoPackage file (.gpkg) holding a territory's zones with their geometry \
            and attributes. TWIN arguments take a file path or a sample territory id \
            (bordeaux-metropole, ile-de-re, medoc-atlantique, grand-annecy); without one, \
            the default sample (bordeaux-metropole) is used.
            """,
        version: JumeauVersion.current,
        subcommands: [Info.self, Explore.self, Render.self, Run.self, Scenarios.self, Compare.self, Levers.self, Export.self, Report.self, Import.self, Generate.self, Samples.self],
        defaultSubcommand: Info.self
    )
}

/// A failure to report in one line, with its exit status.
struct CommandFailure: Error {
    var message: String
    var status: Int32 = 1
}

/// Turns any error from the lower modules into a one-line command failure.
func failing<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as CommandFailure {
        throw failure
    } catch let error as ValidationError {
        throw error
    } catch {
        throw CommandFailure(message: "\(error)")
    }
}
