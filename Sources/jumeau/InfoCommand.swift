import ArgumentParser
import Foundation
import JumeauGeometry
import JumeauModel
import JumeauRender
import JumeauStore

struct Info: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: t("help.info.abstract"),
            discussion: t("help.info.discussion"))
    }

    @OptionGroup var twinArgument: TwinArgument
    var twin: String? { twinArgument.twin }

    @Flag(help: ArgumentHelp(t("help.json")))
    var json = false

    @Option(name: .long, help: ArgumentHelp(t("help.info.list"), valueName: "level"))
    var list: TerritoryLevel?

    @OptionGroup var selection: SelectionOption

    @OptionGroup var language: LanguageOption

    func run() throws {
        let location = try twinArgument.location
        if let list {
            try listUnits(list, location: location)
            return
        }
        let store = try location.open(access: .read, use: .reading)
        let summary = try failing {
            try TwinSummary(store: store, selection: selection.selection, twin: twin)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            Console.print(summary.text())
        }
    }
}

extension Info {
    /// `--list LEVEL`: the twin's (or the selection's) régions, départements, EPCIs or
    /// communes with their codes, names and zone counts: what `--reg`, `--dep`, `--epci`
    /// and `--codes` take.
    func listUnits(_ level: TerritoryLevel, location: TwinLocation) throws {
        let store = try location.open(access: .read, use: .reading)
        let path = location.description
        let units = try failing { try store.levelUnits() }
        var table = try failing { try store.zoneTable(attributeIDs: []) }
        if let chosen = selection.selection {
            table = table.subset(try chosen.resolve(in: table, units: units, path: path, twin: twin).indices)
        }
        let codes = table.codes(of: level)
        if level != .commune && !codes.contains(where: { !$0.isEmpty }) {
            throw CommandFailure(message: t("cli.select.no_levels." + level.rawValue, ["path": Sanitize.text(path)]))
        }
        var zones: [String: Int] = [:]
        for code in codes where !code.isEmpty { zones[code, default: 0] += 1 }
        let items = TerritorySelection.candidates(level, table: table, units: units)
        struct Item: Encodable { let code: String, name: String, zones: Int }
        let listed = items.map { Item(code: $0.code, name: $0.name, zones: zones[$0.code] ?? 0) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.print(String(decoding: try encoder.encode(listed), as: UTF8.self))
            return
        }
        var rows = [[t("info.list.code"), t("info.list.name"), t("info.list.zones")]]
        for item in listed {
            rows.append([Sanitize.text(item.code), Sanitize.text(item.name), t.number(Double(item.zones), decimals: 0)])
        }
        Console.print(TextTable.render(rows, leftAligned: 2))
    }
}

extension TerritoryLevel: ExpressibleByArgument {}

/// What `jumeau info` reports; its JSON encoding is the documented stable form.
struct TwinSummary: Encodable {
    struct Extent: Encodable {
        @JSONNumber var minX: Double
        @JSONNumber var minY: Double
        @JSONNumber var maxX: Double
        @JSONNumber var maxY: Double
        enum CodingKeys: String, CodingKey {
            case minX = "min_x"
            case minY = "min_y"
            case maxX = "max_x"
            case maxY = "max_y"
        }
    }
    struct Attribute: Encodable {
        var id: String, labelFR: String, labelEN: String, unit: String
        var count: Int
        @OptionalJSONNumber var min: Double?
        @OptionalJSONNumber var max: Double?
        /// The zones' total: null for an attribute whose values do not add up (`aggregation`).
        @OptionalJSONNumber var sum: Double?
        /// The mean over the zones that have a value, for every attribute.
        @OptionalJSONNumber var mean: Double?
        /// "sum" or "mean": which of the two is the territory's figure.
        var aggregation: String
        var source: String, licence: String, year: Int?, status: String, method: String
        enum CodingKeys: String, CodingKey {
            case id
            case labelFR = "label_fr"
            case labelEN = "label_en"
            case unit, count, min, max, sum, mean, aggregation
            case source, licence, year, status, method
        }
    }

    /// What info counts of the levels (a twin that records them).
    struct Levels: Encodable {
        var regions: Int, departments: Int, epcis: Int
        /// Zones imported without a value the simulation needs (left out of it).
        var noDataZones: Int
        enum CodingKeys: String, CodingKey {
            case regions, departments, epcis
            case noDataZones = "no_data_zones"
        }
    }

    var name: String
    var path: String
    /// The zones described, when not the whole twin.
    @JSONNullable var selection: ResolvedSelection.JSON?
    /// How the text names the selection (in the command line's language).
    var selectionTitle: String?
    var referenceYear: Int
    var zones: Int
    @JSONNumber var areaHa: Double
    /// The plane of `extent`: Lambert-93, or the overseas projection every zone is in.
    var crs: String
    /// How many zones are stored (and measured) in each plane.
    var zonesByCRS: [String: Int]
    @JSONNullable var levels: Levels?
    var extent: Extent
    var extentLonLat: Extent
    var attributes: [Attribute]
    var scenarios: Int
    var schemaVersion: String
    /// "1.3" for a file; none for a server twin.
    var geopackageVersion: String?
    /// "GeoPackage 1.3", "PostgreSQL 15.8 / PostGIS 3.3.2".
    var storage: String
    var attribution: String
    var writerVersion: String

    enum CodingKeys: String, CodingKey {
        case name, path, selection
        case referenceYear = "reference_year"
        case zones
        case areaHa = "area_ha"
        case crs
        case zonesByCRS = "zones_by_crs"
        case levels, extent
        case extentLonLat = "extent_lonlat"
        case attributes, scenarios
        case schemaVersion = "schema_version"
        case geopackageVersion = "geopackage_version"
        case storage
        case attribution
        case writerVersion = "writer_version"
    }

    /// - Parameters:
    ///   - selection: the zones to describe (all of them when nil): count, area, extent and
    ///     attribute statistics are those of the selection.
    ///   - twin: the TWIN argument as typed, for the command a message suggests.
    init(store: any TwinStorage, selection: TerritorySelection? = nil, twin: String? = nil) throws {
        let path = store.location
        let metadata = try store.metadata()
        let units = try store.levelUnits()
        // The whole twin's statistics come from SQL; a selection's from its zones' values.
        var table = try store.zoneTable(attributeIDs: selection == nil ? [] : nil, geometry: .wkb)
        var resolved: ResolvedSelection?
        if let selection {
            let found = try selection.resolve(in: table, units: units, path: path, twin: twin)
            table = table.subset(found.indices)
            resolved = found
        }
        let context = GeometryContext()
        var area = 0.0
        // Each zone is measured in the plane it is stored in: Lambert-93, or its overseas
        // département's own projection (the area a zone has on the ground, either way).
        var envelopes: [Int: Envelope] = [:]
        var zonesByCRS: [Int: Int] = [:]
        for zone in 0..<table.count {
            let epsg = table.srsIDs.indices.contains(zone) ? table.srsIDs[zone] : CRS.lambert93
            zonesByCRS[epsg, default: 0] += 1
            let geometry = table.geometries[zone]
            guard !geometry.wkb.isEmpty else { continue }
            do {
                area += try context.readWKB(geometry.wkb).area()
            } catch {
                // The blob's header was read; GEOS refuses what follows it.
                throw CommandFailure(
                    message: t(
                        "store.damaged_geometry",
                        ["path": path, "zone": table.codes[zone], "cause": describe(error)]))
            }
            envelopes[epsg, default: .empty].include(geometry.envelope)
        }
        // The extent in one plane: Lambert-93, or the overseas projection every zone is in.
        let plane = zonesByCRS.count == 1 ? zonesByCRS.keys.first ?? CRS.lambert93 : CRS.lambert93
        let envelope = envelopes[plane] ?? .empty
        var lonLat = Envelope.empty
        for (epsg, box) in envelopes.sorted(by: { $0.key < $1.key }) where !box.isEmpty {
            let projector = try Projector(from: CRS.wgs84, to: epsg)
            // The box's edges, densified: a projected box is not a box in lon/lat.
            for k in 0...16 {
                let t = Double(k) / 16
                for p in [
                    Point2(x: box.minX + t * box.width, y: box.minY),
                    Point2(x: box.minX + t * box.width, y: box.maxY),
                    Point2(x: box.minX, y: box.minY + t * box.height),
                    Point2(x: box.maxX, y: box.minY + t * box.height),
                ] {
                    lonLat.include(try projector.transform(p, inverse: true))
                }
            }
        }
        let statistics = selection == nil ? try store.attributeStatistics() : Self.statistics(of: table)
        name = metadata.name
        self.path = path
        self.selection = resolved?.json
        selectionTitle = resolved?.title
        referenceYear = metadata.referenceYear
        zones = table.count
        areaHa = area / 10_000
        crs = "EPSG:\(plane)"
        self.zonesByCRS = Dictionary(uniqueKeysWithValues: zonesByCRS.map { ("EPSG:\($0.key)", $0.value) })
        extent = Extent(minX: envelope.minX, minY: envelope.minY, maxX: envelope.maxX, maxY: envelope.maxY)
        extentLonLat = Extent(minX: lonLat.minX, minY: lonLat.minY, maxX: lonLat.maxX, maxY: lonLat.maxY)
        // A twin written before levels (or upgraded since) names none: no levels to count.
        if units.isEmpty {
            levels = nil
        } else {
            func count(_ level: TerritoryLevel) -> Int { Set(table.codes(of: level)).subtracting([""]).count }
            levels = Levels(
                regions: count(.region), departments: count(.department), epcis: count(.epci),
                noDataZones: table.noData.filter { $0 }.count)
        }
        attributes = try store.attributes().map { a in
            let s = statistics[a.id] ?? AttributeStatistics(count: 0, min: nil, max: nil, sum: 0)
            let aggregation = AttributeAggregation.of(id: a.id, unit: a.unit)
            return Attribute(
                id: a.id, labelFR: a.labelFR, labelEN: a.labelEN, unit: a.unit, count: s.count,
                min: s.min, max: s.max, sum: aggregation == .sum ? s.sum : nil,
                mean: s.count > 0 ? s.sum / Double(s.count) : nil, aggregation: aggregation.rawValue,
                source: a.source, licence: a.licence, year: a.year, status: a.status.rawValue,
                method: a.method)
        }
        scenarios = try store.scenarioCount()
        schemaVersion = try store.schemaVersion()
        storage = try store.storageFormat()
        geopackageVersion = storage.hasPrefix("GeoPackage ") ? String(storage.dropFirst(11)) : nil
        attribution = metadata.attribution
        writerVersion = metadata.writerVersion
    }

    /// Count, min, max and sum of every attribute over a table's zones, as the twin's
    /// SQL gives them for all of its zones (values absent are NaN in the table: skipped).
    static func statistics(of table: ZoneTable) -> [String: AttributeStatistics] {
        table.columns.mapValues { column in
            var statistics = AttributeStatistics(count: 0, min: nil, max: nil, sum: 0)
            for value in column where !value.isNaN {
                statistics.count += 1
                statistics.min = Swift.min(statistics.min ?? value, value)
                statistics.max = Swift.max(statistics.max ?? value, value)
                statistics.sum += value
            }
            return statistics
        }
    }

    func text() -> String {
        var lines: [String] = []
        func row(_ label: String, _ value: String) {
            lines.append(label.padding(toLength: 16, withPad: " ", startingAt: 0) + value)
        }
        row(t("info.territory"), Sanitize.text(name))
        if let selectionTitle { row(t("info.selection"), selectionTitle) }
        row(
            t("info.twin"),
            t("info.twin_value", ["path": Sanitize.text(path), "storage": storage, "schema": schemaVersion]))
        row(t("info.reference_year"), String(referenceYear))
        row(t("info.zones"), t.number(Double(zones), decimals: 0))
        if let levels {
            row(
                t("info.levels"),
                t(
                    "info.levels_value",
                    [
                        "regions": t.number(Double(levels.regions), decimals: 0),
                        "departments": t.number(Double(levels.departments), decimals: 0),
                        "epcis": t.number(Double(levels.epcis), decimals: 0),
                        "nodata": t.number(Double(levels.noDataZones), decimals: 0),
                    ]))
        }
        let areaText = t.number(areaHa, decimals: 1)
        let lambert = "EPSG:\(CRS.lambert93)"
        let otherPlanes = zonesByCRS.filter { $0.key != lambert }.sorted { $0.key < $1.key }
        if otherPlanes.isEmpty {
            row(t("info.area"), t("info.area_value", ["area": areaText]))
        } else if zonesByCRS[lambert] == nil {
            row(t("info.area"), t("info.area_value_in", ["area": areaText, "crs": crs]))
        } else {
            let count = otherPlanes.reduce(0) { $0 + $1.value }
            row(
                t("info.area"),
                t(
                    "info.area_value_overseas",
                    [
                        "area": areaText, "count": t.number(Double(count), decimals: 0),
                        "systems": otherPlanes.map(\.key).joined(separator: ", "),
                    ]))
        }
        // With zones in several planes the box is the Lambert-93 zones' (the mainland's);
        // the longitudes and latitudes cover every zone.
        let plane = otherPlanes.isEmpty || zonesByCRS[lambert] == nil ? crs : t("info.extent_mainland", ["crs": crs])
        let x = "x \(t.number(extent.minX, decimals: 0)) – \(t.number(extent.maxX, decimals: 0))"
        let y = "y \(t.number(extent.minY, decimals: 0)) – \(t.number(extent.maxY, decimals: 0))"
        row(t("info.extent"), "\(plane): \(x), \(y)")
        let lon = "lon \(t.number(extentLonLat.minX, decimals: 4)) – \(t.number(extentLonLat.maxX, decimals: 4))"
        let lat = "lat \(t.number(extentLonLat.minY, decimals: 4)) – \(t.number(extentLonLat.maxY, decimals: 4))"
        row("", "\(lon), \(lat)")
        row(t("info.scenarios"), String(scenarios))
        // Jumeau's own provenance texts in the reader's language; the data's as written
        // (the JSON keeps both as stored).
        row(t("info.attribution"), Sanitize.text(StandardProvenance.localizedAttribution(attribution, t)))
        lines.append("")
        // The sum only where the values add up; the mean for every attribute (the figure of
        // a share or a yield, the mean per zone of a count).
        let header = ["attribute", "unit", "min", "max", "mean", "sum", "status", "source"].map { t("info." + $0) }
        var table = [header]
        func number(_ value: Double?) -> String { value.map { t.number($0) } ?? "–" }
        for a in attributes {
            let source = StandardProvenance.localized(source: a.source, licence: a.licence, method: a.method, t).source
            table.append([
                a.id, Sanitize.text(t.unit(a.unit)), number(a.min), number(a.max), number(a.mean),
                number(a.sum), t("status." + a.status), Sanitize.text(source),
            ])
        }
        lines.append(TextTable.render(table, isLeftAligned: { !(2...5).contains($0) }))
        return lines.joined(separator: "\n")
    }
}
