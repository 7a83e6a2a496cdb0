import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation
import XCTest
@testable import JumeauExplorer

/// French and English: the catalogues, number formats and the language chosen.
final class LanguageTests: ExplorerTestCase {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    func testBothCataloguesHaveTheSameKeysAndPlaceholders() {
        let english = Catalogue.table(.en), french = Catalogue.table(.fr)
        XCTAssertGreaterThan(english.count, 150)
        XCTAssertEqual(Set(english.keys).subtracting(french.keys), [], "keys missing in fr.catalog")
        XCTAssertEqual(Set(french.keys).subtracting(english.keys), [], "keys missing in en.catalog")
        let placeholder = try! NSRegularExpression(pattern: "\\{[a-z]+\\}")
        func placeholders(_ text: String) -> Set<String> {
            Set(placeholder.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { (text as NSString).substring(with: $0.range) })
        }
        for (key, text) in english {
            XCTAssertEqual(placeholders(text), placeholders(french[key] ?? ""), "placeholders of \(key)")
        }
    }

    /// Every catalogue key written in the code exists: a typo would show the key on screen.
    func testEveryKeyTheCodeUsesIsInTheCatalogue() throws {
        let prefixes = Set(Catalogue.table(.en).keys.map { String($0.split(separator: ".")[0]) })
        let literal = try NSRegularExpression(pattern: "\"([a-z_]+(?:\\.[A-Za-z_0-9]+)+)\"")
        // Keys handed straight to a localizer, whatever their prefix.
        let call = try NSRegularExpression(pattern: "(?:\\bt|localizer)\\(\"([^\"]+)\"")
        var used = Set<String>()
        let themes = Self.sources.deletingLastPathComponent().appendingPathComponent("themes")
        let files = [Self.sources, themes].flatMap { FileManager.default.enumerator(at: $0, includingPropertiesForKeys: nil)!.allObjects }
        for case let url as URL in files where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in literal.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let key = (text as NSString).substring(with: match.range(at: 1))
                if prefixes.contains(String(key.split(separator: ".")[0])) { used.insert(key) }
            }
            for match in call.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let key = (text as NSString).substring(with: match.range(at: 1))
                if !key.hasSuffix(".") { used.insert(key) }  // "indicator.short." + id: a prefix
            }
        }
        XCTAssertGreaterThan(used.count, 80)
        XCTAssertEqual(used.subtracting(Catalogue.table(.en).keys).sorted(), [])
    }

    func testNumbersAreWrittenTheWayEachLanguageReadsThem() {
        let fr = Localizer(.fr), en = Localizer(.en)
        XCTAssertEqual(fr.number(1234.5, decimals: 1), "1\u{00A0}234,5")
        XCTAssertEqual(en.number(1234.5, decimals: 1), "1,234.5")
        XCTAssertEqual(fr.number(-1_234_567, decimals: 0), "-1\u{00A0}234\u{00A0}567")
        XCTAssertEqual(en.number(0.1234), "0.123")
        XCTAssertEqual(en.number(2.5, decimals: 2), "2.50")
        XCTAssertEqual(fr.percent(4.25), "4,3\u{00A0}%")
        XCTAssertEqual(en.percent(47), "47%")
        XCTAssertEqual(fr.short(12_345_678), "12,3 M")
        XCTAssertEqual(en.unit("ha/yr"), "ha/yr")
        XCTAssertEqual(fr.unit("ha/yr"), "ha/an")
        XCTAssertEqual(fr.unit("MWp"), "MWp", "units without a translation stay as they are")
    }

    /// Errors raised by the lower modules are written in the reader's language, causes
    /// and numbers included.
    func testErrorMessagesAreWrittenInTheReadersLanguage() throws {
        let en = Localizer(.en), fr = Localizer(.fr)
        let corrupt = Message("store.cannot_open", ["path": "t.gpkg", "cause": Message("store.sqlite.corrupt")])
        XCTAssertEqual(corrupt.text(en), "cannot open t.gpkg: the file is corrupted")
        XCTAssertEqual(corrupt.text(fr), "impossible d'ouvrir t.gpkg : le fichier est corrompu")
        XCTAssertEqual(Message.verbatim("disk I/O error").text(fr), "disk I/O error", "system text stays as it is")
        XCTAssertEqual(Message.of(CocoaError(.fileNoSuchFile)).key, "", "errors without a message are shown verbatim")

        var settings = LeverSettings()
        XCTAssertThrowsError(try settings.set("renaturation", LeverSchedule(0.6), catalog: LeverCatalog(densityTrend: 20, vacancyTrend: 8))) { error in
            let message = Message.of(error)
            XCTAssertEqual(message.key, "lever.out_of_range_set")
            XCTAssertTrue(message.text(fr).contains("0,6 est hors limites (0–0,5"), message.text(fr))
            XCTAssertTrue(message.text(en).contains("0.6 is out of range (0–0.5"), message.text(en))
            XCTAssertEqual("\(error)", message.text(en), "logs read English")
        }
        XCTAssertThrowsError(try ScenarioCode.decode("X12", catalog: LeverCatalog(densityTrend: 20, vacancyTrend: 8))) { error in
            XCTAssertEqual(Message.of(error).text(fr), "« X12 » n'est pas un code de scénario (les codes commencent par J)")
        }
    }

    func testTheLanguageComesFromTheLocaleWithPOSIXPrecedence() {
        XCTAssertEqual(Language.fromEnvironment(["LANG": "fr_FR.UTF-8"]), .fr)
        XCTAssertEqual(Language.fromEnvironment(["LANG": "fr_FR.UTF-8", "LC_ALL": "C"]), .en)
        XCTAssertEqual(Language.fromEnvironment(["LANG": "en_GB.UTF-8", "LC_MESSAGES": "fr_CA.UTF-8"]), .fr)
        XCTAssertEqual(Language.fromEnvironment(["LC_ALL": "", "LANG": "fr_BE"]), .fr)
        XCTAssertEqual(Language.fromEnvironment([:]), .en)
    }

    func testTheFrenchExplorerSpeaksFrench() {
        var options = ExplorerOptions()
        options.language = .fr
        let (first, effects) = start(100, 30, options: options)
        var state = settle(first, effects)
        let screen = Explorer.view(state, data: Fixture.data).lines.joined(separator: "\n")
        XCTAssertTrue(screen.contains("Tendanciel"), screen)
        XCTAssertTrue(screen.contains("Indicateurs 2031"), screen)
        XCTAssertTrue(screen.contains("?:aide"), screen)
        XCTAssertFalse(screen.contains("Baseline"), screen)
        state = send(state, .character("?"))
        XCTAssertTrue(Explorer.view(state, data: Fixture.data).lines.joined(separator: "\n").contains("zoomer"))
    }
}
