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

    @Argument(help: ArgumentHelp(t("help.twin")))
    var twin: String?

    @Flag(help: ArgumentHelp(t("help.json")))
    var json = false

    @OptionGroup var language: LanguageOption

    func run() throws {
        let path = try TwinLocation.resolve(twin)
        let summary = try failing { try TwinSummary(path: path) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            Console.print(summary.text())
        }
    }
}

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

    var name: String
    var path: String
    var referenceYear: Int
    var zones: Int
    @JSONNumber var areaHa: Double
    var crs: String
    var extent: Extent
    var extentLonLat: Extent
    var attributes: [Attribute]
    var scenarios: Int
    var schemaVersion: String
    var geopackageVersion: String
    var attribution: String
    var writerVersion: String

    enum CodingKeys: String, CodingKey {
        case name, path
        case referenceYear = "reference_year"
        case zones
        case areaHa = "area_ha"
        case crs, extent
        case extentLonLat = "extent_lonlat"
        case attributes, scenarios
        case schemaVersion = "schema_version"
        case geopackageVersion = "geopackage_version"
        case attribution
        case writerVersion = "writer_version"
    }

    init(path: String) throws {
        let store = try TwinStore.open(at: path, access: .read, use: .reading)
        let metadata = try store.metadata()
        let records = try store.zones(attributeIDs: [])
        let context = GeometryContext()
        var area = 0.0
        var envelope = Envelope.empty
        for record in records where !record.geometry.wkb.isEmpty {
            do {
                area += try context.readWKB(record.geometry.wkb).area()
            } catch {
                // The blob's header was read; GEOS refuses what follows it.
                throw CommandFailure(
                    message: t("store.damaged_geometry", ["path": path, "zone": record.code, "cause": describe(error)]))
            }
            envelope.include(record.geometry.envelope)
        }
        let projector = try Projector(from: CRS.wgs84, to: CRS.lambert93)
        var lonLat = Envelope.empty
        if !envelope.isEmpty {
            // The box's edges, densified: a projected box is not a box in lon/lat.
            for k in 0...16 {
                let t = Double(k) / 16
                for p in [
                    Point2(x: envelope.minX + t * envelope.width, y: envelope.minY),
                    Point2(x: envelope.minX + t * envelope.width, y: envelope.maxY),
                    Point2(x: envelope.minX, y: envelope.minY + t * envelope.height),
                    Point2(x: envelope.maxX, y: envelope.minY + t * envelope.height),
                ] {
                    lonLat.include(try projector.transform(p, inverse: true))
                }
            }
        }
        let statistics = try store.attributeStatistics()
        name = metadata.name
        self.path = path
        referenceYear = metadata.referenceYear
        zones = records.count
        areaHa = area / 10_000
        crs = "EPSG:\(CRS.lambert93)"
        extent = Extent(minX: envelope.minX, minY: envelope.minY, maxX: envelope.maxX, maxY: envelope.maxY)
        extentLonLat = Extent(minX: lonLat.minX, minY: lonLat.minY, maxX: lonLat.maxX, maxY: lonLat.maxY)
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
        schemaVersion = try store.schemaMigrations().last ?? "none"
        geopackageVersion = "1.3"
        attribution = metadata.attribution
        writerVersion = metadata.writerVersion
    }

    func text() -> String {
        var lines: [String] = []
        func row(_ label: String, _ value: String) {
            lines.append(label.padding(toLength: 16, withPad: " ", startingAt: 0) + value)
        }
        row(t("info.territory"), Sanitize.text(name))
        row(
            t("info.twin"),
            t("info.twin_value", ["path": Sanitize.text(path), "version": geopackageVersion, "schema": schemaVersion]))
        row(t("info.reference_year"), String(referenceYear))
        row(t("info.zones"), t.number(Double(zones), decimals: 0))
        row(t("info.area"), t("info.area_value", ["area": t.number(areaHa, decimals: 1)]))
        row(
            t("info.extent"),
            "\(crs): x \(t.number(extent.minX, decimals: 0)) – \(t.number(extent.maxX, decimals: 0)), y \(t.number(extent.minY, decimals: 0)) – \(t.number(extent.maxY, decimals: 0))"
        )
        row(
            "",
            "lon \(t.number(extentLonLat.minX, decimals: 4)) – \(t.number(extentLonLat.maxX, decimals: 4)), lat \(t.number(extentLonLat.minY, decimals: 4)) – \(t.number(extentLonLat.maxY, decimals: 4))"
        )
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
