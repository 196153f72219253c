// The Swift side of the render benchmark (see run.sh): renders complete personalized surveys (subject,
// preheader, HTML, text, with a freshly signed token and links per recipient) for every row of a CSV file,
// reading it line by line, and prints `MODE messages seconds messages_per_second bytes`.
//
//     render-bench TEMPLATES_DIR CSV SCALE LOCALE MODE
//
// MODE `compiled` uses SurveyRenderer.render (compiled chunks); `mustache` runs swift-mustache per recipient
// (SurveyRenderer.referenceRender), to show what compiling saves.
import Foundation
import SmileyCore
import SmileyTemplates

#if canImport(Glibc)
import Glibc
#endif

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("render-bench: \(message)\n".utf8))
    exit(1)
}

/// Splits one CSV record (RFC 4180 quoting); `line` may hold several physical lines when a field is quoted.
func fields(of line: Substring) -> [String]? {
    var result: [String] = []
    var field = ""
    var inQuotes = false
    var iterator = line.makeIterator()
    var pending: Character? = nil
    while let c = pending ?? iterator.next() {
        pending = nil
        if inQuotes {
            if c == "\"" {
                if let next = iterator.next() {
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        inQuotes = false
                        pending = next
                    }
                } else {
                    inQuotes = false
                }
            } else {
                field.append(c)
            }
        } else if c == "\"" {
            inQuotes = true
        } else if c == "," {
            result.append(field)
            field = ""
        } else {
            field.append(c)
        }
    }
    if inQuotes { return nil }
    result.append(field)
    return result
}

let arguments = CommandLine.arguments
guard arguments.count == 6, let scale = RatingScale(rawValue: arguments[3]) else {
    fail("usage: render-bench TEMPLATES_DIR CSV SCALE LOCALE compiled|mustache")
}
let (templates, csvPath, locale, mode) = (arguments[1], arguments[2], arguments[4], arguments[5])

do {
    let survey = Survey(
        id: "support",
        scale: scale,
        template: "default",
        locale: locale,
        sender: Sender(name: "Acme Support", address: try EmailAddress("support@acme.example")),
        replyDomain: "reply.acme.example",
        linkMode: .https(baseURL: "https://smiley.example.com")
    )
    let keyring = try TokenKeyring(secrets: [1: Array(repeating: 0x5A, count: 32)])
    let issuedAt = Date(timeIntervalSince1970: 1_767_225_600)
    let started = Date()
    let renderer = try SurveyRenderer(
        library: try TemplateLibrary(builtInDirectory: templates),
        survey: survey,
        locale: locale
    )

    guard let file = fopen(csvPath, "r") else { fail("cannot open \(csvPath)") }
    defer { fclose(file) }
    var buffer: UnsafeMutablePointer<CChar>? = nil
    var capacity = 0
    var header = true
    var pendingRecord = ""
    var count = 0
    var bytes = 0
    while getline(&buffer, &capacity, file) > 0 {
        pendingRecord += String(cString: buffer!)
        guard let row = fields(of: pendingRecord.dropLast(pendingRecord.hasSuffix("\n") ? 1 : 0)) else { continue }
        pendingRecord = ""
        if header {
            header = false
            continue
        }
        guard row.count == 7 else { fail("row \(count + 2) has \(row.count) fields, not 7") }
        let recipient = Recipient(
            email: try EmailAddress(row[0]),
            displayName: row[1],
            ticketID: row[2],
            ticketSubject: row[3],
            agent: row[4],
            company: row[5],
            custom: ["plan": row[6]]
        )
        let token = keyring.sign(
            surveyID: survey.id,
            recipientID: recipient.id(inSurvey: survey.id),
            issuedAt: issuedAt
        )
        let links = SurveyLinks(survey: survey, token: token, subjectForMailto: "")
        let rendered =
            mode == "mustache"
            ? renderer.referenceRender(recipient: recipient, links: links)
            : renderer.render(recipient: recipient, links: links)
        bytes +=
            rendered.html.utf8.count + rendered.text.utf8.count + rendered.subject.utf8.count
            + rendered.preheader.utf8.count
        count += 1
    }
    free(buffer)
    let seconds = Date().timeIntervalSince(started)
    print(
        "swift-\(mode) \(count) \(String(format: "%.3f", seconds)) \(String(format: "%.1f", Double(count) / seconds)) \(bytes)"
    )
} catch {
    fail("\(error)")
}
