import Foundation
import SmileyCore
import SmileyStore
import Testing

/// `/u/{token}`: a GET never unsubscribes; RFC 8058's POST does, urlencoded or multipart.
@Suite struct UnsubscribeRouteTests {
    @Test func aGetShowsAButtonAndChangesNothing() async throws {
        let fixture = try ServerFixture()
        let page = try await fixture.withServer { client in try await client.browse("/u/\(fixture.token)") }
        #expect(page.status == 200)
        #expect(page.text.contains("List-Unsubscribe"))
        #expect(page.text.contains("One-Click"))
        #expect(try !fixture.store.suppressionList.contains(fixture.person))
        #expect(try fixture.records().isEmpty)
    }

    @Test func theOneClickPostSuppressesTheAddressAtOnce() async throws {
        let fixture = try ServerFixture()
        let response = try await fixture.withServer { client in
            try await client.browse("/u/\(fixture.token)", method: "POST", form: [("List-Unsubscribe", "One-Click")])
        }
        #expect(response.status == 200)
        #expect(try fixture.store.suppressionList.contains(fixture.person))
        let records = try fixture.records()
        #expect(records.map(\.classification) == [.unsubscribe])
        #expect(records.first?.recipientEmail == fixture.person)
    }

    @Test func aMultipartOneClickPostWorksToo() async throws {
        let fixture = try ServerFixture()
        let body =
            "--XyZ\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--XyZ--\r\n"
        let response = try await fixture.withServer { client in
            try await RawHTTP.request(
                port: client.port,
                "POST",
                "/u/\(fixture.token)",
                body: Array(body.utf8),
                contentType: "multipart/form-data; boundary=XyZ"
            )
        }
        #expect(response.status == 200)
        #expect(try fixture.store.suppressionList.contains(fixture.person))
    }

    @Test func aPostWithoutTheOneClickBodyOrWithAForgedTokenChangesNothing() async throws {
        let fixture = try ServerFixture()
        var characters = Array(fixture.token)
        characters[30] = characters[30] == "x" ? "y" : "x"
        let forged = String(characters)
        let (empty, wrong, forgedResponse) = try await fixture.withServer { client in
            (
                try await client.browse("/u/\(fixture.token)", method: "POST", form: []),
                try await client.browse("/u/\(fixture.token)", method: "POST", form: [("List-Unsubscribe", "Yes")]),
                try await client.browse(
                    "/u/\(forged)",
                    method: "POST",
                    form: [("List-Unsubscribe", "One-Click")]
                )
            )
        }
        #expect(empty.status == 400)
        #expect(wrong.status == 400)
        #expect(forgedResponse.status == 404)
        #expect(try !fixture.store.suppressionList.contains(fixture.person))
        #expect(try fixture.records().isEmpty)
    }
}
