// The short click on every press the TV acts on (KIOSK-UX.md: "where sound is enabled, a short
// click"), when the state says `clickSound` (`[buttons] sound` in the configuration). The server
// counts the presses it acted on (`presses`), so GPIO buttons, keypads and this page's keyboard all
// click alike. The sound is decoded once ahead of time and played through Web Audio, so it starts
// at once. The board's Chromium runs with --autoplay-policy=no-user-gesture-required, as the video
// needs: button presses are no user gesture to the browser.
//
// <body data-click-sound> says off, loading, on or failed; data-clicks counts the clicks played
// (tests read both: they check the setting reaches the page, not what the speakers do).
export class ClickSound {
  constructor(url) {
    this.url = url;
    this.context = null;
    this.buffer = null;
    this.enabled = false;
    this.presses = null;   // the count in the last state: a new connection does not click
    this.played = 0;
    this.mark("off");
  }

  /** Every state the page renders. */
  follow(state) {
    this.enabled = !!state.clickSound;
    if (this.enabled && !this.context) this.load();
    if (!this.enabled) this.mark("off");
    else if (this.buffer) this.mark("on");
    const presses = Number(state.presses) || 0;
    if (this.presses !== null && presses > this.presses) this.play();
    this.presses = presses;
  }

  async load() {
    this.mark("loading");
    try {
      this.context = new AudioContext();
      const response = await fetch(this.url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.buffer = await this.context.decodeAudioData(await response.arrayBuffer());
      this.mark(this.enabled ? "on" : "off");
    } catch (error) {
      console.warn("yinling: the click sound cannot be used", error);
      this.mark("failed");
    }
  }

  play() {
    if (!this.enabled || !this.buffer) return;
    if (this.context.state === "suspended") this.context.resume().catch(() => {});
    const source = this.context.createBufferSource();
    source.buffer = this.buffer;
    source.connect(this.context.destination);
    source.start();
    this.played += 1;
    document.body.dataset.clicks = String(this.played);
  }

  mark(state) {
    document.body.dataset.clickSound = state;
  }
}
