import JumeauSynth

enum SyntheticTerritoryFixture {
    static func make(zones: Int, seed: UInt64) -> SyntheticTerritory { SyntheticTerritory(zoneCount: zones, seed: seed) }
}

extension SyntheticTerritory {
    var gridSize: (columns: Int, rows: Int) { grid }
}
