// swift-tools-version:6.1
import PackageDescription

/// Upcoming-language features every Smiley target builds with (see README, "Architecture"), and one start-up setting
/// of release builds: a generic type with concrete arguments (`[HMAC<SHA256>?]`, `[String: [UInt8]]`) gets its
/// metadata from a direct accessor instead of from its mangled name. Resolving a name checks the type's generic
/// requirements at run time, and each first check of a conformance scans all ~7,900 conformance records of the
/// executable: nine such scans were a quarter of a `smiley ingest` process's instructions (README, "Benchmarks").
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .unsafeFlags(
        ["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"],
        .when(configuration: .release)
    ),
]

/// Where libxml2's headers are (Debian's libxml2-dev), for the targets that import `CLibXML2`. Only the headers:
/// the library itself is loaded at run time.
let libxml2Headers: SwiftSetting = .unsafeFlags(["-Xcc", "-I/usr/include/libxml2"])

let package = Package(
    name: "smiley",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "smiley", targets: ["smiley"]),
        .executable(name: "smiley-server", targets: ["smiley-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // The web side only (SmileyServer, smiley-server): HTTP/1.1 server, graceful start and stop, metrics.
        // Without its default traits: no swift-configuration support and no full-Foundation extras to build.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // The SNS signing certificate of Amazon SES's inbound notifications (SmileyInbound); it builds on the
        // swift-crypto above and on swift-asn1, named here because its PEM and DER readers are what read the
        // certificate.
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    ],
    targets: [
        // C libraries, each imported by exactly one Swift target.
        // libcurl is loaded with dlopen on first use (see shim.h), so nothing links it and the
        // per-message `smiley ingest` process never pays for its ~40 shared libraries.
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // libxml2 too is loaded with dlopen on first use (see shim.h): it brings the system ICU, zlib and liblzma,
        // which every `smiley ingest` would otherwise map at start-up. No pkgConfig, so nothing links it; its
        // headers' folder is named where CLibXML2 is imported (libxml2Headers).
        .systemLibrary(
            name: "CLibXML2",
            providers: [.apt(["libxml2-dev"])]
        ),
        // zlib, loaded with dlopen on first use (see shim.h), for DMARC reports sent as gzip or zip attachments.
        // Its header comes with zlib1g-dev, which libcurl4-openssl-dev already depends on.
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),

        // The domain: surveys, recipients, ratings, tokens, configuration. No I/O beyond reading a config file.
        .target(
            name: "SmileyCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // MIME both ways: headers, RFC 2047/2231, quoted-printable, base64, multipart build and parse, iconv.
        .target(name: "SmileyMIME", dependencies: ["SmileyCore"], swiftSettings: swiftSettings),
        // libxml2 behind a small safe API.
        .target(name: "SmileyHTML", dependencies: ["CLibXML2"], swiftSettings: swiftSettings + [libxml2Headers]),
        .target(
            name: "SmileyTemplates",
            dependencies: [
                "SmileyCore", "SmileyMIME", "SmileyHTML",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SmileyMail",
            dependencies: [
                "SmileyCore", "SmileyMIME", "SmileyStore", "CCurl", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SmileyInbound",
            dependencies: [
                "SmileyCore", "SmileyMIME", "SmileyHTML", "CZlib",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SmileyStore",
            dependencies: ["SmileyCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SmileyWorkflows",
            dependencies: [
                "SmileyCore", "SmileyMIME", "SmileyHTML", "SmileyTemplates", "SmileyMail", "SmileyInbound",
                "SmileyStore", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The web side: one-click ratings, the comment page, one-click unsubscribe, over Hummingbird. Its own
        // executable, so the per-message `smiley ingest` process never maps SwiftNIO (see README, "Architecture").
        .target(
            name: "SmileyServer",
            dependencies: [
                "SmileyWorkflows", "SmileyTemplates", "SmileyStore", "SmileyCore", "SmileyInbound",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "smiley-server",
            dependencies: [
                "SmileyServer", "SmileyWorkflows", "SmileyCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "smiley",
            dependencies: [
                "SmileyWorkflows", "SmileyCore", "SmileyMail", "SmileyInbound",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings,
            // A release build is linked as a position-dependent executable: a PIE of this size carries ~95,000
            // relative relocations, and applying them (copy-on-write of ~1 MB of pointers) was a fifth of every
            // `smiley ingest` process. The trade-off (the executable's own code at a fixed address; libraries,
            // stack and heap still randomized) is discussed in the README, "Benchmarks". Two more start-up costs
            // are cut: libstdc++ is linked statically (packaging/link/libstdc++.so says how; the shared one cost
            // ~1,700 symbol relocations, a quarter of an ingest's instructions), and the executable's ~10,000 Swift
            // symbols are not exported (the toolchain's -export-dynamic made the runtime's start-up dladdr, which
            // looks for swift-backtrace, scan them all); nothing looks them up by name. And libgcc is linked
            // statically: the shared libgcc_s runs a constructor at load that asks the processor for its features
            // with `cpuid`, which traps to the hypervisor on a virtual machine (5 % of an ingest process).
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-Xclang-linker", "-no-pie", "-L", Context.packageDirectory + "/packaging/link",
                        "-Xlinker", "--no-export-dynamic", "-Xclang-linker", "-static-libgcc",
                    ],
                    .when(platforms: [.linux], configuration: .release)
                )
            ]
        ),

        .testTarget(
            name: "SmileyServerTests",
            dependencies: [
                "SmileyServer", "SmileyWorkflows", "SmileyStore", "SmileyCore",
                "SmileyTestSNS",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Amazon SNS played in tests (SES webhooks): an RSA key and a self-signed certificate, signing SNS messages.
        // X509 is imported implementation-only here and in SmileyInbound: X509 imports CoreFoundation, and a module
        // that loads it sees C structs (stat, pthread_rwlock_t, sockaddr_in) as CoreFoundation's, which
        // MemberImportVisibility then refuses in files that import only Foundation.
        .target(
            name: "SmileyTestSNS",
            dependencies: [
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Tests/SmileyTestSNS",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SmileyCoreTests", dependencies: ["SmileyCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SmileyMIMETests",
            dependencies: ["SmileyMIME", "SmileyCore"],
            exclude: ["Scripts"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SmileyHTMLTests",
            dependencies: ["SmileyHTML"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SmileyTemplatesTests",
            dependencies: ["SmileyTemplates", "SmileyCore", "SmileyMIME"],
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SmileyMailTests",
            dependencies: ["SmileyMail", "SmileyStore", "SmileyCore", "SmileyMIME"],
            exclude: ["Servers"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SmileyInboundTests",
            dependencies: [
                "SmileyInbound", "SmileyCore", "SmileyMIME", "SmileyTestSNS",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SmileyStoreTests",
            dependencies: ["SmileyStore", "SmileyCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SmileyWorkflowsTests",
            dependencies: [
                "SmileyWorkflows", "SmileyCore", "SmileyMail", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SmileyCLITests",
            dependencies: ["smiley", "smiley-server", "SmileyCore"],
            exclude: ["Snapshots", "Browser"],
            swiftSettings: swiftSettings
        ),
    ]
)
