import Testing

@testable import HubCore
