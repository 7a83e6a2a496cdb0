import Foundation
import XCTest

/// The command line speaks the user's language: its help, its errors (its own, the
/// lower modules' and the argument parser's), its tables and summaries.
final class CommandLanguageTests: XCTestCase {
    let french = ["LANG": "fr_FR.UTF-8"]

    func testSummariesAndTablesInFrench() throws {
        let info = try Command.jumeau("info", "ile-de-re", environment: french)
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertTrue(info.stdout.contains("Territoire"), info.stdout)
        XCTAssertTrue(info.stdout.contains("Année de réf."), info.stdout)
        XCTAssertTrue(info.stdout.contains("attribut"), info.stdout)
        XCTAssertTrue(info.stdout.contains("habitants"), info.stdout)
        // Numbers grouped with a no-break space and a decimal comma.
        XCTAssertNotNil(
            info.stdout.range(of: #"Surface +\d{1,3}(\u00A0\d{3})*,\d ha"#, options: .regularExpression), info.stdout)
        XCTAssertFalse(info.stdout.contains("Territory"), info.stdout)

        let english = try Command.jumeau("info", "ile-de-re")
        XCTAssertTrue(english.stdout.contains("Territory"), english.stdout)
        XCTAssertNotNil(
            english.stdout.range(of: #"Area +\d{1,3}(,\d{3})*\.\d ha"#, options: .regularExpression), english.stdout)

        let levers = try Command.jumeau("levers", "ile-de-re", "--lang", "fr")
        XCTAssertTrue(levers.stdout.contains("plus ambitieux"), levers.stdout)
        XCTAssertTrue(levers.stdout.contains("Réduction"), levers.stdout)
        let samples = try Command.jumeau("samples", environment: french)
        XCTAssertTrue(samples.stdout.contains("île, côte en recul"), samples.stdout)
        XCTAssertFalse(samples.stdout.contains("sample.kind"), samples.stdout)
    }

    /// Windows-style or mistyped locale names (a language of twelve letters made ICU crash
    /// with signal 11 in every command that read a date from a twin).
    func testOddLocaleNamesAreHarmless() throws {
        for value in [
            "Luxembourgish_Luxembourg.1252", "Serbian (Latin)_Serbia.1250", "aaaaaaaaaaaa", "fr_FR.UTF-8@\u{1B}[31m",
        ] {
            for name in ["LANG", "LC_ALL", "LC_MESSAGES"] {
                let info = try Command.jumeau("info", "ile-de-re", environment: [name: value])
                XCTAssertEqual(info.status, 0, "\(name)=\(value): \(info.stderr)")
                XCTAssertTrue(info.stdout.contains("ile-de-re") || info.stdout.contains("Île"), info.stdout)
            }
        }
    }

    func testErrorsInFrenchWithTheSameStatuses() throws {
        let range = try Command.jumeau("run", "ile-de-re", "--set", "zan=120", environment: french)
        XCTAssertEqual(range.status, 2)
        XCTAssertEqual(range.stderr, "jumeau: zan = 120 est hors limites (0–100 %)\n")
        // --lang wins over the locale, in both directions.
        let english = try Command.jumeau("run", "ile-de-re", "--set", "zan=120", "--lang", "en", environment: french)
        XCTAssertEqual(english.stderr, "jumeau: zan = 120 is out of range (0–100 %)\n")

        let missing = try Command.jumeau(
            "import", "/nonexistent/none.geojson", "--into", NSTemporaryDirectory() + "x.gpkg", "--lang", "fr")
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(
            missing.stderr.contains("none.geojson : lecture impossible (fichier introuvable)"), missing.stderr)

        let twin = try Command.jumeau("info", "/nonexistent/t.gpkg", environment: french)
        XCTAssertEqual(twin.status, 1)
        XCTAssertTrue(twin.stderr.contains("ni fichier de jumeau ni territoire exemple"), twin.stderr)

        // The argument parser's own words, and where to look for help.
        let unknown = try Command.jumeau("run", "--bogus", environment: french)
        XCTAssertEqual(unknown.status, 2)
        XCTAssertEqual(unknown.stderr.filter { $0 == "\n" }.count, 1, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("Option inconnue « --bogus »"), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("(voir jumeau run --help)"), unknown.stderr)
        let value = try Command.jumeau("run", "--format", "xml", "--lang", "fr")
        XCTAssertTrue(
            value.stderr.contains("La valeur « xml » n'est pas valable pour « --format <format> »"), value.stderr)
        XCTAssertTrue(value.stderr.contains("'table', 'csv' ou 'json'"), value.stderr)
        let englishValue = try Command.jumeau("run", "--format", "xml")
        XCTAssertTrue(
            englishValue.stderr.contains("The value 'xml' is invalid for '--format <format>'"), englishValue.stderr)
        XCTAssertTrue(englishValue.stderr.contains("(see jumeau run --help)"), englishValue.stderr)
    }

    func testHelpInFrench() throws {
        for arguments in [
            ["--lang", "fr", "run", "--help"], ["run", "--help", "--lang", "fr"], ["help", "run", "--lang", "fr"],
        ] {
            let help = try Command.run(Command.binary, arguments)
            XCTAssertEqual(help.status, 0, "\(arguments): \(help.stderr)")
            XCTAssertTrue(help.stdout.contains("UTILISATION :"), "\(arguments): \(help.stdout)")
            XCTAssertTrue(help.stdout.contains("Simuler le territoire"), help.stdout)
            XCTAssertTrue(help.stdout.contains("Affiche cette aide."), help.stdout)
            XCTAssertTrue(help.stdout.contains("par défaut : table"), help.stdout)
            XCTAssertFalse(help.stdout.contains("USAGE:"), help.stdout)
        }
        let root = try Command.jumeau("--help", environment: french)
        XCTAssertTrue(root.stdout.contains("SOUS-COMMANDES :"), root.stdout)
        XCTAssertTrue(root.stdout.contains("Comparer deux scénarios"), root.stdout)
        let english = try Command.jumeau("run", "--help")
        XCTAssertTrue(english.stdout.contains("USAGE:"), english.stdout)
        XCTAssertTrue(english.stdout.contains("Simulate the territory"), english.stdout)
    }
}
