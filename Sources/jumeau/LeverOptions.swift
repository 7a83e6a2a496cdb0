import ArgumentParser
import JumeauSimulation

/// The lever setting a command works on: a saved scenario, a scenario code, then
/// LEVER=VALUE assignments, each overriding the one before.
struct LeverOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(t("help.leveroptions.scenario")))
    var scenario: String?

    @Option(name: .long, help: ArgumentHelp(t("help.leveroptions.levers")))
    var levers: String?

    @Option(name: .customLong("set"), help: ArgumentHelp(t("help.leveroptions.assignments")))
    var assignments: [String] = []

    func settings(in session: TwinSession) throws -> LeverSettingsChoice {
        LeverSettingsChoice(settings: try session.settings(scenario: scenario, code: levers, assignments: assignments),
                            name: assignments.isEmpty && levers == nil ? (scenario ?? "baseline") : nil)
    }
}

/// A lever setting and the scenario name it is exactly, if any.
struct LeverSettingsChoice {
    var settings: LeverSettings
    var name: String?
}
