import ArgumentParser
import Foundation
import JumeauPostGIS
import JumeauSamples
import JumeauStore

/// The TWIN argument every command that reads a twin takes, with one help text.
struct TwinArgument: ParsableArguments {
    @Argument(help: ArgumentHelp(t("help.twin")))
    var twin: String?

    var location: TwinLocation { get throws { try TwinLocation.parse(twin) } }
}

/// Where a TWIN argument points: a GeoPackage file (a path or a sample id; nothing is the default
/// sample) or a schema on a PostgreSQL server (`postgresql://agent@host/twins?schema=france`).
/// Every command reads its TWIN argument here, and opens the twin through `open`.
enum TwinLocation {
    case file(String)
    case server(ServerAddress)

    static func parse(_ argument: String?) throws -> TwinLocation {
        if let argument, ServerAddress.isServer(argument) {
            do { return .server(try ServerAddress(argument)) } catch {
                throw CommandFailure(message: describe(error), status: 2)
            }
        }
        return .file(try resolve(argument))
    }

    /// A TWIN argument that must be a file (import, merge, publish, upgrade): a server twin is
    /// refused with what to do instead.
    static func resolve(_ argument: String?) throws -> String {
        guard let argument else {
            return try failing { try SampleTerritory.named(SampleTerritory.defaultID)!.twinPath() }
        }
        if ServerAddress.isServer(argument) {
            throw CommandFailure(message: t("cli.file_only", ["address": ServerAddress.redacted(argument)]), status: 2)
        }
        if FileManager.default.fileExists(atPath: argument) { return argument }
        if let sample = SampleTerritory.named(argument) {
            return try failing { try sample.twinPath() }
        }
        throw CommandFailure(
            message: t(
                "cli.no_twin", ["path": argument, "samples": SampleTerritory.all.map(\.id).joined(separator: ", ")]))
    }

    /// The file to keep outputs from overwriting (none for a server twin).
    var file: String? {
        if case .file(let path) = self { return path }
        return nil
    }

    /// As messages name it.
    var description: String {
        switch self {
        case .file(let path): path
        case .server(let address): address.description
        }
    }

    /// Opens the twin: a file with the access and use declared to other Jumeau processes (a
    /// command that writes says which schema migrations it applied); a server twin connects.
    /// - Parameter reconnecting: a lost server connection is opened again (the explorer) rather
    ///   than failing the command.
    func open(access: TwinAccess, use: TwinUse, reconnecting: Bool = false) throws -> any TwinStorage {
        switch self {
        case .file(let path):
            let store = try failing { try TwinStore.open(at: path, access: access, use: use) }
            if !store.upgrades.isEmpty {
                Console.note(t("cli.upgraded", ["path": path, "migrations": store.upgrades.joined(separator: ", ")]))
            }
            return store
        case .server(let address):
            return try failing { try PostGISTwin.open(address, reconnecting: reconnecting) }
        }
    }
}
