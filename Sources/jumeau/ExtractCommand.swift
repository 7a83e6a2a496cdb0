import ArgumentParser
import Foundation
import JumeauModel
import JumeauSimulation
import JumeauStore

/// A local twin cut from a larger one: `jumeau extract france.gpkg --epci 243300316 --out bordeaux.gpkg`.
struct Extract: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: t("help.extract.abstract"), discussion: t("help.extract.discussion"))
    }

    @OptionGroup var twinArgument: TwinArgument
    var twin: String? { twinArgument.twin }

    @OptionGroup var selection: SelectionOption

    @Option(name: .long, help: ArgumentHelp(t("help.extract.out"), valueName: "file.gpkg"))
    var out: String

    @Flag(name: .customLong("with-scenarios"), help: ArgumentHelp(t("help.extract.with_scenarios")))
    var withScenarios = false

    @Flag(name: .long, help: ArgumentHelp(t("help.extract.force")))
    var force = false

    @OptionGroup var language: LanguageOption

    func run() throws {
        guard let chosen = selection.selection else {
            throw CommandFailure(message: t("cli.extract.no_selection"), status: 2)
        }
        let session = try TwinSession(twin, selection: chosen)
        guard let resolved = session.selection else {
            throw CommandFailure(message: t("cli.extract.no_selection"), status: 2)
        }
        let table = session.table
        var scenarios: [SavedScenario] = []
        if withScenarios {
            for var scenario in try failing({ try session.store.scenarios() }) {
                // Each scenario as the local twin sees it: its territories' levers that hold
                // every extracted zone become its own.
                let (settings, _) = try failing {
                    try LeverSettings.reading(json: scenario.leversJSON, catalog: session.catalog)
                }
                scenario.leversJSON =
                    settings.limited(
                        regions: table.regions, departments: table.departments, epcis: table.epcis
                    ).canonicalJSON
                scenarios.append(scenario)
            }
        }
        let name = resolved.name ?? resolved.title
        // Ctrl-C while the copy is written leaves no partial file beside --out.
        let cleanup = ScratchCleanup(path: TwinStore.scratchPath(for: out), message: "cli.extract.interrupted")
        defer { withExtendedLifetime(cleanup) {} }
        try failing {
            try session.store.extract(
                codes: table.codes, name: name, scenarios: scenarios, to: out, replacing: force)
        }
        Console.note(
            t(
                "cli.extract.done",
                [
                    "path": out, "count": String(table.count), "name": name,
                    "scenarios": String(scenarios.count),
                ]))
    }
}
