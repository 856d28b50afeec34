// The TV page's link to the server-side navigation (docs/api.md "TV"): the state arrives as
// server-sent events and is rendered; presses go to the server; the page's <video> (the browser
// player) follows the state and reports its position, its end and its failures back.
import { api } from "../shared/api.js";

const POSITION_REPORT_MS = 2000;   // keeps the server's idea of the position close for seeks and stops
const SEEK_TOLERANCE_S = 5;        // a larger gap between the state and the video is a seek
const HEARTBEAT_MS = 10000;        // the TV session restarts a browser silent for 60 s (docs/deploy.md)

export class TVSession {
  constructor({ player, reporter, render }) {
    this.player = player;
    this.reporter = reporter;
    this.render = render;
    this.playing = null;       // { resource, loading } of what the video holds
    this.lastReport = 0;
    this.shown = false;        // a screen was drawn: heartbeats start (the first one at once)
  }

  start() {
    // EventSource reconnects by itself (after the `retry:` the server sends); the server answers
    // a reconnecting page with the current state, so a restarted browser comes back to its screen.
    const events = new EventSource("/api/v1/tv/events");
    events.onmessage = (message) => this.show(JSON.parse(message.data));
    // Alive = this page's script runs and has drawn a screen; a hung or blank page stops sending.
    setInterval(() => { if (this.shown) this.post("/api/v1/tv/heartbeat", {}); }, HEARTBEAT_MS);
  }

  press(action, kind = "press") {
    return this.post("/api/v1/tv/press", { action, kind });
  }

  async show(state) {
    this.render(state);
    if (!this.shown) this.post("/api/v1/tv/heartbeat", {});
    this.shown = true;
    // With mpv (the board's player) the video is not the page's: it only draws the menus.
    const wanted = state.player && !state.player.countdown && !state.externalPlayer ? state.player : null;
    if (!wanted) return this.stopVideo();
    if (!this.playing || this.playing.resource !== wanted.resource) return this.startVideo(wanted);
    if (this.playing.loading) return;
    if (wanted.paused !== this.player.video.paused) this.player.toggle();
    if (Math.abs(wanted.position - this.player.position()) > SEEK_TOLERANCE_S) {
      this.player.seekBy(wanted.position - this.player.position());
    }
  }

  async startVideo(wanted) {
    this.stopVideo();
    const playing = { resource: wanted.resource, loading: true };
    this.playing = playing;
    try {
      const detail = await api.resource(wanted.resource, "tv");
      await this.reporter.start(wanted.resource, wanted.position);   // committed before playback starts
      if (this.playing !== playing) return;
      await this.player.load(detail.media.url, wanted.position);
      this.reporter.attach(this.player.video);
      playing.loading = false;
    } catch (error) {
      console.warn("yinling: playback failed", error);
      if (this.playing === playing) this.post("/api/v1/tv/player", { event: "failed" });
    }
  }

  stopVideo() {
    if (!this.playing) return;
    this.reporter.finish();   // before stopping, so the end carries the position
    this.player.stop();
    this.playing = null;
  }

  /** From the player. */
  timeChanged(position) {
    if (!this.playing || this.playing.loading) return;
    const now = performance.now();
    if (now - this.lastReport < POSITION_REPORT_MS) return;
    this.lastReport = now;
    this.post("/api/v1/tv/player", { event: "position", seconds: position });
  }

  ended() {
    if (!this.playing) return;
    this.reporter.finish();
    this.post("/api/v1/tv/player", { event: "position", seconds: this.player.position() })
      .then(() => this.post("/api/v1/tv/player", { event: "ended" }));
  }

  failed(error) {
    console.warn("yinling: video error", error);
    this.post("/api/v1/tv/player", { event: "failed" });
  }

  async post(path, body) {
    try {
      await fetch(path, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
    } catch (error) {
      console.warn(`yinling: ${path} did not answer`, error);
    }
  }
}
