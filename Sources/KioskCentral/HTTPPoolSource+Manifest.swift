import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension HTTPPoolSource {
    public func fetchManifest(retry: RetryPolicy) async throws(SourceError) -> FetchedManifest {
        guard let manifest = try await fetchSmallFile(manifestURL, retry: retry, missingIsNil: false) else {
            throw SourceError(.notFound, "\(manifestURL): not found")
        }
        let signature = try await fetchSmallFile(signatureURL, retry: retry, missingIsNil: true)
        return FetchedManifest(manifest: manifest, signature: signature)
    }

    /// GETs a file of at most ``Configuration/maximumManifestBytes``, retrying network errors and
    /// 408/429/5xx; nil for a 404/410 when `missingIsNil`.
    private func fetchSmallFile(_ url: String, retry: RetryPolicy, missingIsNil: Bool) async throws(SourceError)
        -> Data?
    {
        var failures = 0
        while true {
            var failure: SourceError
            var retryAfter: Duration?
            do {
                let response = try await get(url, timeout: configuration.manifestTimeout)
                let status = response.status
                if status == .ok {
                    let body = try await response.body.collect(upTo: configuration.maximumManifestBytes)
                    return Data(body.readableBytesView)
                }
                _ = try? await response.body.collect(upTo: 64 * 1024)
                if status == .notFound || status == .gone {
                    if missingIsNil { return nil }
                    throw SourceError(
                        .notFound, "\(url): \(status.code) \(status.reasonPhrase); is [pool] url the pool's address?")
                }
                failure = SourceError(.http, "\(url): \(status.code) \(status.reasonPhrase)")
                guard HTTPResponseStatus.isRetried(status) else { throw failure }
                retryAfter = response.headers.retryAfter
            } catch let error as SourceError {
                throw error
            } catch is NIOTooManyBytesError {
                throw SourceError(
                    .http, "\(url): larger than \(configuration.maximumManifestBytes / 1024 / 1024) MiB; refused")
            } catch {
                if Task.isCancelled { throw SourceError(.cancelled, "\(url): stopped") }
                failure = SourceError(.network, "\(url): \(describe(error))")
            }
            failures += 1
            guard failures < retry.maxAttempts else { throw failure }
            do {
                try await retry.sleep(retry.delay(afterFailures: failures, retryAfter: retryAfter))
            } catch {
                throw SourceError(.cancelled, "\(url): stopped")
            }
        }
    }
}

extension HTTPResponseStatus {
    /// Statuses worth asking again for: 408, 429 and every 5xx.
    static func isRetried(_ status: HTTPResponseStatus) -> Bool {
        status == .requestTimeout || status == .tooManyRequests || (500...599).contains(status.code)
    }
}

extension HTTPHeaders {
    /// The wait `Retry-After` asks for, if the response has one that parses.
    var retryAfter: Duration? {
        first(name: "Retry-After").flatMap { RetryPolicy.retryAfter($0, now: Int64(Date().timeIntervalSince1970)) }
    }
}
