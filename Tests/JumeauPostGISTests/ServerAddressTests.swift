import Foundation
import NIOCore
import XCTest

@testable import JumeauPostGIS

/// Addresses read as libpq reads them, passwords never taken from them, and the bytes a
/// publication sends (EWKB, COPY text) exact.
final class ServerAddressTests: XCTestCase {
    let none: [String: String] = ["HOME": "/nonexistent"]

    func testAnAddressGivesEachPartOrLibpqsDefault() throws {
        let full = try ServerAddress("postgresql://agent@db.example.fr:6432/twins?schema=france&sslmode=require",
                                     environment: none)
        XCTAssertEqual(full.user, "agent")
        XCTAssertEqual(full.host, "db.example.fr")
        XCTAssertEqual(full.port, 6432)
        XCTAssertEqual(full.database, "twins")
        XCTAssertEqual(full.schema, "france")
        XCTAssertEqual(full.tls, .require)
        let socket = try ServerAddress("postgresql:///twins?host=/tmp/pg&port=5499", environment: ["PGUSER": "me"])
        XCTAssertTrue(socket.isSocket)
        XCTAssertEqual(socket.socketPath, "/tmp/pg/.s.PGSQL.5499")
        XCTAssertEqual(socket.user, "me")
        XCTAssertEqual(socket.schema, "jumeau")
        XCTAssertEqual(socket.tls, .prefer)
        XCTAssertTrue(ServerAddress.isServer("postgres://x@y/z"))
        XCTAssertFalse(ServerAddress.isServer("france.gpkg"))
    }

    func testAPasswordInTheAddressIsRefusedAndNeverShown() {
        XCTAssertThrowsError(try ServerAddress("postgresql://agent:s3cret@host/twins", environment: none)) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("PGPASSWORD"), text)
            XCTAssertFalse(text.contains("s3cret"), text)
        }
    }

    func testSchemasAndParametersThatCouldBecomeSQLAreRefused() {
        for schema in ["France", "a;drop", "x\"y", "1abc", "", String(repeating: "a", count: 49), "é"] {
            let encoded = schema.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? schema
            XCTAssertThrowsError(
                try ServerAddress("postgresql://u@h/db?schema=\(encoded)", environment: none), "schema \(schema)")
        }
        XCTAssertThrowsError(try ServerAddress("postgresql://u@h/db?options=-c%20x", environment: none))
        XCTAssertThrowsError(try ServerAddress("postgresql://u@h/db?schema=a&schema=b", environment: none))
        XCTAssertThrowsError(try ServerAddress("postgresql://u@h:99999/db", environment: none))
        XCTAssertThrowsError(try ServerAddress("postgresql://u@h/db?sslmode=sometimes", environment: none))
        XCTAssertThrowsError(try ServerAddress("mysql://u@h/db", environment: none))
        // Schemas a publish must never replace, and the names its staging copies use.
        for schema in ["public", "information_schema", "pg_catalog", "topology", "france__previous_1", "a__b"] {
            XCTAssertThrowsError(try ServerAddress("postgresql://u@h/db?schema=\(schema)", environment: none)) {
                XCTAssertTrue(String(describing: $0).contains("is not for a twin"), "\(schema): \($0)")
            }
        }
    }

    func testAnAddressThatCannotBeReadIsShownWithoutItsPassword() {
        for text in ["postgresql://agent:s3cret@host:port/db", "postgresql://agent:s3cret@host/d b%zz"] {
            XCTAssertThrowsError(try ServerAddress(text, environment: none)) {
                let message = String(describing: $0)
                XCTAssertFalse(message.contains("s3cret"), message)
            }
        }
        XCTAssertEqual(ServerAddress.redacted("postgresql://agent:s3cret@host/db"), "postgresql://…@host/db")
    }

    func testSSLModesAreLibpqs() throws {
        let modes: [(String, ServerAddress.TLSMode)] = [
            ("disable", .disable), ("allow", .prefer), ("prefer", .prefer), ("require", .require),
            ("verify-ca", .verifyCA), ("verify-full", .verifyFull),
        ]
        for (text, mode) in modes {
            XCTAssertEqual(try ServerAddress("postgresql://u@h/db?sslmode=\(text)", environment: none).tls, mode)
        }
        XCTAssertEqual(try ServerAddress("postgresql://u@h/db", environment: ["PGSSLMODE": "require"]).tls, .require)
    }

    func testThePasswordComesFromPGPASSWORDOrThePassFile() throws {
        let address = try ServerAddress("postgresql://agent@db.example.fr/twins", environment: none)
        XCTAssertEqual(address.password(environment: ["PGPASSWORD": "from-env"]), "from-env")
        let file = NSTemporaryDirectory() + "pgpass-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try """
            # comment
            other.host:5432:twins:agent:wrong
            db.example.fr:5432:*:agent:pa\\:ss
            *:*:*:*:fallback
            """.write(toFile: file, atomically: true, encoding: .utf8)
        // Like libpq, a file others may read is not trusted with passwords.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        XCTAssertNil(address.password(environment: ["PGPASSFILE": file]))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        XCTAssertEqual(address.password(environment: ["PGPASSFILE": file]), "pa:ss")
        let other = try ServerAddress("postgresql://someone@elsewhere/db", environment: none)
        XCTAssertEqual(other.password(environment: ["PGPASSFILE": file]), "fallback")
        XCTAssertNil(other.password(environment: ["PGPASSFILE": file + ".missing"]))
    }

    /// Little-endian WKB of a one-ring polygon and of a multipolygon: PostGIS's EWKB carries the
    /// SRID flag and the SRID, and a polygon becomes a one-part multipolygon.
    func testGeometriesBecomeEWKBWithTheirSRID() throws {
        func hexEWKB(_ wkb: [UInt8], srid: Int) -> String? {
            var buffer = ByteBuffer()
            guard PostGISPublisher.writeHexEWKB(wkb, srid: srid, to: &buffer) else { return nil }
            XCTAssertGreaterThan(buffer.readableBytes, 0)
            return buffer.readString(length: buffer.readableBytes)
        }
        var polygon: [UInt8] = [1, 3, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0]
        for (x, y) in [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (0.0, 0.0)] {
            withUnsafeBytes(of: x.bitPattern.littleEndian) { polygon += $0 }
            withUnsafeBytes(of: y.bitPattern.littleEndian) { polygon += $0 }
        }
        let multi: [UInt8] = [1, 6, 0, 0, 0, 1, 0, 0, 0] + polygon
        let fromMulti = try XCTUnwrap(hexEWKB(multi, srid: 2154))
        // 0x20000006 little-endian, then 2154 = 0x086A.
        XCTAssertTrue(fromMulti.hasPrefix("0106000020" + "6A080000" + "01000000" + "01030000"), fromMulti)
        XCTAssertEqual(fromMulti.count, (multi.count + 4) * 2)
        XCTAssertEqual(hexEWKB(polygon, srid: 2154), fromMulti)
        XCTAssertNil(hexEWKB([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], srid: 2154), "a point")
        XCTAssertNil(hexEWKB([7, 6, 0], srid: 2154), "not WKB")
    }

    func testCopyTextEscapesWhatWouldSplitAFieldOrARow() {
        var buffer = ByteBuffer()
        CopyText.append(["a\tb", nil, "line\nnext\r", "back\\slash", "Robert'); DROP TABLE zones;--"], to: &buffer)
        let text = buffer.readString(length: buffer.readableBytes)
        XCTAssertEqual(text, "a\\tb\t\\N\tline\\nnext\\r\tback\\\\slash\tRobert'); DROP TABLE zones;--\n")
    }
}
