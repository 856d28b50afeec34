import Foundation
import KioskCore
import KioskInput
import ServiceLifecycle

/// The server-side TV navigation (KIOSK-UX.md: "the back end owns the navigation state"): one
/// ``Navigator``, fed by button presses and the player, reading menus from the catalog, publishing
/// every new state to the `/tv` page's event stream.
///
/// Time is the monotonic clock the kernel stamps button edges with (`CLOCK_MONOTONIC`). Between
/// events the service sleeps until the navigator's next deadline (status bar, countdown), or until
/// something happens; with nothing pending it does not wake at all.
public actor TVNavigation: Service, TVControl {
    private var navigator = Navigator()
    private let catalog: any Catalog
    /// mpv (the board's player), or nil: the page's `<video>` plays (the browser player).
    private let player: (any Player)?
    /// Where the cache's files are, for the player.
    private let cacheDirectory: String
    private let now: @Sendable () -> Duration
    /// The page plays a click on each press acted on (`[buttons] sound`).
    private let clickSound: Bool
    /// Presses acted on so far: a press that changed the state or had an effect.
    private var presses = 0
    private let subscribers = Subscribers<NavigationState>()
    private let alarm = Alarm()
    private var lastPublished: NavigationState?

    public init(
        catalog: any Catalog, player: (any Player)? = nil, cacheDirectory: String = "", clickSound: Bool = false,
        now: @escaping @Sendable () -> Duration = MonotonicClock.now
    ) {
        self.catalog = catalog
        self.player = player
        self.cacheDirectory = cacheDirectory
        self.clickSound = clickSound
        self.now = now
    }

    public func run() async throws {
        await apply(navigator.start(at: now()))
        await withTaskGroup(of: Void.self) { group in
            if let events = player?.events() {
                group.addTask {
                    for await event in events.cancelOnGracefulShutdown() { await self.playerEvent(event) }
                }
            }
            await withGracefulShutdownHandler {
                while !Task.isCancelled, !Task.isShuttingDownGracefully {
                    await alarm.sleep(for: navigator.nextDeadline.map { max(.zero, $0 - now()) })
                    await apply(navigator.advance(to: now()))
                }
            } onGracefulShutdown: { [alarm] in
                alarm.ring()
            }
            group.cancelAll()
        }
        subscribers.finish()
    }

    /// What mpv reports, in the navigator's terms.
    private func playerEvent(_ event: PlayerEvent) async {
        switch event {
        case .position(let seconds, _):
            await player(.position(seconds))
        case .ended(_, .endOfFile, _):
            await player(.ended)
        case .ended(_, .failed, _):
            await player(.failed)
        default:
            break
        }
    }

    // MARK: TVControl

    public func states() -> AsyncStream<NavigationState> {
        subscribers.subscribe(current: pageState)
    }

    public func press(_ action: ButtonAction, kind: ButtonPress.Kind) async {
        await handle(ButtonPress(input: "keyboard", action: action, kind: kind, timestamp: now()))
    }

    /// A press from a button source (its kernel timestamp).
    public func handle(_ press: ButtonPress) async {
        let before = navigator.state
        let effects = navigator.handle(press)
        // Only a press that did something clicks: 返回 on home, or a held 确定, stays silent.
        if !effects.isEmpty || navigator.state != before { presses += 1 }
        await apply(effects)
        alarm.ring()  // the press may have moved the next deadline
    }

    public func player(_ event: TVPlayerEvent) async {
        switch event {
        case .position(let seconds):
            navigator.positionChanged(seconds)
            publish()
        case .ended:
            await apply(navigator.ended(at: now()))
        case .failed:
            await apply(navigator.playbackFailed(at: now()))
        }
        alarm.ring()
    }

    /// The current state (tests, `yinling status`).
    public var state: NavigationState { navigator.state }

    // MARK: Effects

    /// Carries out effects: catalog reads are answered here; player effects go to mpv, or, with the
    /// browser player, are the page's to carry out from the state.
    private func apply(_ effects: [NavigatorEffect]) async {
        var pending = effects
        while !pending.isEmpty {
            let effect = pending.removeFirst()
            if case .load(let load) = effect {
                publish()  // the pending tile, at once: the press's visible answer
                pending += navigator.loaded(await answer(load), at: now())
            } else if let player {
                publish()
                if await !command(player, effect) { pending += navigator.playbackFailed(at: now()) }
            }
        }
        publish()
    }

    /// One player effect; false when the video could not be started.
    private func command(_ player: any Player, _ effect: NavigatorEffect) async -> Bool {
        do {
            switch effect {
            case .play(let id, let from):
                // The media URL is /media/<sha256>.<ext>; the catalog knows the verified file behind it.
                guard let detail = try await catalog.resource(id: id, source: .tv),
                    let name = detail.media.url.split(separator: "/").last,
                    let file = try await catalog.file(sha256: String(name.prefix { $0 != "." }))
                else { return false }
                let path = cacheDirectory + "/" + file.relativePath
                try await player.load(
                    PlayerItem(resourceID: id, location: path, durationSeconds: detail.resource.durationSeconds),
                    at: from)
            case .seek(let seconds): try await player.seek(by: seconds)
            case .togglePause: try await player.togglePause()
            case .stop: try await player.stop()
            case .setVolume(let volume): try await player.setVolume(Double(volume))
            case .load: break
            }
            return true
        } catch {
            return false
        }
    }

    private func answer(_ load: NavigatorLoad) async -> NavigatorAnswer {
        switch load {
        case .home: .home(try? await catalog.home(source: .tv))
        case .category(let name): .category(name, try? await catalog.category(named: name))
        case .series(let name): .series(name, try? await catalog.series(named: name, source: .tv))
        case .resource(let id): .resource(id, try? await catalog.resource(id: id, source: .tv))
        }
    }

    /// The navigator's state with what the page needs besides: who plays, the click.
    private var pageState: NavigationState {
        var state = navigator.state
        state.externalPlayer = player != nil
        state.clickSound = clickSound
        state.presses = presses
        return state
    }

    private func publish() {
        let state = pageState
        guard state != lastPublished else { return }
        lastPublished = state
        subscribers.yield(state)
    }
}
