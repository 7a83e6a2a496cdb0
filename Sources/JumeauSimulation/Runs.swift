import Foundation
import JumeauModel

public enum ModelVersion {
    /// Bump whenever an equation or a default changes: saved results then rerun.
    public static let current = "jumeau-model-1.0"
}

extension Simulator {
    /// Identifies a run's inputs: model version, parameters, lever setting, base state
    /// and horizon. Equal hashes give bit-identical results.
    public func inputsHash(_ settings: LeverSettings, to endYear: Int? = nil) -> String {
        var hash = FNV1a()
        hash.add(ModelVersion.current)
        hash.add(settings.canonicalJSON)
        if let parameters = try? Self.canonicalEncoder.encode(parameters) { hash.add(bytes: parameters) }
        hash.add(endYear ?? parameters.endYear)
        var fingerprint = base.fingerprint
        withUnsafeBytes(of: &fingerprint) { hash.add(bytes: $0) }
        return String(hash.value, radix: 16)
    }

    static var canonicalEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// Years whose zone values a saved run keeps: the start, the ZAN milestones, 2040, 2050.
    public func keyYears(_ result: SimulationResult) -> [Int] {
        Set([result.firstYear, 2031, 2034, 2040, result.lastYear]).filter { result.yearIndex($0) != nil }.sorted()
    }

    /// A result in the form the twin stores.
    public func savedRun(_ result: SimulationResult, settings: LeverSettings) -> SavedRun {
        var territory: [String: [Double]] = [:]
        for indicator in Indicator.allCases { territory[indicator.id] = Array(result.territory(indicator)) }
        var zones: [String: [Int: [Double]]] = [:]
        for indicator in result.recorded {
            for year in keyYears(result) {
                if let values = result.zones(indicator, year: year) { zones[indicator.id, default: [:]][year] = Array(values) }
            }
        }
        return SavedRun(modelVersion: ModelVersion.current, inputsHash: inputsHash(settings, to: result.lastYear),
                        years: result.years, territory: territory, zones: zones)
    }
}

extension LeverSettings {
    /// Sorted-key JSON: the same setting always gives the same text.
    public var canonicalJSON: String {
        String(decoding: (try? Simulator.canonicalEncoder.encode(schedules)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Reads a setting saved as JSON, checking it against the catalogue.
    public init(json: String, catalog: LeverCatalog) throws {
        self.init()
        let schedules: [String: LeverSchedule]
        do {
            schedules = try JSONDecoder().decode([String: LeverSchedule].self, from: Data(json.utf8))
        } catch {
            throw LeverError("lever.unreadable", ["cause": error.localizedDescription])
        }
        for (id, schedule) in schedules.sorted(by: { $0.key < $1.key }) { try set(id, schedule, catalog: catalog) }
    }

    /// "zan=50 density=30,2031:40" — the form `--set` takes.
    public func summary(catalog: LeverCatalog) -> String {
        guard !schedules.isEmpty else { return "Baseline" }
        return catalog.levers.compactMap { lever -> String? in
            guard let schedule = schedules[lever.id] else { return nil }
            let changes = schedule.changes.map { ",\($0.year):\(LeverSettings.format($0.value))" }.joined()
            return "\(lever.id)=\(LeverSettings.format(schedule.value))\(changes)"
        }.joined(separator: " ")
    }

    /// Parses "LEVER=VALUE[,YEAR:VALUE…]" (the command line's `--set`).
    public mutating func apply(_ assignment: String, catalog: LeverCatalog) throws {
        let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty else {
            throw LeverError("set.malformed", ["set": assignment])
        }
        let items = parts[1].split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = items.first, let value = Double(first) else {
            throw LeverError("set.not_a_number", ["set": assignment, "item": items.first ?? ""])
        }
        var changes: [LeverSchedule.YearValue] = []
        for item in items.dropFirst() {
            let pair = item.split(separator: ":").map(String.init)
            guard pair.count == 2, let year = Int(pair[0]), let changed = Double(pair[1]), (1900...2100).contains(year) else {
                throw LeverError("set.bad_change", ["set": assignment, "item": item])
            }
            changes.append(.init(year: year, value: changed))
        }
        try set(parts[0].trimmingCharacters(in: .whitespaces), LeverSchedule(value, changes: changes), catalog: catalog)
    }
}
