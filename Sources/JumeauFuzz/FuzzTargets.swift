import Foundation
import JumeauImport
import JumeauModel
import JumeauQuery
import JumeauSimulation
import JumeauStore

/// The fuzz targets: each takes arbitrary bytes and must never trap, crash or hang.
/// Thrown errors are the expected outcome for malformed input and are ignored.
enum FuzzTargets {
    static let catalog = LeverCatalog(densityTrend: 23, vacancyTrend: 8.4)
    static let columns = ["name", "code", "population", "area_ha", "naf_consumption_ha"]

    static let all: [String: @Sendable (UnsafeRawBufferPointer) -> Void] = [
        "geojson": { bytes in
            var reader = GeoJSONReader(bytes: bytes, fileName: "fuzz.geojson")
            try? reader.readFeatures { _ in }
        },
        "csv": { bytes in
            if let table = try? CSVTable(bytes: Array(bytes), fileName: "fuzz.csv") {
                for column in table.header.indices { _ = table.looksLikeCodes(column: column) }
                // The official files' readers (Cerema, INSEE, ODRÉ) on whatever header came.
                _ = try? PublishedFile.recognise(table, fileName: "fuzz.csv")
            }
        },
        "levers": { bytes in
            var settings = LeverSettings()
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
                _ = try? settings.apply(String(line), catalog: catalog)
            }
            if let code = try? ScenarioCode.encode(settings, catalog: catalog) {   // round trip
                precondition((try? ScenarioCode.decode(code, catalog: catalog)) == settings, "code round trip: \(code)")
            }
        },
        "scenario-code": { bytes in
            _ = try? ScenarioCode.decode(String(decoding: bytes, as: UTF8.self), catalog: catalog)
        },
        "filter": { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            guard let filter = try? Filter(parsing: text, columns: columns) else { return }
            _ = filter.matches { $0 == "name" || $0 == "code" ? .text("Saint-Martin-de-Ré") : .number(2_300) }
        },
        "gpkg": { bytes in
            _ = try? GeoPackageBinary.decode(bytes)
            if let header = try? GeoPackageBinary.header(bytes), header.wkbOffset <= bytes.count {
                _ = try? WKBCoordinates.read(UnsafeRawBufferPointer(rebasing: bytes[header.wkbOffset...]))
            }
        },
        "wkb": { bytes in _ = try? WKBCoordinates.read(bytes) },
    ]
}
