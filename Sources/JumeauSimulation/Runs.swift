import Foundation
import JumeauModel

public enum ModelVersion {
    /// Bump whenever an equation or a default changes: saved results then rerun.
    public static let current = "jumeau-model-1.2"
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

    /// The years a full run covers: the reference year to the horizon.
    public var years: [Int] { Array(base.referenceYear...max(base.referenceYear, parameters.endYear)) }

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
                if let values = result.zones(indicator, year: year) {
                    zones[indicator.id, default: [:]][year] = Array(values)
                }
            }
        }
        return SavedRun(
            modelVersion: ModelVersion.current, inputsHash: inputsHash(settings, to: result.lastYear),
            years: result.years, territory: territory, zones: zones)
    }
}

extension LeverSettings {
    /// Sorted-key JSON: the same setting always gives the same text. Lever ids map to
    /// schedules; territories' levers go under "territories" ("dep:33" → lever → schedule),
    /// so that a setting without them reads as it always has.
    public var canonicalJSON: String {
        let saved = SavedLevers(schedules: schedules, territories: territories)
        return String(decoding: (try? Simulator.canonicalEncoder.encode(saved)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Reads a setting saved as JSON, checking it against the catalogue (`reading(json:)`
    /// says what it had to adjust).
    public init(json: String, catalog: LeverCatalog) throws {
        self = try Self.reading(json: json, catalog: catalog).settings
    }

    /// Reads a setting saved as JSON, checking it against the catalogue. Settings saved by
    /// Jumeau 0.1 may hold values between a lever's steps and a year changed twice; they
    /// are read on the steps, the last change of a year kept, so that every command
    /// (codes, reports, exports) accepts them, and each adjustment is returned to be said.
    public static func reading(
        json: String, catalog: LeverCatalog
    ) throws -> (settings: LeverSettings, notes: [Message]) {
        let saved: SavedLevers
        do {
            saved = try JSONDecoder().decode(SavedLevers.self, from: Data(json.utf8))
        } catch {
            throw LeverError("lever.unreadable", ["cause": error.localizedDescription])
        }
        var settings = LeverSettings()
        var notes: [Message] = []
        let entries =
            saved.schedules.sorted { $0.key < $1.key }.map { (territory: TerritoryRef?.none, $0.key, $0.value) }
            + saved.territories.sorted { $0.key < $1.key }.flatMap { territory, levers in
                levers.sorted { $0.key < $1.key }.map { (territory: Optional(territory), $0.key, $0.value) }
            }
        for (territory, id, schedule) in entries {
            guard let lever = catalog.lever(id) else {
                throw LeverError(
                    "lever.unknown", ["id": id, "levers": catalog.levers.map(\.id).joined(separator: ", ")])
            }
            func onSteps(_ value: Double) -> Double {
                guard lever.choices == nil, value != lever.baseline, lever.contains(value) else { return value }
                let snapped = lever.snapped(value)
                if abs(snapped - value) > 1e-9 {
                    notes.append(
                        Message(
                            "set.snapped",
                            [
                                "id": id, "typed": Self.format(value), "step": Self.plain(lever.step),
                                "unit": Message.Argument.unit(lever.unit), "value": Self.plain(snapped),
                            ]))
                }
                return snapped
            }
            var byYear: [Int: Double] = [:]
            for change in schedule.changes {
                if byYear[change.year] != nil {
                    notes.append(Message("lever.year_twice_kept", ["id": id, "year": change.year]))
                }
                byYear[change.year] = onSteps(change.value)
            }
            let changes = byYear.map { LeverSchedule.YearValue(year: $0.key, value: $0.value) }
            let read = LeverSchedule(onSteps(schedule.value), changes: changes)
            if let territory {
                try settings.set(id, read, for: territory, catalog: catalog)
            } else {
                try settings.set(id, read, catalog: catalog)
            }
        }
        return (settings, notes)
    }

    /// "zan=50 density=30,2031:40 dep:33:zan=70" — the form `--set` takes.
    public func summary(catalog: LeverCatalog) -> String {
        guard !isBaseline else { return "Baseline" }
        func assignments(_ levers: [String: LeverSchedule], prefix: String) -> [String] {
            catalog.levers.compactMap { lever -> String? in
                guard let schedule = levers[lever.id] else { return nil }
                let changes = schedule.changes.map { ",\($0.year):\(LeverSettings.format($0.value))" }.joined()
                return "\(prefix)\(lever.id)=\(LeverSettings.format(schedule.value))\(changes)"
            }
        }
        return (assignments(schedules, prefix: "")
            + territories.keys.sorted().flatMap { assignments(territories[$0] ?? [:], prefix: "\($0):") })
            .joined(separator: " ")
    }

    /// Parses "LEVER=VALUE[,YEAR:VALUE…]" (the command line's `--set`), or
    /// "reg|dep|epci:CODE:LEVER=…" for one territory's zones. Spaces around each part are
    /// ignored; values are plain decimal numbers within the lever's range, each year at
    /// most once. A value between the lever's steps is moved to the nearest step, so that
    /// every saved setting has a scenario code: the returned messages say so.
    @discardableResult
    public mutating func apply(_ assignment: String, catalog: LeverCatalog) throws -> [Message] {
        let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty else {
            throw LeverError("set.malformed", ["set": assignment])
        }
        var id = parts[0]
        var territory: TerritoryRef?
        if let colon = id.lastIndex(of: ":") {
            guard let named = TerritoryRef(parsing: String(id[..<colon])) else {
                throw LeverError("set.bad_territory", ["set": assignment, "territory": String(id[..<colon])])
            }
            territory = named
            id = String(id[id.index(after: colon)...])
        }
        guard let lever = catalog.lever(id) else {
            throw LeverError("lever.unknown", ["id": id, "levers": catalog.levers.map(\.id).joined(separator: ", ")])
        }
        let items = parts[1].split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var notes: [Message] = []
        func value(_ text: String) throws -> Double {
            guard let number = PlainNumber.parse(text) else {
                throw LeverError("set.not_a_number", ["set": assignment, "item": text])
            }
            guard number >= lever.minimum - 1e-9, number <= lever.maximum + 1e-9 else {
                throw LeverError(
                    "lever.out_of_range_set",
                    [
                        "id": id, "value": text, "min": Self.plain(lever.minimum),
                        "max": Self.plain(lever.maximum), "unit": Message.Argument.unit(lever.unit),
                    ])
            }
            if let choices = lever.choices {
                guard choices.contains(number) else {
                    throw LeverError(
                        "lever.not_a_choice",
                        [
                            "id": id, "value": text, "unit": Message.Argument.unit(lever.unit),
                            "choices": choices.map { LeverSettings.format($0) }.joined(separator: " / "),
                        ])
                }
                return number
            }
            let snapped = number == lever.baseline ? number : lever.snapped(number)
            if abs(snapped - number) > 1e-9 {
                notes.append(
                    Message(
                        "set.snapped",
                        [
                            "id": id, "typed": text, "step": Self.plain(lever.step),
                            "unit": Message.Argument.unit(lever.unit), "value": Self.plain(snapped),
                        ]))
            }
            return snapped
        }
        let start = try value(items[0])
        var changes: [LeverSchedule.YearValue] = []
        for item in items.dropFirst() {
            let pair = item.split(separator: ":", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard pair.count == 2, pair[0].allSatisfy(\.isASCII), let year = Int(pair[0]), (1900...2100).contains(year)
            else {
                throw LeverError("set.bad_change", ["set": assignment, "item": item])
            }
            guard !changes.contains(where: { $0.year == year }) else {
                throw LeverError("set.year_twice", ["set": assignment, "year": year])
            }
            changes.append(.init(year: year, value: try value(pair[1])))
        }
        if let territory {
            try set(id, LeverSchedule(start, changes: changes), for: territory, catalog: catalog)
        } else {
            try set(id, LeverSchedule(start, changes: changes), catalog: catalog)
        }
        return notes
    }

    /// A lever's bound or step as typed (50, 0.05): exact, in no language's format.
    static func plain(_ value: Double) -> Message.Argument { .text(format(value)) }
}

/// A lever setting as the twin saves it: lever ids to schedules, and territories' own
/// under "territories" (never a lever id).
struct SavedLevers: Codable {
    var schedules: [String: LeverSchedule]
    var territories: [TerritoryRef: [String: LeverSchedule]]

    init(schedules: [String: LeverSchedule], territories: [TerritoryRef: [String: LeverSchedule]]) {
        self.schedules = schedules
        self.territories = territories
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
    static let territoriesKey = Key(stringValue: "territories")

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        schedules = [:]
        territories = [:]
        for key in container.allKeys {
            guard key.stringValue == Self.territoriesKey.stringValue else {
                schedules[key.stringValue] = try container.decode(LeverSchedule.self, forKey: key)
                continue
            }
            for (name, levers) in try container.decode([String: [String: LeverSchedule]].self, forKey: key) {
                guard let territory = TerritoryRef(parsing: name) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key, in: container,
                        debugDescription: "'\(name)' is not reg:CODE, dep:CODE or epci:CODE")
                }
                territories[territory] = levers
            }
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (id, schedule) in schedules { try container.encode(schedule, forKey: Key(stringValue: id)) }
        if !territories.isEmpty {
            let byName = Dictionary(uniqueKeysWithValues: territories.map { ($0.key.description, $0.value) })
            try container.encode(byName, forKey: Self.territoriesKey)
        }
    }
}
