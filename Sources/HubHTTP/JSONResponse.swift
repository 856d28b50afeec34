import Foundation
import Hummingbird
import NIOCore

/// Answers with bodies made elsewhere (HubCore renders the rankings).
enum JSONResponse {
    static func ok(_ body: Data) -> Response {
        make(body, status: .ok, contentType: "application/json; charset=utf-8")
    }

    static func make(_ body: Data, status: HTTPResponse.Status, contentType: String) -> Response {
        Response(
            status: status, headers: [.contentType: contentType, .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
