import Testing

@testable import KioskCentral
