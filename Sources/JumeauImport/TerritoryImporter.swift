import Foundation
import JumeauGeometry
import JumeauModel
import JumeauStore

/// A file to import, already in memory or mapped (the samples are embedded in the binary).
public struct ImportSource {
    public var name: String
    public var bytes: Data
    /// True when `bytes` is a read-only mapping of the file: pages already parsed can
    /// then be given back to the system, keeping a national import's memory low.
    let isFileMapping: Bool

    public init(name: String, bytes: Data) {
        self.name = name
        self.bytes = bytes
        self.isFileMapping = false
    }

    private init(name: String, mapping: Data) {
        self.name = name
        self.bytes = mapping
        self.isFileMapping = true
    }

    /// Maps a file on disk, with a one-line error when it cannot be read.
    public static func file(_ path: String) throws -> ImportSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImportError("import.no_file", ["path": path])
        }
        guard !isDirectory.boolValue else { throw ImportError("import.directory", ["path": path]) }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ImportError("import.cannot_read", ["path": path, "cause": String(cString: strerror(errno))])
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ImportError("import.cannot_read", ["path": path, "cause": String(cString: strerror(errno))])
        }
        let size = Int(status.st_size)
        guard size > 0 else { return ImportSource(name: path, bytes: Data()) }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            // Not mappable (a pipe, say): read it.
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ImportError("import.cannot_read", ["path": path, "cause": String(cString: strerror(errno))])
            }
            return ImportSource(name: path, bytes: data)
        }
        return ImportSource(
            name: path,
            mapping: Data(
                bytesNoCopy: address, count: size,
                deallocator: .custom { pointer, count in
                    munmap(pointer, count)
                }))
    }

    /// Drops the resident pages of the mapping before `offset` (they are re-read from
    /// the file if ever touched again).
    func release(_ raw: UnsafeRawBufferPointer, before offset: Int) {
        guard isFileMapping, let base = raw.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let length = (offset / page) * page
        if length > 0 { madvise(UnsafeMutableRawPointer(mutating: base), length, MADV_DONTNEED) }
    }
}

/// An attributes CSV joined on the zone code.
public struct AttributeTableSource {
    public var source: ImportSource
    /// Column holding the zone code.
    public var key: String
    /// Columns to import, each optionally renamed ("PMUN" → "population"); nil = every numeric column.
    public var columns: [(column: String, attribute: String)]?
    /// Skip rows whose code matches no zone (a national file joined to one territory)
    /// instead of failing; the count is reported.
    public var skipUnmatchedRows: Bool
    public init(
        source: ImportSource, key: String, columns: [(column: String, attribute: String)]? = nil,
        skipUnmatchedRows: Bool = false
    ) {
        self.source = source
        self.key = key
        self.columns = columns
        self.skipUnmatchedRows = skipUnmatchedRows
    }
}

/// Provenance given for an imported column or property (a `--provenance` JSON file).
public struct ColumnProvenance: Codable, Sendable {
    public var labelFR: String?
    public var labelEN: String?
    public var unit: String?
    public var source: String
    public var licence: String
    public var year: Int?
    public var status: ValueStatus
    public var method: String?

    enum CodingKeys: String, CodingKey {
        case labelFR = "label_fr"
        case labelEN = "label_en"
        case unit, source, licence, year, status, method
    }

    public init(
        labelFR: String? = nil, labelEN: String? = nil, unit: String? = nil, source: String,
        licence: String, year: Int?, status: ValueStatus, method: String? = nil
    ) {
        self.labelFR = labelFR
        self.labelEN = labelEN
        self.unit = unit
        self.source = source
        self.licence = licence
        self.year = year
        self.status = status
        self.method = method
    }
}

public struct ImportOptions {
    public var sources: [ImportSource]
    public var destination: String
    public var codeField: String?
    public var nameField: String?
    public var attributeTables: [AttributeTableSource] = []
    public var territoryName: String?
    public var referenceYear = 2024
    public var attribution: String?
    /// Provenance by attribute id; columns without an entry are "imported from FILE".
    public var provenance: [String: ColumnProvenance] = [:]
    /// Brings older boundaries to today's communes: parts of a merged commune are
    /// united, renamed communes take their current code and name.
    public var codeChanges: CodeChanges?
    /// Tables naming régions, départements and EPCIs (`--levels`); France's départements and
    /// régions are always known.
    public var levelTables: [ImportSource] = []
    public var force = false

    public init(sources: [ImportSource], destination: String) {
        self.sources = sources
        self.destination = destination
    }
}

public struct ImportError: MessageError {
    public var message: Message
    public init(_ key: String, _ arguments: [String: any MessageArgument] = [:]) { message = Message(key, arguments) }
    public init(_ message: Message) { self.message = message }
}

/// What an import did, for the command's summary.
public struct ImportReport {
    public var zoneCount = 0
    public var areaHa = 0.0
    /// Zones whose geometry was invalid and repaired: code and GEOS's reason.
    public var repaired: [(code: String, reason: String)] = []
    public var attributes: [AttributeDefinition] = []
    public var warnings: [Message] = []
    /// Communes merged since the boundaries' date: current code and the former codes united.
    public var merged: [(code: String, from: [String])] = []
    /// Scratch files of killed imports into the same destination, removed.
    public var removedScratchFiles: [String] = []
    /// Zones imported without a value the simulation needs, by code (left out of totals).
    public var noDataCodes: [String] = []
    /// Zones measured in an overseas projection, by EPSG code.
    public var overseasZones: [Int: Int] = [:]
    /// Named régions, départements and EPCIs the zones belong to.
    public var levelCounts: [TerritoryLevel: Int] = [:]
}

public enum ImportPhase: String {
    case reading = "reading"
    case joining = "joining"
    case writing = "writing"
}

/// GeoJSON (+ CSV) → a complete twin, written to a temporary file and moved into
/// place only once complete: an existing twin is never left half-written.
public final class TerritoryImporter {
    public let options: ImportOptions
    /// Called with the phase, work done and total work (bytes or zones).
    public var progress: ((ImportPhase, Int, Int) -> Void)?

    static let codeCandidates = ["code", "insee", "code_insee", "insee_com", "codgeo", "com", "id"]
    static let nameCandidates = ["nom", "name", "nom_com", "libelle", "libgeo", "commune"]

    /// Attributes a twin can hold: SQLite's limit of 2,000 columns, with room to spare.
    static let maximumAttributes = 1_900

    /// The lon/lat boxes a zone must lie in (set by `run`).
    private var franceAreas: [Envelope] = []
    /// Names and memberships of levels (set by `run`).
    private var levels = LevelTables()
    /// Provenance of the attributes read from recognised official files (`PublishedFile`).
    private var recognisedProvenance: [String: ColumnProvenance] = [:]
    /// Vintages of legal populations joined (`population_<year>` attributes).
    private var populationVintages: Set<Int> = []
    /// The population's provenance from the latest vintage joined.
    private var latestPopulationProvenance: ColumnProvenance?
    /// Warnings of the joins, added to the report after them.
    private var joinWarnings: [Message] = []
    /// Projections to the overseas territories' own systems, made when first needed.
    private var overseasProjectors: [Int: (Projector, SpatialReferenceSystem)] = [:]

    private func overseasProjection(_ epsg: Int) throws -> (Projector, SpatialReferenceSystem) {
        if let known = overseasProjectors[epsg] { return known }
        let made = (try Projector(from: CRS.wgs84, to: epsg), try CRSCatalog.spatialReferenceSystem(epsg: epsg))
        overseasProjectors[epsg] = made
        return made
    }

    public init(options: ImportOptions) { self.options = options }

    /// A part of a commune merged since the boundaries' date, kept until all parts are read.
    private struct HeldPart {
        var code: String
        var name: String
        var values: [(String, Double)]
        var geometry: Geometry
        var local: LocalShape?
        var levels: ZoneLevels
        var origin: PendingZone.Origin
    }

    /// An overseas zone's geometry in its territory's projection.
    struct LocalShape {
        var geometry: Geometry
        var epsg: Int
    }

    /// A zone's département, région and EPCI codes, as the file gives them.
    struct ZoneLevels {
        var department: String?
        var region: String?
        var epci: String?
    }

    /// The properties that name a zone's levels rather than hold a number.
    static let levelProperties: [String: TerritoryLevel] = [
        "dep": .department, "insee_dep": .department, "code_dep": .department,
        "reg": .region, "insee_reg": .region, "code_reg": .region,
        "epci": .epci, "siren_epci": .epci, "code_epci": .epci,
    ]

    /// What the importer keeps of a zone once its geometry is in the twin.
    private struct PendingZone {
        struct Origin {
            var source: Int
            var feature: Int
        }
        var fid: Int64
        var code: String
        var areaHa: Double
        var latitude: Double
        var origin: Origin
        /// The zone's département and EPCI ("" when unknown): the trends of small communes lean on them.
        var department = ""
        var epci = ""
    }

    public func run() throws -> ImportReport {
        let destination = options.destination
        if FileManager.default.fileExists(atPath: destination) && !options.force {
            throw ImportError("import.exists", ["path": destination])
        }
        guard !options.sources.isEmpty else { throw ImportError("import.no_source") }
        let directory = (destination as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.isEmpty ? "." : directory, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw ImportError("import.no_directory", ["path": destination, "directory": directory])
        }

        // Fail before the work, not after it, when the twin to replace is in use.
        if FileManager.default.fileExists(atPath: destination) { try TwinStore.refuseIfHeld(destination) }

        var report = ImportReport()
        report.removedScratchFiles = TwinStore.removeStaleScratchFiles(for: destination)
        let context = GeometryContext()
        let toLambert = try Projector(from: CRS.wgs84, to: CRS.lambert93)
        // Where France's communes can lie: the areas of use of its territories' geodetic systems, a little widened.
        franceAreas = try CRSCatalog.areasOfUse(epsg: CRS.franceTerritories).map { area in
            Envelope(minX: area.minX - 0.5, minY: area.minY - 0.5, maxX: area.maxX + 0.5, maxY: area.maxY + 0.5)
        }
        let srs = try [
            CRSCatalog.spatialReferenceSystem(epsg: CRS.wgs84), CRSCatalog.spatialReferenceSystem(epsg: CRS.lambert93),
        ]
        var levelTables = LevelTables()
        for table in options.levelTables { try levelTables.read(table) }
        self.levels = levelTables.merged(with: .france)
        let name = options.territoryName ?? Self.defaultTerritoryName(options.sources[0].name)
        let files = options.sources.map { ($0.name as NSString).lastPathComponent }.joined(separator: ", ")
        let attribution = options.attribution ?? StandardProvenance.containsData.text(["files": files])
        let metadata = TerritoryMetadata(name: name, referenceYear: options.referenceYear, attribution: attribution)

        // Everything is written to a temporary file beside the destination, moved into
        // place only once complete.
        let temporary = TwinStore.scratchPath(for: destination)
        try? FileManager.default.removeItem(atPath: temporary)
        var mark: Int32?
        // Released once no connection has the file open: closing a descriptor drops the process's locks on it.
        defer { TwinLocks.releaseScratch(mark) }
        do {
            let store = try TwinStore.create(
                at: temporary, metadata: metadata, referenceSystems: srs, attributes: [], scratch: true)
            mark = TwinLocks.holdScratch(temporary)
            try build(into: store, report: &report, context: context, projector: toLambert)
            try store.close()
            // Readers see the old twin or the new one, never half of one (TwinStore.install).
            try TwinStore.install(scratch: temporary, at: destination, replacing: options.force)
        } catch let error as ImportError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch let error as GeoJSONError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw ImportError(error.message)
        } catch let error as StoreError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw ImportError("import.in_file", ["file": destination, "cause": Message.of(error)])
        }
        return report
    }

    /// Whether the import holds the whole country, so that its outline is coast or land
    /// border: every mainland département, or overseas départements alone (islands, Guyane).
    /// Overseas départements alone must each be whole: their communes in COG 2025.
    private func holdsWholeCountry(_ departments: Set<String>, zones: [PendingZone]) -> Bool {
        let mainland = Set(levels.regionOfDepartment.keys.filter { !$0.hasPrefix("97") })
        let held = departments.filter { !$0.hasPrefix("97") }
        if mainland.isSubset(of: held) { return true }
        guard held.isEmpty, !departments.isEmpty else { return false }
        var counts: [String: Int] = [:]
        for zone in zones { if let dep = CommuneCode.department(of: zone.code) { counts[dep, default: 0] += 1 } }
        return departments.allSatisfy { counts[$0, default: 0] >= Self.overseasCommunes[$0, default: .max] }
    }

    /// Communes of each overseas département (COG 2025).
    static let overseasCommunes = ["971": 32, "972": 34, "973": 22, "974": 24, "976": 17]

    /// The coastline: each feature's edges as it is read, then the coast computed on a queue
    /// of its own beside the attribute join.
    final class CoastlineRun: @unchecked Sendable {
        private var finder = CoastlineFinder()
        private var result: [Double] = []
        private let queue = DispatchQueue(label: "jumeau.import.coastline", qos: .userInitiated)

        /// On the reading thread: a queue of its own lost more to 35,000 hand-overs and to the
        /// zone writer's core than it gained (measured).
        func add(zone: Int, polygons: [[[Double]]]) { finder.add(zone: zone, polygons: polygons) }

        /// Computes the coast of the edges added (by feature).
        func start(zoneCount: Int) {
            queue.async {
                self.result = self.finder.coastlineKm(zoneCount: zoneCount)
                self.finder = CoastlineFinder()
            }
        }

        /// Not the whole country: the edges are dropped.
        func discard() { queue.async { self.finder = CoastlineFinder() } }

        /// Kilometres of coast by feature, once computed.
        func wait() -> [Double] { queue.sync { result } }
    }

    /// Départements with a sea coast (estuaries included): their communes need a coastline
    /// that an import of part of them cannot give. Checked against the national file's own
    /// boundaries by the tests.
    static let coastalDepartments: Set<String> = [
        "06", "11", "13", "14", "17", "22", "27", "29", "30", "33", "34", "35", "40", "44", "50", "56", "59", "62",
        "64", "66", "76", "80", "83", "85", "2A", "2B", "971", "972", "973", "974", "976",
    ]

    private func build(
        into store: TwinStore, report: inout ImportReport, context: GeometryContext,
        projector toLambert: Projector
    ) throws {
        // 1. Stream every feature into the twin: reproject, validate, repair.
        var zones: [PendingZone] = []
        var table = ValueTable()
        var indexByCode: [String: Int] = [:]
        // Every feature's boundary edges, for the coastline of a whole country (Coastline.swift).
        let coast = CoastlineRun()
        var coastCodes: [String] = []
        var importedIDs: [String: String] = [:]  // attribute id → property name
        var idByProperty: [String: String] = [:]  // property name → attribute id (cache)
        var attributeOrigin: [String: String] = [:]  // attribute id → file
        var columnLabels: [String: String] = [:]  // attribute id → CSV column
        let totalBytes = options.sources.reduce(0) { $0 + $1.bytes.count }
        var bytesBefore = 0
        var repaired: [(code: String, reason: String)] = []
        var held: [String: [HeldPart]] = [:]  // current code → parts waiting
        var heldCodes: [String: PendingZone.Origin] = [:]  // original codes already held
        /// Inserts one zone and starts its row of values.
        var unitCodes: [TerritoryLevel: Set<String>] = [:]
        func commit(
            code: String, name: String, values: [(String, Double)], geometry: Geometry, local: LocalShape?,
            levels given: ZoneLevels, origin: PendingZone.Origin, inserter: BackgroundZoneWriter
        ) throws {
            if let previous = indexByCode[code] {
                throw ImportError(
                    "import.duplicate_code",
                    ["origin": describe(origin), "code": code, "previous": describe(zones[previous].origin)])
            }
            let row = zones.count
            table.appendRow()
            for (id, value) in values { table.set(id, row: row, value) }
            // Measured in the official projection of the zone's territory.
            let areaHa = try (local?.geometry ?? geometry).area() / 10_000
            // The envelope's centre is close enough for a latitude-driven PV yield.
            let centre = try toLambert.transform(geometry.envelope.center, inverse: true)
            let department = given.department ?? CommuneCode.department(of: code)
            let region = given.region ?? department.flatMap { levels.regionOfDepartment[$0] }
            let epci = given.epci ?? levels.epciOfCommune[code]
            for (level, unit) in [(TerritoryLevel.department, department), (.region, region), (.epci, epci)] {
                if let unit, !unit.isEmpty { unitCodes[level, default: []].insert(unit) }
            }
            var localShape: (WKBGeometry, SpatialReferenceSystem)?
            if let local {
                localShape = (try local.geometry.wkbGeometry(), try overseasProjection(local.epsg).1)
                report.overseasZones[local.epsg, default: 0] += 1
            }
            // Written on the writer's thread; its feature id is known once all are written.
            try inserter.insert(
                code: code, name: name, geometry: try geometry.wkbGeometry(),
                department: department, region: region, epci: epci, local: localShape)
            indexByCode[code] = row
            zones.append(
                PendingZone(
                    fid: -1, code: code, areaHa: areaHa, latitude: centre.y, origin: origin,
                    department: department ?? "", epci: epci ?? ""))
        }
        // The zones go to SQLite on a thread of its own while this one parses and builds the
        // next: a national import keeps both cores busy.
        let inserter = store.backgroundZoneWriter()
        defer { inserter.cancel() }
        do {
            for (sourceIndex, source) in options.sources.enumerated() {
                try source.bytes.withUnsafeBytes { raw in
                    var reader = GeoJSONReader(bytes: raw, fileName: source.name)
                    var codeField = options.codeField
                    var nameField = options.nameField
                    var lastReported = 0
                    try reader.readFeatures { feature in
                        if codeField == nil { codeField = Self.pick(Self.codeCandidates, in: feature.properties) }
                        if nameField == nil { nameField = Self.pick(Self.nameCandidates, in: feature.properties) }
                        guard let codeField else {
                            throw ImportError(
                                "import.no_code_property",
                                [
                                    "origin": describe(.init(source: sourceIndex, feature: feature.index)),
                                    "tried": Self.codeCandidates.joined(separator: ", "),
                                ])
                        }
                        guard let code = feature.properties[codeField]?.text?.trimmedSpaces,
                            !code.isEmpty
                        else {
                            throw ImportError(
                                "import.missing_code",
                                [
                                    "origin": describe(.init(source: sourceIndex, feature: feature.index)),
                                    "property": codeField,
                                ])
                        }
                        // A code is matched byte for byte (CSV rows, scenarios, exports): it must be
                        // exactly what was written.
                        func here() -> Message { describe(.init(source: sourceIndex, feature: feature.index)) }
                        guard !feature.repairedProperties.contains(codeField),
                            !code.unicodeScalars.contains(where: Self.isControl)
                        else {
                            throw ImportError(
                                "import.bad_code",
                                [
                                    "origin": here(), "property": codeField,
                                    "code": Self.visible(code),
                                ])
                        }
                        if let previous = indexByCode[code] {
                            throw ImportError(
                                "import.duplicate_code",
                                [
                                    "origin": describe(.init(source: sourceIndex, feature: feature.index)),
                                    "code": code, "previous": describe(zones[previous].origin),
                                ])
                        }
                        if let previous = heldCodes[code] {
                            throw ImportError(
                                "import.duplicate_code",
                                [
                                    "origin": describe(.init(source: sourceIndex, feature: feature.index)),
                                    "code": code, "previous": describe(previous),
                                ])
                        }
                        var name = nameField.flatMap { feature.properties[$0]?.text } ?? ""
                        name = name.trimmedWhitespace
                        if name.isEmpty { name = code }
                        if let nameField, feature.repairedProperties.contains(nameField) {
                            report.warnings.append(
                                Message(
                                    "import.name_repaired",
                                    ["origin": here(), "property": nameField, "name": name]))
                        }

                        var values: [(String, Double)] = []
                        var zoneLevels = ZoneLevels()
                        for (key, value) in feature.properties where key != codeField && key != nameField {
                            if let level = Self.levelProperties[key.lowercased()] {
                                let text = Self.levelCode(value, level: level)
                                switch level {
                                case .department: zoneLevels.department = text
                                case .region: zoneLevels.region = text
                                case .epci: zoneLevels.epci = text
                                case .commune: break
                                }
                                continue
                            }
                            guard let number = value.number else {
                                // Text where the simulation needs a number ("5,2"): an error, not an estimate.
                                if case .string(let text) = value,
                                    StandardAttribute(rawValue: AttributeDefinition.sanitizedID(key)) != nil
                                {
                                    throw ImportError(
                                        "import.property_not_a_number",
                                        ["origin": here(), "property": key, "value": Self.visible(text)])
                                }
                                continue
                            }
                            let id: String
                            if let known = idByProperty[key] {
                                id = known
                            } else {
                                id = Self.attributeID(for: key, taken: &importedIDs)
                                idByProperty[key] = id
                            }
                            if let standard = StandardAttribute(rawValue: id), !standard.accepts(number) {
                                throw ImportError(
                                    "import.property_out_of_range",
                                    [
                                        "origin": here(), "property": key,
                                        "value": String(number),
                                        "range": Self.range(standard),
                                    ])
                            }
                            values.append((id, number))
                            if attributeOrigin[id] == nil { attributeOrigin[id] = source.name }
                        }

                        let origin = PendingZone.Origin(source: sourceIndex, feature: feature.index)
                        let box = try Self.checkPlace(feature, areas: franceAreas, origin: describe(origin))
                        coast.add(zone: coastCodes.count, polygons: feature.polygons)
                        coastCodes.append(options.codeChanges.map { $0.current(code).code } ?? code)
                        let (geometry, repairReason) = try Self.buildGeometry(
                            feature, context: context, projector: toLambert,
                            origin: describe(origin))
                        if let repairReason { repaired.append((code, repairReason)) }
                        // Overseas: measured and drawn in the territory's own projection too.
                        let overseas =
                            zoneLevels.department.flatMap { OverseasTerritory(rawValue: $0) }
                            ?? OverseasTerritory.of(code: code) ?? box.flatMap { OverseasTerritory.of(lonLat: $0) }
                        if let overseas, zoneLevels.department == nil { zoneLevels.department = overseas.rawValue }
                        var local: LocalShape?
                        if let overseas {
                            let projector = try overseasProjection(overseas.epsg).0
                            local = LocalShape(
                                geometry: try Self.buildGeometry(
                                    feature, context: context, projector: projector,
                                    origin: describe(origin)
                                ).0,
                                epsg: overseas.epsg)
                        }
                        if let changes = options.codeChanges, changes.isMerged(code) {
                            let now = changes.current(code)
                            held[now.code, default: []].append(
                                HeldPart(
                                    code: code, name: now.name ?? name, values: values,
                                    geometry: geometry, local: local, levels: zoneLevels,
                                    origin: origin))
                            heldCodes[code] = origin
                            return
                        }
                        let current = options.codeChanges.map { $0.current(code) }
                        try commit(
                            code: current?.code ?? code, name: current?.name ?? name, values: values,
                            geometry: geometry, local: local, levels: zoneLevels, origin: origin, inserter: inserter)
                        if feature.index - lastReported >= 500 {
                            lastReported = feature.index
                            source.release(raw, before: feature.endOffset)
                            progress?(.reading, bytesBefore + feature.endOffset, totalBytes)
                        }
                    }
                }
                bytesBefore += source.bytes.count
                progress?(.reading, bytesBefore, totalBytes)
            }
            // Communes merged since the boundaries' date: one zone each, parts united.
            for (code, parts) in held.sorted(by: { $0.key < $1.key }) {
                var sums: [String: Double] = [:]
                var order: [String] = []
                for part in parts {
                    for (id, value) in part.values {
                        if sums[id] == nil { order.append(id) }
                        sums[id, default: 0] += value
                    }
                }
                func union(_ geometries: [Geometry]) throws -> Geometry {
                    let united = try context.collection(geometries, multiPolygon: false).unaryUnion()
                    guard let geometry = try united.polygonalParts() else {
                        throw ImportError("import.no_union", ["origin": describe(parts[0].origin), "code": code])
                    }
                    return geometry
                }
                let geometry = try union(parts.map(\.geometry))
                let locals = parts.compactMap(\.local)
                let local =
                    locals.count == parts.count && !locals.isEmpty
                    ? LocalShape(geometry: try union(locals.map(\.geometry)), epsg: locals[0].epsg) : nil
                let name = parts.first { $0.code == code }?.name ?? parts[0].name
                let values = order.compactMap { id in sums[id].map { (id, $0) } }
                try commit(
                    code: code, name: name, values: values, geometry: geometry, local: local,
                    levels: parts[0].levels, origin: parts[0].origin, inserter: inserter)
                if parts.count > 1 {
                    report.merged.append((code, parts.map(\.code).sorted()))
                }
            }
        }
        let fids = try inserter.finish()
        guard fids.count == zones.count else { throw ImportError("import.in_file", [
            "file": options.destination, "cause": "\(fids.count) of \(zones.count) zones written"]) }
        for (index, fid) in fids.enumerated() { zones[index].fid = fid }
        let wholeCountry = holdsWholeCountry(unitCodes[.department] ?? [], zones: zones)
        let coastRun = wholeCountry ? coast : nil
        if wholeCountry { coast.start(zoneCount: coastCodes.count) } else { coast.discard() }
        report.repaired = repaired
        guard !zones.isEmpty else { throw ImportError("import.no_features", ["file": options.sources[0].name]) }

        // 2. Join attribute tables on the code.
        for attributeTable in options.attributeTables {
            let skipped = try join(
                attributeTable, into: &table, zones: zones, indexByCode: indexByCode,
                attributeOrigin: &attributeOrigin, labels: &columnLabels)
            if skipped > 0 {
                report.warnings.append(
                    Message("import.skipped_rows", ["file": attributeTable.source.name, "count": skipped]))
            }
        }
        report.warnings += joinWarnings
        // The latest vintage of legal populations is the population, in whatever order the files came.
        if let latest = populationVintages.max() {
            let older = populationVintages.filter { $0 < latest }
            for row in zones.indices {
                guard let value = table["population_\(latest)", row],
                    let current = table[StandardAttribute.population.id, row],
                    older.contains(where: { table["population_\($0)", row] == current })
                else { continue }
                table.set(StandardAttribute.population.id, row: row, value)
            }
            if let provenance = latestPopulationProvenance {
                recognisedProvenance[StandardAttribute.population.id] = provenance
            }
        }
        // A trend the files gave is kept, as any value an earlier source gave.
        let trend = table.contains(PopulationTrend.id) ? nil : PopulationTrend.compute(
            vintages: table.ids.compactMap(PopulationTrend.vintage(of:)).sorted(),
            population: { id, row in table[id, row] },
            departments: zones.map(\.department), epcis: zones.map(\.epci))
        if let trend {
            if trend.capped > 0 {
                report.warnings.append(
                    Message("import.trend_capped", ["count": trend.capped, "limit": PopulationTrend.limit]))
            }
            for (row, value) in trend.values.enumerated() {
                guard let value else { continue }
                table.set(PopulationTrend.id, row: row, value, estimated: trend.estimated[row])
            }
            attributeOrigin[PopulationTrend.id] = "population_\(trend.from), population_\(trend.to)"
            recognisedProvenance[PopulationTrend.id] = trend.provenance
        }
        progress?(.joining, 1, 1)

        // 3. Complete missing standard attributes; the computed area always wins.
        let standardIDs = StandardAttribute.allCases.map(\.id)
        if table.contains(StandardAttribute.areaHa.id) {
            report.warnings.append(Message("import.area_replaced"))
        }
        let standardSlots = StandardAttribute.allCases.map { ($0, table.slot(for: $0.id)) }
        var coastline: [Double]?
        if let coastRun {
            var kilometres = [Double](repeating: 0, count: zones.count)
            for (feature, length) in coastRun.wait().enumerated() {
                if let row = indexByCode[coastCodes[feature]] { kilometres[row] += length }
            }
            coastline = kilometres
        } else if !zones.indices.allSatisfy({ table[StandardAttribute.coastlineKm.id, $0] != nil }) {
            // Part of the country: its boundaries with the rest look like coast.
            let coastal = zones.filter { zone in
                CommuneCode.department(of: zone.code).map(Self.coastalDepartments.contains) ?? false
            }.count
            if coastal > 0 { report.warnings.append(Message("import.coast_unknown", ["count": coastal])) }
        }
        // Without a population nothing can be estimated: such a zone is kept, marked and left
        // out of totals. A twin where no zone has one was imported without its attributes.
        let withoutPopulation = zones.indices.filter { table[StandardAttribute.population.id, $0] == nil }
        if withoutPopulation.count == zones.count, let first = zones.first {
            throw ImportError("import.no_population", ["origin": describe(first.origin), "code": first.code])
        }
        let noData = Set(withoutPopulation)
        report.noDataCodes = withoutPopulation.map { zones[$0].code }
        if !withoutPopulation.isEmpty {
            let shown = report.noDataCodes.prefix(5).joined(separator: ", ")
            report.warnings.append(
                Message(
                    withoutPopulation.count == 1 ? "import.no_data_zone" : "import.no_data_zones",
                    [
                        "count": withoutPopulation.count,
                        "codes": withoutPopulation.count > 5 ? shown + ", …" : shown,
                    ]))
        }
        for i in zones.indices {
            report.areaHa += zones[i].areaHa
            if noData.contains(i) {
                table.set(table.slot(for: StandardAttribute.areaHa.id), row: i, zones[i].areaHa, estimated: false)
                continue
            }
            var values = StandardValues()
            for (attribute, slot) in standardSlots { values[attribute] = table[slot, i] }
            values[.areaHa] = zones[i].areaHa
            var facts = ZoneFacts(code: zones[i].code, areaHa: zones[i].areaHa, latitude: zones[i].latitude)
            facts.coastlineKm = coastline?[i]
            let estimated = AttributeEstimator.complete(&values, facts: facts, referenceYear: options.referenceYear)
            // Every standard value is written back: land-cover balancing may rescale observed classes.
            for (attribute, slot) in standardSlots {
                table.set(slot, row: i, values[attribute]!, estimated: estimated.contains(attribute))
            }
        }
        var estimatedCodes: [String: [String]] = [:]
        for id in standardIDs {
            let rows = table.estimatedRows(id)
            if !rows.isEmpty { estimatedCodes[id] = rows.map { zones[$0].code } }
        }

        // 4. The catalogue: standard attributes first, then other imported ones.
        var catalogue: [AttributeDefinition] = []
        var mixed: [String: [String]] = [:]
        // Zones without data have no estimates: an attribute estimated for every other zone is estimated.
        let zonesWithData = zones.count - withoutPopulation.count
        for attribute in StandardAttribute.allCases {
            var definition = AttributeEstimator.definition(attribute, coastFromBoundaries: coastline != nil)
            let estimatedCount = estimatedCodes[attribute.id]?.count ?? 0
            if attribute != .areaHa && estimatedCount < zonesWithData {
                definition = provenance(for: attribute.id, base: definition, origin: attributeOrigin[attribute.id])
                if estimatedCount > 0 {
                    definition.status = .mixed
                    definition.method =
                        "\(definition.method); estimated for \(estimatedCount) of \(zonesWithData) zones: "
                        + AttributeEstimator.definition(attribute, coastFromBoundaries: coastline != nil).method
                    mixed[attribute.id] = estimatedCodes[attribute.id]
                }
            }
            catalogue.append(definition)
        }
        for id in attributeOrigin.keys.sorted() where !standardIDs.contains(id) {
            let label = importedIDs[id] ?? columnLabels[id] ?? id
            let base = AttributeDefinition(
                id: id, labelFR: label, labelEN: label, unit: "",
                source: "", licence: "", year: nil, status: .observed)
            var definition = provenance(for: id, base: base, origin: attributeOrigin[id])
            // Values a method filled beside the observed ones (a trend for a commune with one vintage).
            let filled = table.estimatedRows(id)
            if !filled.isEmpty {
                definition.status = filled.count >= zonesWithData ? .estimated : .mixed
                mixed[id] = filled.map { zones[$0].code }
            }
            catalogue.append(definition)
        }
        report.attributes = catalogue
        report.zoneCount = zones.count

        // 5. Attribute columns and their values.
        // SQLite allows 2,000 columns a table; zones has four of its own.
        guard catalogue.count <= Self.maximumAttributes else {
            throw ImportError(
                "import.too_many_attributes",
                ["count": catalogue.count, "maximum": Self.maximumAttributes])
        }
        try store.addAttributes(catalogue)
        let ids = catalogue.map(\.id)
        let columns = ids.map { table.column($0) }
        let total = zones.count
        try store.updateValues(
            zones.indices.lazy.map { i in (fid: zones[i].fid, values: columns.map { $0?[i] }) },
            attributeIDs: ids, progress: { [progress] in progress?(.writing, $0, total) })
        try store.recordEstimatedValues(mixed)
        try store.recordMissing(
            withoutPopulation.map { (fid: zones[$0].fid, attributes: [StandardAttribute.population.id]) })

        // 6. The levels' names.
        var units: [LevelUnit] = []
        for level in [TerritoryLevel.region, .department, .epci] {
            let codes = unitCodes[level, default: []].sorted()
            report.levelCounts[level] = codes.count
            for code in codes {
                let name = levels.names[level]?[code] ?? Self.unnamed(level, code)
                units.append(LevelUnit(level: level, code: code, name: name))
            }
        }
        try store.writeLevels(units, parents: levels.regionOfDepartment)
    }

    /// A level unit no table names: "EPCI 243300316", "Département 33".
    static func unnamed(_ level: TerritoryLevel, _ code: String) -> String {
        switch level {
        case .region: "Région \(code)"
        case .department: "Département \(code)"
        case .epci: "EPCI \(code)"
        case .commune: code
        }
    }

    /// A level's code as text: départements keep their leading zero even when a file gave a number.
    static func levelCode(_ value: PropertyValue, level: TerritoryLevel) -> String? {
        guard let text = value.text?.trimmedSpaces, !text.isEmpty else { return nil }
        if level == .department, text.count == 1, text.allSatisfy(\.isNumber) { return "0" + text }
        return text
    }

    private func describe(_ origin: PendingZone.Origin) -> Message {
        Message("import.origin", ["file": options.sources[origin.source].name, "index": origin.feature])
    }

    private func provenance(for id: String, base: AttributeDefinition, origin: String?) -> AttributeDefinition {
        var definition = base
        if let given = options.provenance[id] ?? recognisedProvenance[id] {
            definition.labelFR = given.labelFR ?? definition.labelFR
            definition.labelEN = given.labelEN ?? definition.labelEN
            definition.unit = given.unit ?? definition.unit
            definition.source = given.source
            definition.licence = given.licence
            definition.year = given.year
            definition.status = given.status
            definition.method = given.method ?? ""
        } else {
            // Jumeau's standard texts (StandardProvenance): stored in English, shown in the reader's language.
            let file = origin.map { ($0 as NSString).lastPathComponent } ?? StandardProvenance.anImportedFile.text()
            definition.source = StandardProvenance.importedFrom.text(["file": file])
            definition.licence = StandardProvenance.publishedWith.text(["file": file])
            definition.year = nil
            definition.status = .observed
            definition.method = StandardProvenance.readFrom.text(["file": file])
        }
        return definition
    }

    private func join(
        _ table: AttributeTableSource, into values: inout ValueTable, zones: [PendingZone], indexByCode: [String: Int],
        attributeOrigin: inout [String: String], labels: inout [String: String]
    ) throws -> Int {
        let name = table.source.name
        let csv: CSVTable
        do { csv = try CSVTable(bytes: [UInt8](table.source.bytes), fileName: name) } catch {
            throw ImportError(Message.of(error))
        }
        // An official file read as published: its own key, columns, units and provenance.
        if table.columns == nil,
            let published = try PublishedFile.recognise(
                csv, fileName: name, referenceYear: options.referenceYear, strict: table.key.isEmpty)
        {
            for (id, given) in published.provenance { recognisedProvenance[id] = given }
            if published.rowsWithoutCommune > 0 {
                joinWarnings.append(
                    Message("import.rows_without_commune", ["file": name, "count": published.rowsWithoutCommune]))
            }
            if let vintage = published.vintage, vintage >= (populationVintages.max() ?? vintage) {
                latestPopulationProvenance = published.provenance[StandardAttribute.population.id]
            }
            for id in published.ids {
                if let vintage = PopulationTrend.vintage(of: id) { populationVintages.insert(vintage) }
            }
            let selected = published.ids.map { (label: $0, id: $0) }
            let skipped = try place(
                published.rows, selected: selected, table: table, into: &values, zones: zones, indexByCode: indexByCode)
            for id in published.ids where attributeOrigin[id] == nil {
                attributeOrigin[id] = name
                labels[id] = published.provenance[id]?.labelEN ?? id
            }
            return skipped
        }
        guard !table.key.isEmpty else {
            let columns = csv.header.prefix(12).map(Self.visible).joined(separator: ", ")
            // With --columns the file is read as a plain table, recognised or not.
            throw ImportError(table.columns == nil ? "import.key_needed_for" : "import.key_needed_columns",
                              ["file": name, "columns": columns])
        }
        guard let keyIndex = csv.columnIndex(table.key) else {
            throw ImportError(
                "import.no_column", ["file": name, "column": table.key, "columns": csv.header.joined(separator: ", ")])
        }
        var selected: [(index: Int, id: String)] = []
        if let columns = table.columns {
            for (column, attribute) in columns {
                guard let index = csv.columnIndex(column) else {
                    throw ImportError(
                        "import.no_column",
                        ["file": name, "column": column, "columns": csv.header.joined(separator: ", ")])
                }
                let id = AttributeDefinition.sanitizedID(attribute)
                guard !reservedZoneColumns.contains(id) else {
                    throw ImportError("import.reserved_column", ["file": name, "column": column, "id": id])
                }
                selected.append((index, id))
            }
        } else {
            for (index, column) in csv.header.enumerated() where index != keyIndex {
                let id = AttributeDefinition.sanitizedID(column)
                let filled = csv.rows.filter { !$0.fields[index].trimmedSpaces.isEmpty }
                let numbers = filled.filter { csv.number($0.fields[index]) != nil }.count
                // A column of text (names, labels) or of codes is not an attribute. One that
                // the simulation reads, or mostly numbers, is: its other cells are errors
                // (below), never a reason to drop the column and estimate it silently.
                let wanted = StandardAttribute(rawValue: id) != nil || numbers * 2 > filled.count
                guard wanted, !filled.isEmpty, !csv.looksLikeCodes(column: index),
                    !reservedZoneColumns.contains(id)
                else {
                    continue
                }
                selected.append((index, id))
            }
        }
        var ids = Set<String>()
        for (index, id) in selected where !ids.insert(id).inserted {
            throw ImportError("import.column_twice", ["file": name, "column": csv.header[index], "id": id])
        }
        var rows: [PublishedFile.Row] = []
        rows.reserveCapacity(csv.rows.count)
        for row in csv.rows {
            var cells: [(id: String, value: Double)] = []
            for (index, id) in selected {
                let raw = row.fields[index]
                if raw.trimmedSpaces.isEmpty { continue }
                let cell: [String: any MessageArgument] = [
                    "file": name, "line": row.line, "column": csv.header[index], "value": Self.visible(raw),
                ]
                guard let value = csv.number(raw) else { throw ImportError("import.not_a_number", cell) }
                // Checked here too, to quote the cell as the file writes it.
                if let standard = StandardAttribute(rawValue: id), !standard.accepts(value) {
                    throw ImportError(
                        "import.value_out_of_range", cell.merging(["range": Self.range(standard)]) { kept, _ in kept })
                }
                cells.append((id, value))
            }
            rows.append(PublishedFile.Row(code: row.fields[keyIndex].trimmedSpaces, line: row.line, values: cells))
        }
        let skipped = try place(
            rows, selected: selected.map { (label: csv.header[$0.index], id: $0.id) }, table: table, into: &values,
            zones: zones, indexByCode: indexByCode)
        for (index, id) in selected where attributeOrigin[id] == nil {
            attributeOrigin[id] = name
            labels[id] = csv.header[index]
        }
        return skipped
    }

    /// A number as a file would write it: "-5", "12.5".
    static func shown(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// Puts a file's values on its zones: each row's code names a zone (Paris, Lyon and
    /// Marseille's arrondissements add up into their commune), no zone twice, every value
    /// one the zone can hold; a value an earlier source gave is kept.
    private func place(
        _ rows: [PublishedFile.Row], selected: [(label: String, id: String)], table: AttributeTableSource,
        into values: inout ValueTable, zones: [PendingZone], indexByCode: [String: Int]
    ) throws -> Int {
        let name = table.source.name
        let labelOf = Dictionary(selected.map { ($0.id, $0.label) }, uniquingKeysWith: { first, _ in first })
        var seen = Set<String>()
        var skipped = 0
        // Paris, Lyon and Marseille are published by arrondissement municipal: their rows are
        // summed into the commune when the commune itself has no row.
        let codesInFile = Set(rows.map(\.code))
        var arrondissementSums: [Int: [String: Double]] = [:]
        // What an earlier source (the boundaries' properties, an earlier file) gave is kept:
        // a 2017 file fills only what the 2023 one lacks.
        var given: [String: Set<Int>] = [:]
        for (_, id) in selected {
            given[id] = Set(zones.indices.filter { values[id, $0] != nil })
        }
        for row in rows {
            var code = row.code
            var isArrondissement = false
            if indexByCode[code] == nil, let commune = CommuneCode.communeOfArrondissement(code),
                indexByCode[commune] != nil, !codesInFile.contains(commune)
            {
                code = commune
                isArrondissement = true
            }
            guard let zoneIndex = indexByCode[code] else {
                if table.skipUnmatchedRows {
                    skipped += 1
                    continue
                }
                throw ImportError(
                    "import.unmatched", ["file": name, "line": row.line, "code": code.isEmpty ? "∅" : code])
            }
            // An arrondissement given twice would be counted twice: refused as any other row.
            let rowCode = isArrondissement ? row.code : code
            guard seen.insert(rowCode).inserted else {
                throw ImportError("import.row_twice", ["file": name, "line": row.line, "code": rowCode])
            }
            for (id, value) in row.values {
                if let standard = StandardAttribute(rawValue: id), !standard.accepts(value) {
                    throw ImportError(
                        "import.value_out_of_range",
                        [
                            "file": name, "line": row.line, "column": labelOf[id] ?? id,
                            "value": Self.shown(value), "range": Self.range(standard),
                        ])
                }
                if given[id]?.contains(zoneIndex) == true { continue }
                if isArrondissement {
                    arrondissementSums[zoneIndex, default: [:]][id, default: 0] += value
                } else {
                    values.set(id, row: zoneIndex, value)
                }
            }
        }
        for (zoneIndex, sums) in arrondissementSums {
            for (id, value) in sums where given[id]?.contains(zoneIndex) != true {
                if let standard = StandardAttribute(rawValue: id), !standard.accepts(value) {
                    throw ImportError(
                        "import.value_out_of_range",
                        [
                            "file": name, "line": 0, "column": id,
                            "value": String(value), "range": Self.range(standard),
                        ])
                }
                values.set(id, row: zoneIndex, value)
            }
        }
        return skipped
    }

    /// Refuses a feature that lies nowhere in France: latitude and longitude swapped (a
    /// common export mistake) or another place altogether; either would give a twin
    /// thousands of kilometres wide.
    @discardableResult
    static func checkPlace(
        _ feature: GeoJSONFeature, areas: [Envelope], origin: @autoclosure () -> Message
    ) throws -> Envelope? {
        var minX = Double.infinity
        var minY = Double.infinity
        var maxX = -Double.infinity
        var maxY = -Double.infinity
        for polygon in feature.polygons {
            for ring in polygon {
                var i = 0
                while i + 1 < ring.count {
                    minX = min(minX, ring[i])
                    maxX = max(maxX, ring[i])
                    minY = min(minY, ring[i + 1])
                    maxY = max(maxY, ring[i + 1])
                    i += 2
                }
            }
        }
        guard minX <= maxX else { return nil }
        let box = Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
        func inside(_ b: Envelope) -> Bool {
            areas.contains { $0.minX <= b.minX && b.maxX <= $0.maxX && $0.minY <= b.minY && b.maxY <= $0.maxY }
        }
        guard !inside(box) else { return box }
        let place: [String: any MessageArgument] = [
            "origin": origin(), "lon": String(box.center.x),
            "lat": String(box.center.y),
        ]
        if inside(Envelope(minX: box.minY, minY: box.minX, maxX: box.maxY, maxY: box.maxX)) {
            throw ImportError("import.swapped_axes", place)
        }
        throw ImportError("import.outside_france", place)
    }

    /// Longest a feature's repair may take, growing with its size so that the cost of an
    /// import stays bounded by the input's: a second plus 20 µs a vertex. Real communes (up
    /// to ~100k vertices) are repaired in well under that; crafted ones (hundreds of
    /// identical or crossing rings) are refused.
    static func repairTimeLimit(vertices: Int) -> Double { 1 + Double(vertices) * 20e-6 }

    /// Builds the Lambert-93 multipolygon of a feature, repairing it when invalid.
    private static func buildGeometry(
        _ feature: GeoJSONFeature, context: GeometryContext, projector: Projector,
        origin: Message
    ) throws -> (Geometry, String?) {
        var parts: [Geometry] = []
        for polygon in feature.polygons {
            var rings: [[Double]] = []
            for var ring in polygon {
                guard ring.count >= 8 else { throw ImportError("import.short_ring", ["origin": origin]) }
                // RFC 7946 rings are closed; close them when a producer forgot.
                if ring[0] != ring[ring.count - 2] || ring[1] != ring[ring.count - 1] {
                    ring.append(ring[0])
                    ring.append(ring[1])
                }
                do { try projector.transform(interleaved: &ring) } catch {
                    throw ImportError("import.cannot_reproject", ["origin": origin, "cause": Message.of(error)])
                }
                rings.append(ring)
            }
            guard !rings.isEmpty else { continue }
            do { parts.append(try context.polygon(interleavedRings: rings)) } catch {
                throw ImportError("import.origin_cause", ["origin": origin, "cause": Message.of(error)])
            }
        }
        guard !parts.isEmpty else { throw ImportError("import.empty_geometry", ["origin": origin]) }
        let geometry = try context.collection(parts)
        if geometry.isValid {
            guard try geometry.area() > 0 else { throw ImportError("import.no_area", ["origin": origin]) }
            return (geometry, nil)
        }
        let reason = geometry.validityReason
        let fixed: Geometry
        let vertices = feature.polygons.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count / 2 } }
        do { fixed = try geometry.makeValid(within: repairTimeLimit(vertices: vertices)) } catch {
            throw ImportError("import.origin_cause", ["origin": origin, "cause": Message.of(error)])
        }
        guard let repaired = try fixed.polygonalParts(), try repaired.area() > 0 else {
            throw ImportError("import.unrepairable", ["origin": origin, "reason": reason])
        }
        return (repaired, reason)
    }

    /// "0–1000000000 inhabitants": what a standard attribute may hold, for messages.
    static func range(_ attribute: StandardAttribute) -> Message {
        let bounds = attribute.validRange
        let low: Message.Argument = attribute == .areaHa ? .text("> 0") : .number(bounds.lowerBound, decimals: 0)
        return Message(
            "import.range",
            [
                "min": low, "max": Message.Argument.number(bounds.upperBound, decimals: 0),
                "unit": Message.Argument.unit(attribute.unit),
            ])
    }

    /// C0 and C1 control characters and DEL (Unicode's Cc), by value: cheaper than the
    /// general category, for every code of a national file.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Text from a file as it can be shown in one line: control characters as \u{…} escapes.
    static func visible(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(80) {
            if isControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func pick(_ candidates: [String], in properties: [String: PropertyValue]) -> String? {
        for candidate in candidates {
            if let key = properties.keys.first(where: { $0.lowercased() == candidate }) { return key }
        }
        return nil
    }

    /// Stable attribute id for a property name, avoiding clashes between names that
    /// sanitize alike ("Pop." and "pop").
    static func attributeID(for property: String, taken: inout [String: String]) -> String {
        let base = AttributeDefinition.sanitizedID(property)
        var id = reservedZoneColumns.contains(base) ? base + "_value" : base
        var n = 2
        while let owner = taken[id], owner != property {
            id = "\(base)_\(n)"
            n += 1
        }
        taken[id] = property
        return id
    }

    static func defaultTerritoryName(_ file: String) -> String {
        ((file as NSString).lastPathComponent as NSString).deletingPathExtension
    }
}
