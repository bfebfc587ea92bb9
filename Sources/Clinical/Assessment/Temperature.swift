/// A body temperature as entered, in °C or °F.
package struct Temperature: Sendable, Equatable {
    package enum Unit: String, Sendable, CaseIterable {
        case celsius = "C"
        case fahrenheit = "F"
    }

    package var value: Double
    package var unit: Unit

    package init(value: Double, unit: Unit) {
        self.value = value
        self.unit = unit
    }

    package static func celsius(_ value: Double) -> Temperature { Temperature(value: value, unit: .celsius) }
    package static func fahrenheit(_ value: Double) -> Temperature { Temperature(value: value, unit: .fahrenheit) }

    /// The temperature in °C: (°F − 32) × 5/9 (the JAMA/AMA SI conversion table).
    package var celsius: Double {
        switch unit {
        case .celsius: value
        case .fahrenheit: Conversion.fahrenheitToCelsius(value)
        }
    }

    /// The temperature in °F: °C × 9/5 + 32.
    package var fahrenheit: Double {
        switch unit {
        case .celsius: Conversion.celsiusToFahrenheit(value)
        case .fahrenheit: value
        }
    }
}
