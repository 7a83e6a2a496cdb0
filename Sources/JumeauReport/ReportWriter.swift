import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation

/// The workshop report as one self-contained HTML page (inline CSS and SVG, no script,
/// nothing fetched) or as Markdown.
public enum ReportWriter {
    public static func html(_ c: ReportContent, _ t: Localizer) -> String {
        let e = HTMLText.escape
        let date = dateText(c.generatedAt, t)
        var out = """
            <!DOCTYPE html>
            <html lang="\(t.language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(t("report.title", ["territory": c.territory])))</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 960px; margin: 2em auto; padding: 0 1em; color: #1d1d1d; background: #ffffff; line-height: 1.45; }
            h1 { font-size: 1.7em; margin-bottom: 0.2em; } h2 { margin-top: 1.8em; border-bottom: 2px solid #1f6fb4; padding-bottom: 0.2em; }
            table { border-collapse: collapse; margin: 0.8em 0; width: 100%; font-size: 0.92em; }
            th, td { border-bottom: 1px solid #dddddd; padding: 0.3em 0.5em; text-align: right; vertical-align: top; }
            th:first-child, td:first-child { text-align: left; } th { background: #f2f5f8; }
            .good { color: #1b7a3a; font-weight: 600; } .bad { color: #b3261e; font-weight: 600; } .muted { color: #666666; }
            code { background: #f2f5f8; padding: 0 0.25em; border-radius: 3px; } svg { max-width: 100%; height: auto; }
            .delta { display: block; font-size: 0.85em; }
            </style>
            </head>
            <body>
            <h1>\(e(t("report.title", ["territory": c.territory])))</h1>
            <p class="muted">\(e(t("report.generated", ["date": date, "version": ModelVersion.current])))</p>
            <h2>\(e(t("report.summary")))</h2>

            """
        // The summary first: one paragraph of computed sentences per scenario.
        for s in c.scenarios { out += "<p class=\"summary\">\(e(c.summary(s, t).joined(separator: " ")))</p>\n" }
        out += """
            <h2>\(e(t("report.territory")))</h2>
            <p>\(e(t("report.territory_text", ["zones": t.number(Double(c.zoneCount)), "area": t.number(c.areaHa, decimals: 0), "year": String(c.referenceYear)])))</p>
            <h2>\(e(t("report.scenarios")))</h2>
            <table><tr><th>\(e(t("report.lever")))</th><th>\(e(t("scenario.baseline")))</th>
            """
        for s in c.scenarios { out += "<th>\(e(s.name))<br><code>\(e(s.code))</code></th>" }
        out += "</tr>\n"
        for row in c.leverRows(t) {
            out +=
                "<tr><td>\(e(row.label))\(row.unit.isEmpty ? "" : " <span class=\"muted\">(\(e(row.unit)))</span>")</td><td class=\"muted\">\(e(row.baseline))</td>"
            for (value, s) in zip(row.values, c.scenarios) {
                _ = s
                out +=
                    value == row.baseline
                    ? "<td class=\"muted\">\(e(value))</td>" : "<td><strong>\(e(value))</strong></td>"
            }
            out += "</tr>\n"
        }
        out += "</table>\n"
        for s in c.scenarios where !s.notes.isEmpty { out += "<p><strong>\(e(s.name))</strong> — \(e(s.notes))</p>\n" }

        out += "<h2>\(e(t("report.indicators")))</h2>\n<p class=\"muted\">\(e(t("report.indicators_text")))</p>\n"
        for s in c.scenarios {
            out += "<h3>\(e(s.name)) <code>\(e(s.code))</code></h3>\n<table><tr><th>\(e(t("report.indicator")))</th>"
            for year in c.years { out += "<th>\(year)</th>" }
            out += "</tr>\n"
            for indicator in c.indicators {
                out +=
                    "<tr><td>\(e(indicator.definition.label(t))) <span class=\"muted\">(\(e(t.unit(indicator.definition.unit))))</span></td>"
                for year in c.years {
                    let cell = c.cell(indicator, year, s.result, t)
                    let style = cell.better.map { $0 ? " class=\"good\"" : " class=\"bad\"" } ?? ""
                    out += "<td>\(e(cell.value))<span class=\"delta\"><span\(style)>\(e(cell.delta))</span></span></td>"
                }
                out += "</tr>\n"
            }
            out += "</table>\n"
        }

        out += "<h2>\(e(t("report.charts")))</h2>\n"
        for indicator in c.chartIndicators { out += SVG.lineChart(c, indicator, t: t) + "\n" }
        if let note = c.chartNote(t) { out += "<p class=\"muted\">\(e(note))</p>\n" }

        if let first = c.scenarios.first, let values = first.result.zones(c.mapIndicator, year: 2050) {
            let title = t(
                "report.map_title", ["indicator": c.mapIndicator.definition.label(t), "scenario": first.name])
            out +=
                "<h2>\(e(t("report.map")))</h2>\n<p>\(e(title))</p>\n" + SVG.map(c, values: values, title: title, t: t)
                + "\n"
        }

        out += "<h2>\(e(t("report.assumptions")))</h2>\n<ul>\n"
        for key in assumptionKeys {
            out += "<li>\(e(t(key, ["version": ModelVersion.current])))</li>\n"
        }
        out +=
            "</ul>\n<h2>\(e(t("report.provenance")))</h2>\n<table><tr><th>\(e(t("report.attribute")))</th><th>\(e(t("report.source")))</th><th>\(e(t("report.licence")))</th><th>\(e(t("report.year")))</th><th>\(e(t("report.status")))</th></tr>\n"
        for a in c.attributes {
            // Jumeau's own provenance texts in the reader's language, the data's as written.
            let provenance = a.localizedProvenance(t)
            out +=
                "<tr><td>\(e(t.pick(fr: a.labelFR, en: a.labelEN))) <code>\(e(a.id))</code></td>"
                + "<td>\(e(provenance.source))</td><td>\(e(provenance.licence))</td>"
                + "<td>\(a.year.map(String.init) ?? "–")</td><td>\(e(t("status." + a.status.rawValue)))</td></tr>\n"
        }
        let attribution = StandardProvenance.localizedAttribution(c.attribution, t)
        out += "</table>\n<p class=\"muted\">\(e(attribution))</p>\n</body>\n</html>\n"
        return out
    }

    /// The model's assumptions, in the order both formats list them.
    static let assumptionKeys = [
        "report.assumption_model", "report.assumption_zan", "report.assumption_baseline", "report.assumption_climate",
        "report.assumption_limits",
    ]

    public static func markdown(_ c: ReportContent, _ t: Localizer) -> String {
        // Text from the twin stays text: no table break, no inline HTML.
        func cell(_ text: String) -> String {
            Sanitize.text(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        var out = "# \(cell(t("report.title", ["territory": c.territory])))\n\n"
        out +=
            "_\(cell(t("report.generated", ["date": dateText(c.generatedAt, t), "version": ModelVersion.current])))_\n\n"
        out +=
            "## \(t("report.summary"))\n\n"
            + c.scenarios.map { cell(c.summary($0, t).joined(separator: " ")) + "\n\n" }.joined()
        out +=
            "## \(t("report.territory"))\n\n\(cell(t("report.territory_text", ["zones": t.number(Double(c.zoneCount)), "area": t.number(c.areaHa, decimals: 0), "year": String(c.referenceYear)])))\n\n"
        out +=
            "## \(t("report.scenarios"))\n\n| \(t("report.lever")) | \(t("scenario.baseline")) | "
            + c.scenarios.map { "\(cell($0.name)) (`\($0.code)`)" }.joined(separator: " | ") + " |\n"
        out += "|---|---:|" + c.scenarios.map { _ in "---:|" }.joined() + "\n"
        for row in c.leverRows(t) {
            out +=
                "| \(cell(row.label))\(row.unit.isEmpty ? "" : " (\(cell(row.unit)))") | \(row.baseline) | "
                + row.values.map { $0 == row.baseline ? $0 : "**\($0)**" }.joined(separator: " | ") + " |\n"
        }
        for s in c.scenarios where !s.notes.isEmpty { out += "\n**\(cell(s.name))** — \(cell(s.notes))\n" }
        out += "\n## \(t("report.indicators"))\n\n\(t("report.indicators_text"))\n"
        for s in c.scenarios {
            out +=
                "\n### \(cell(s.name)) (`\(s.code)`)\n\n| \(t("report.indicator")) | "
                + c.years.map(String.init).joined(separator: " | ") + " |\n|---|"
                + c.years.map { _ in "---:|" }.joined() + "\n"
            for indicator in c.indicators {
                out += "| \(cell(indicator.definition.label(t))) (\(cell(t.unit(indicator.definition.unit)))) | "
                out +=
                    c.years.map { year in
                        let v = c.cell(indicator, year, s.result, t)
                        let mark = v.better.map { $0 ? " ✓" : " ✗" } ?? ""
                        return "\(v.value) (\(v.delta)\(mark))"
                    }.joined(separator: " | ") + " |\n"
            }
        }
        out += "\n## \(t("report.assumptions"))\n\n"
        for key in assumptionKeys {
            out += "- \(cell(t(key, ["version": ModelVersion.current])))\n"
        }
        out +=
            "\n## \(t("report.provenance"))\n\n| \(t("report.attribute")) | \(t("report.source")) | \(t("report.licence")) | \(t("report.year")) | \(t("report.status")) |\n|---|---|---|---:|---|\n"
        for a in c.attributes {
            let provenance = a.localizedProvenance(t)
            out +=
                "| \(cell(t.pick(fr: a.labelFR, en: a.labelEN))) (`\(a.id)`) | \(cell(provenance.source)) "
                + "| \(cell(provenance.licence)) | \(a.year.map(String.init) ?? "–") | \(t("status." + a.status.rawValue)) |\n"
        }
        out += "\n\(cell(StandardProvenance.localizedAttribution(c.attribution, t)))\n"
        return out
    }

    static func dateText(_ date: Date, _ t: Localizer) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = t("date.minute")
        return formatter.string(from: date)
    }
}
