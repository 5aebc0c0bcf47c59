// The viewer's page: one self-contained HTML file (inline CSS, script and SVG; no request of
// any kind) that draws an `ExecutionComparison` from one embedded JSON object.
import NPICore

/// A section the page shows after the executions: a title and an HTML (or inline SVG) fragment,
/// such as a model's training curves.
public struct PageSection: Sendable {
    /// The section's heading, as plain text.
    public var title: String
    /// The section's body, inserted as it is. Like the rest of the page it may load nothing:
    /// the page's Content-Security-Policy blocks every request (images, fonts, scripts, styles
    /// from anywhere), so pictures are inline SVG or `data:` images.
    public var html: String

    public init(title: String, html: String) {
        self.title = title
        self.html = html
    }
}

/// Builds the viewer's page.
public enum ViewPage {
    /// The page showing `comparison`, then `sections` in order, each with its title in the
    /// page's navigation.
    public static func html(for comparison: ExecutionComparison, sections: [PageSection] = []) throws -> String {
        let data = try JSONOutput.line(ViewData(comparison))
        let title = "npi view: \(comparison.task.name) \(comparison.task.notation(of: comparison.problem))"
        return page(title: title, dataJSON: data, sections: sections)
    }

    /// A page of `sections` alone, without an execution (`npi view --training` of a model).
    public static func html(title: String, subtitle: String, sections: [PageSection]) -> String {
        """
            \(documentHead(title: title))
            <body data-status="ready">
            <header class="top">
            <div class="brand">npi <b>view</b></div>
            <div class="headline">\(escapeHTML(title))<span class="path">\(escapeHTML(subtitle))</span></div>
            </header>
            \(html(of: sections))
            </body>
            </html>

            """
    }

    /// The page around `dataJSON`, the encoded `ViewData`.
    static func page(title: String, dataJSON: String, sections: [PageSection]) -> String {
        let links = sections.enumerated().map { index, section in
            "<a href=\"#section-\(index + 1)\">\(escapeHTML(section.title))</a>"
        }
        let navigation = links.isEmpty ? "" : "<nav class=\"sections\"><a href=\"#viewer\">Executions</a>\(links.joined())</nav>"
        let extra = html(of: sections)
        return """
            \(documentHead(title: title))
            <body data-status="loading">
            <header class="top">
            <div class="brand">npi <b>view</b></div>
            <div id="headline" class="headline"></div>
            \(navigation)
            </header>
            <div id="summary" class="summary"></div>
            <noscript><p class="noscript">This page draws the executions with JavaScript; allow it to run to see them.</p></noscript>
            <main id="viewer" class="viewer">
            <section class="panel trace-panel" aria-label="The executions, step by step">
            <div class="trace-head">
            <span class="num">step</span><span class="side-title model">Model</span><span class="side-title teacher">Teacher</span>
            </div>
            <div id="trace-scroll" class="trace-scroll" tabindex="0"><div id="trace-rows" class="trace-rows"></div></div>
            <div class="trace-foot"><span id="trace-status"></span><span class="buttons"><button id="fold-all" type="button">Fold all calls</button><button id="unfold-all" type="button">Unfold all</button></span></div>
            </section>
            <aside class="panel side-panel" aria-label="The selected step">
            <div id="navigator" class="navigator"></div>
            <div id="pictures" class="pictures"></div>
            <div id="decision" class="decision"></div>
            </aside>
            </main>
            <footer class="legend" id="legend"></footer>
            \(extra)
            <script type="application/json" id="npi-data">\(scriptSafe(dataJSON))</script>
            <script>
            \(ViewScript.source)
            </script>
            </body>
            </html>

            """
    }

    /// The page's doctype and `<head>`: its title, the policy that forbids every request, the style.
    static func documentHead(title: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escapeHTML(title))</title>
        <style>
        \(ViewStyle.css)
        </style>
        </head>
        """
    }

    /// `sections` in order, each with the id the navigation links to.
    static func html(of sections: [PageSection]) -> String {
        sections.enumerated().map { index, section in
            """
            <section class="extra" id="section-\(index + 1)">
            <h2>\(escapeHTML(section.title))</h2>
            \(section.html)
            </section>
            """
        }.joined(separator: "\n")
    }

    /// Nothing may be fetched: inline styles and scripts only, images only as `data:` URLs.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

    /// JSON text that can sit inside a `<script>` element: every `<`, `>` and `&` (which JSON
    /// allows only inside strings) written as a `\u` escape, so no string, such as a model path
    /// holding `</script>`, can end the element or open a comment; JSON.parse reads them back.
    /// U+2028 and U+2029 are escaped too, for older JavaScript parsers.
    static func scriptSafe(_ json: String) -> String {
        var safe = ""
        safe.reserveCapacity(json.utf8.count)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": safe += "\\u003c"
            case ">": safe += "\\u003e"
            case "&": safe += "\\u0026"
            case "\u{2028}": safe += "\\u2028"
            case "\u{2029}": safe += "\\u2029"
            default: safe.unicodeScalars.append(scalar)
            }
        }
        return safe
    }

    /// `text` as HTML text or attribute value.
    static func escapeHTML(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
