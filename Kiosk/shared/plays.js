// Reports one playback to the play log (docs/api.md "Plays"): the start is committed before the
// video plays; progress goes out at least every 10 s and on pause; the end on "ended", when the
// learner stops, and by sendBeacon when the page goes away.

const PROGRESS_INTERVAL_MS = 10000;

export class PlayReporter {
  constructor(source) {
    this.source = source;
    this.token = null;
    this.video = null;
    this.played = 0;
    this.lastTime = 0;
    this.timer = null;
    this.reported = "";
    this.onTimeUpdate = () => this.countTime();
    this.onSeeked = () => { this.lastTime = this.video.currentTime; };
    this.onPause = () => { if (!this.video.ended) this.progress(); };
    this.onPageHide = () => this.beacon(true);
    this.onHidden = () => { if (document.visibilityState === "hidden") this.beacon(false); };
  }

  /** Records the start; resolves once the kiosk has committed it. Retries twice on failure. */
  async start(resourceId, position) {
    this.finish();
    const body = JSON.stringify({ resource: resourceId, source: this.source, position: position || 0 });
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await fetch("/api/v1/plays", { method: "POST", body, headers: { "Content-Type": "application/json" } });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        this.token = (await response.json()).token;
        this.played = 0;
        this.reported = "";
        return this.token;
      } catch (error) {
        if (attempt >= 2) throw error;
        await new Promise((resolve) => setTimeout(resolve, 400 * (attempt + 1)));
      }
    }
  }

  /** Follows a <video> element: counts seconds actually played, reports on a timer. */
  attach(video) {
    this.detach();
    this.video = video;
    this.lastTime = video.currentTime;
    video.addEventListener("timeupdate", this.onTimeUpdate);
    video.addEventListener("seeked", this.onSeeked);
    video.addEventListener("pause", this.onPause);
    window.addEventListener("pagehide", this.onPageHide);
    document.addEventListener("visibilitychange", this.onHidden);
    this.timer = setInterval(() => this.progress(), PROGRESS_INTERVAL_MS);
  }

  detach() {
    if (!this.video) return;
    this.video.removeEventListener("timeupdate", this.onTimeUpdate);
    this.video.removeEventListener("seeked", this.onSeeked);
    this.video.removeEventListener("pause", this.onPause);
    window.removeEventListener("pagehide", this.onPageHide);
    document.removeEventListener("visibilitychange", this.onHidden);
    clearInterval(this.timer);
    this.video = null;
  }

  /** Seconds that passed while playing; jumps (seeks) are not counted. */
  countTime() {
    const now = this.video.currentTime;
    const delta = now - this.lastTime;
    if (!this.video.seeking && delta > 0 && delta < 2) this.played += delta;
    this.lastTime = now;
  }

  report(ended) {
    return JSON.stringify({
      position: Math.round((this.video ? this.video.currentTime : 0) * 10) / 10,
      played: Math.round(this.played * 10) / 10,
      ended,
    });
  }

  /** Sends progress if anything changed since the last report. */
  progress() {
    if (!this.token || !this.video) return;
    const body = this.report(false);
    if (body === this.reported) return;
    this.reported = body;
    fetch(`/api/v1/plays/${this.token}`, { method: "POST", body, headers: { "Content-Type": "application/json" }, keepalive: true })
      .catch(() => {});
  }

  /** Reports the end (the video ended, or the learner stopped it) and stops following. */
  finish() {
    if (this.token && this.video) {
      fetch(`/api/v1/plays/${this.token}`, { method: "POST", body: this.report(true), headers: { "Content-Type": "application/json" }, keepalive: true })
        .catch(() => {});
    }
    this.detach();
    this.token = null;
  }

  /** For page hide: the browser delivers a beacon even while the page is being torn down. */
  beacon(ended) {
    if (!this.token || !this.video) return;
    navigator.sendBeacon(`/api/v1/plays/${this.token}`, new Blob([this.report(ended)], { type: "application/json" }));
    if (ended) { this.detach(); this.token = null; }
  }
}
