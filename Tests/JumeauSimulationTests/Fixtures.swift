import Foundation
import JumeauImport
import JumeauModel
import JumeauSamples
import JumeauSimulation
import JumeauStore

/// Base states of the real sample territories, imported once per test process.
enum Samples {
    nonisolated(unsafe) private static var cache: [String: BaseState] = [:]
    nonisolated(unsafe) private static var tables: [String: (ZoneTable, Int)] = [:]
    private static let lock = NSLock()

    static func base(_ id: String) throws -> BaseState {
        let (table, referenceYear) = try table(id)
        lock.lock(); defer { lock.unlock() }
        if let base = cache[id] { return base }
        let base = try BaseState(table: table, referenceYear: referenceYear)
        cache[id] = base
        return base
    }

    /// A sample's zones and reference year.
    static func table(_ id: String) throws -> (ZoneTable, referenceYear: Int) {
        lock.lock(); defer { lock.unlock() }
        if let table = tables[id] { return table }
        let directory = NSTemporaryDirectory() + "jumeau-sim-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/\(id).gpkg"
        if !FileManager.default.fileExists(atPath: path) {
            _ = try TerritoryImporter(options: SampleTerritory.named(id)!.importOptions(destination: path)).run()
        }
        let store = try TwinStore.open(at: path)
        let table = (try store.zoneTable(), try store.metadata().referenceYear)
        tables[id] = table
        return table
    }

    static let ids = ["bordeaux-metropole", "ile-de-re", "medoc-atlantique", "grand-annecy"]
}

/// A small deterministic generator for property tests (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension LeverCatalog {
    /// A random valid setting of every lever, on its step grid.
    func randomSettings(_ rng: inout SeededGenerator) throws -> LeverSettings {
        var settings = LeverSettings()
        for lever in levers {
            let value: Double
            if let choices = lever.choices {
                value = choices.randomElement(using: &rng)!
            } else {
                let steps = Int(((lever.maximum - lever.minimum) / lever.step).rounded(.down))
                value = min(lever.maximum, lever.minimum + Double(Int.random(in: 0...steps, using: &rng)) * lever.step)
            }
            try settings.set(lever.id, LeverSchedule(value), catalog: self)
        }
        return settings
    }
}
