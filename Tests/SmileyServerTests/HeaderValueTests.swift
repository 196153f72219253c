import HTTPTypes
import Testing

@testable import SmileyServer

/// The one-pass header read gives what HTTPFields' subscript gives: one value, repeated fields joined, none.
struct HeaderValueTests {
    @Test(arguments: [
        [("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)")],
        [("Accept-Language", "de-CH, de;q=0.9"), ("Accept-Language", "en;q=0.5")],
        [("User-Agent", ""), ("Accept", "text/html"), ("user-agent", "curl/8.5.0")],
        [("Accept", "text/html")],
        [],
    ])
    func aValueIsWhatTheSubscriptGives(_ pairs: [(String, String)]) throws {
        var fields = HTTPFields()
        for (name, value) in pairs { fields.append(HTTPField(name: try #require(HTTPField.Name(name)), value: value)) }
        for name in [HTTPField.Name.userAgent, .acceptLanguage, .accept, .cookie] {
            #expect(fields.value(of: name) == fields[name])
        }
    }
}
