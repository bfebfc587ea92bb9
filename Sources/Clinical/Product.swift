/// The product's identity, recorded with every stored event.
package enum Product {
    package static let name = "aegrade"
    /// Semantic version of the product; raise it with every release.
    package static let version = "0.2.0"
}
