// The browser player: the page's <video>, full screen. (The buttons issue adds mpv as the
// default on boards; this stays as the fallback.)
export class BrowserPlayer {
  constructor(video, { onTime, onEnded, onError }) {
    this.video = video;
    video.addEventListener("timeupdate", () => onTime(video.currentTime));
    video.addEventListener("ended", () => onEnded());
    video.addEventListener("error", () => onError(video.error));
  }

  /** Loads `url`, starts at `position` seconds, and plays. */
  async load(url, position) {
    const video = this.video;
    video.src = url;
    if (position > 0) {
      await new Promise((resolve) => {
        video.addEventListener("loadedmetadata", resolve, { once: true });
        video.addEventListener("error", resolve, { once: true });
      });
      video.currentTime = Math.min(position, Math.max(0, (video.duration || position) - 1));
    }
    await video.play();
  }

  /** Pauses or resumes; returns whether it is now paused. */
  toggle() {
    if (this.video.paused) this.video.play().catch(() => {}); else this.video.pause();
    return this.video.paused;
  }

  pause() { this.video.pause(); }

  seekBy(seconds) {
    const end = Number.isFinite(this.video.duration) ? this.video.duration - 0.5 : Infinity;
    this.video.currentTime = Math.max(0, Math.min(end, this.video.currentTime + seconds));
  }

  position() { return this.video.currentTime; }

  stop() {
    this.video.pause();
    this.video.removeAttribute("src");
    this.video.load();
  }
}
