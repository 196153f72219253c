/// One mailbox: an optional display name and an address, as in `"Ada Lovelace" <ada@example.com>`.
///
/// Used both to compose headers (``OutgoingMessage/setAddresses(_:_:)``) and as the result of parsing
/// them (``AddressParser/parse(_:)``), so a name written one way is read back the same way.
public struct Mailbox: Sendable, Hashable {
    /// The display name, decoded (may be empty).
    public var name: String
    /// The address, `local@domain` (no angle brackets).
    public var address: String

    /// Creates a mailbox.
    /// - Parameters:
    ///   - name: The display name; any Unicode (it is RFC 2047-encoded when written). Empty for none.
    ///   - address: The address without angle brackets.
    public init(name: String = "", address: String) {
        self.name = name
        self.address = address
    }
}
