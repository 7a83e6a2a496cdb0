import Foundation
import JumeauSamples

/// Resolves a TWIN argument: a file path, a sample id, or nothing (the default sample).
enum TwinLocation {
    static func resolve(_ argument: String?) throws -> String {
        guard let argument else {
            return try failing { try SampleTerritory.named(SampleTerritory.defaultID)!.twinPath() }
        }
        if FileManager.default.fileExists(atPath: argument) { return argument }
        if let sample = SampleTerritory.named(argument) {
            return try failing { try sample.twinPath() }
        }
        throw CommandFailure(message: t("cli.no_twin", ["path": argument, "samples": SampleTerritory.all.map(\.id).joined(separator: ", ")]))
    }
}
