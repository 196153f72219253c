public import Foundation
import SmileyCore
import SmileyMIME
import SmileyStore
import SmileyTemplates

/// `smiley preview`: renders one survey email to files an admin can open, and screenshots it when Chromium is
/// installed.
public enum PreviewWorkflow {
    /// Which recipient to render.
    public enum Subject: Sendable {
        /// A made-up recipient (Jane Doe, ticket T-10421).
        case sample
        /// The row of a CSV file whose address is this one.
        case address(String, csv: String)
        /// The N-th data row of a CSV file (1 is the first row after the header).
        case row(Int, csv: String)
    }

    /// The files a preview wrote.
    public struct Result: Sendable {
        /// The folder written.
        public let directory: String
        /// Every file written, in order.
        public let files: [String]
        /// Why screenshots were not taken, when they were not.
        public let screenshotNote: String?
    }

    /// Renders the preview.
    /// - Parameters:
    ///   - locale: overrides the recipient's language; must exist in the template set.
    ///   - outputDirectory: where to write; created if needed.
    ///   - date: the Date header and the token's issue time.
    public static func run(
        installation: Installation,
        surveyID: String,
        subject: Subject,
        locale: String?,
        outputDirectory: String,
        date: Date = Date(),
        screenshots: Bool = true
    ) throws(WorkflowError) -> Result {
        let composer = try SurveyComposer(installation: installation, surveyID: surveyID)
        var recipient = try pick(subject)
        if let locale { recipient.locale = locale }
        let (email, html, text) = try composer.email(for: recipient, date: date, strictLanguage: true)
        try stored { () throws(StoreError) in try DurableFile.makeDirectory(outputDirectory) }
        var files: [String] = []
        func save(_ name: String, _ bytes: [UInt8]) throws(WorkflowError) {
            let path = outputDirectory + "/" + name
            _ = try stored { () throws(StoreError) in try DurableFile.write(bytes, to: path, mode: 0o644) }
            files.append(path)
        }
        try save("survey.html", Array(html.utf8))
        try save("survey.txt", Array(text.utf8))
        try save("survey.eml", email.bytes)
        // A copy a browser can show: cid: references point at the image files beside it.
        var browserHTML = html
        let renderer = try composer.renderer(for: recipient.locale ?? composer.survey.locale, strict: true)
        for image in renderer.inlineImages {
            try save(image.filename, image.data)
            browserHTML = browserHTML.replacingOccurrences(of: "cid:\(image.contentID)", with: image.filename)
        }
        try save("survey-browser.html", Array(browserHTML.utf8))
        var note: String?
        if screenshots {
            if let chromium = Screenshotter.findChromium() {
                for scheme in Screenshotter.ColorScheme.allCases {
                    let png = outputDirectory + "/survey-\(scheme.rawValue).png"
                    do throws(WorkflowError) {
                        try Screenshotter.capture(
                            chromium: chromium,
                            html: outputDirectory + "/survey-browser.html",
                            png: png,
                            scheme: scheme
                        )
                        files.append(png)
                    } catch {
                        note = error.message
                    }
                }
            } else {
                note = "Chromium is not installed, so no screenshots were taken (apt-get install chromium)."
            }
        }
        return Result(directory: outputDirectory, files: files, screenshotNote: note)
    }

    static func pick(_ subject: Subject) throws(WorkflowError) -> Recipient {
        switch subject {
        case .sample:
            return Recipient(
                email: EmailAddress(uncheckedLocalPart: "jane.doe", domain: "example.com"),
                displayName: "Jane Doe",
                ticketID: "T-10421",
                ticketSubject: "VPN drops every 30 minutes",
                agent: "Sam Patel",
                company: "Northwind Traders"
            )
        case .address(let wanted, let csv):
            let list = try RecipientList(path: csv)
            while let row = try list.next() {
                if case .recipient(let recipient, _) = row, recipient.email.normalized == wanted.lowercased() {
                    return recipient
                }
            }
            throw WorkflowError.file(csv, "has no usable row for '\(wanted)'", exitCode: ExitStatus.dataError)
        case .row(let number, let csv):
            let list = try RecipientList(path: csv)
            var index = 0
            while let row = try list.next() {
                index += 1
                guard index == number else { continue }
                switch row {
                case .recipient(let recipient, _): return recipient
                case .invalid(let line, let reason):
                    throw WorkflowError.file(
                        csv,
                        "line \(line) (row \(number)) cannot be used: \(reason)",
                        exitCode: ExitStatus.dataError
                    )
                }
            }
            throw WorkflowError.file(
                csv,
                "has only \(index) data rows; --row \(number) is past the end",
                exitCode: ExitStatus.usage
            )
        }
    }
}
