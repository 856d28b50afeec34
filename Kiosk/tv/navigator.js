// The TV's navigator: one state (docs/navigation-state.md) changed only by the four buttons
// (previous, next, ok, back; plus home). It lives in the page for now; the buttons issue moves
// it into the server, which then sends the same state as server-sent events.
import { api, clock, length } from "../shared/api.js";

export const PAGE_SIZE = 6;
const STATUS_MS = 3000;
const COUNTDOWN_SECONDS = 10;
const SEEK_SECONDS = 30;

export class Navigator {
  constructor({ player, reporter, render }) {
    this.player = player;
    this.reporter = reporter;
    this.render = () => render(this.state());
    this.stack = [];          // screens: { screen, title, items, focus, key }
    this.playing = null;      // { detail, paused, position, statusVisible, countdown }
    this.pending = false;
    this.statusTimer = null;
    this.countdownTimer = null;
  }

  /** Shows home; until the kiosk answers, a calm "getting ready" tile, retried every few seconds. */
  async start() {
    while (!(await this.goHome())) {
      this.stack = [{ screen: "home", title: "银龄学习站", focus: 0, items: [
        { kind: "empty", id: "starting", title: "正在准备", subtitle: "请稍候", image: "/icons/popular.svg" }] }];
      this.render();
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  }

  /** The state the page renders: only the current page of items. */
  state() {
    const top = this.stack[this.stack.length - 1] || { screen: "home", title: "银龄学习站", items: [], focus: 0 };
    if (this.playing) {
      const p = this.playing;
      return {
        screen: "player", title: p.detail.resource.title, items: [], focus: 0, page: 1, pages: 1, back: true,
        pending: false,
        player: {
          resource: p.detail.resource.id, title: p.detail.resource.title, position: p.position,
          duration: p.detail.resource.durationSeconds, paused: p.paused, statusVisible: p.statusVisible,
          countdown: p.countdown,
        },
      };
    }
    const pages = Math.max(1, Math.ceil(top.items.length / PAGE_SIZE));
    const page = Math.floor(top.focus / PAGE_SIZE);
    return {
      screen: top.screen, title: top.title,
      items: top.items.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map(({ data, ...item }) => item),
      focus: top.focus - page * PAGE_SIZE, page: page + 1, pages, back: this.stack.length > 1,
      pending: this.pending, player: null,
    };
  }

  /** One button press: "previous", "next", "ok", "back" or "home". */
  async press(action) {
    if (this.playing) return this.pressInPlayer(action);
    const top = this.stack[this.stack.length - 1];
    if (!top) return;
    const count = top.items.length;
    switch (action) {
      case "previous": if (count) top.focus = (top.focus - 1 + count) % count; break;
      case "next": if (count) top.focus = (top.focus + 1) % count; break;
      case "back": if (this.stack.length > 1) this.stack.pop(); break;
      case "home": await this.goHome(); return;
      case "ok": await this.open(top.items[top.focus]); return;
    }
    this.render();
  }

  /** Loads home and shows it; false when the kiosk did not answer (the screen stays as it was). */
  async goHome() {
    const home = await this.guard(() => api.home("tv"));
    if (!home) return false;
    const items = [];
    if (home.resume) {
      const r = home.resume.resource;
      items.push({ kind: "resume", id: r.id, title: r.title, subtitle: `继续观看 · 已看到 ${clock(home.resume.position)}`,
        image: r.cover, badge: "继续观看", data: { position: home.resume.position } });
    }
    for (const c of home.categories) {
      items.push({ kind: "category", id: c.name, title: c.name, subtitle: `${c.count} 个节目`, image: c.icon });
    }
    if (home.popular.length) {
      items.push({ kind: "popular", id: "popular", title: "大家都在看", subtitle: `${home.popular.length} 个节目`,
        image: "/icons/popular.svg", data: { popular: home.popular } });
    }
    if (!items.length) {
      items.push({ kind: "empty", id: "empty", title: "节目正在准备中", subtitle: "请稍后再来", image: "/icons/popular.svg" });
    }
    this.stack = [{ screen: "home", title: "银龄学习站", items, focus: 0 }];
    this.render();
    return true;
  }

  async open(item) {
    if (!item) return;
    switch (item.kind) {
      case "category": {
        const menu = await this.guard(() => api.category(item.id));
        if (menu) this.push("category", menu.name, menu.entries.map(entryItem));
        break;
      }
      case "popular":
        this.push("popular", "大家都在看", item.data.popular.map((card) => cardItem(card)));
        break;
      case "series": {
        const series = await this.guard(() => api.series(item.id, "tv"));
        if (series) {
          const items = series.episodes.map((card) => cardItem(card, series.name));
          this.push("series", series.name, items, Math.max(0, items.findIndex((i) => i.id === series.next)));
        }
        break;
      }
      case "resource":
      case "resume":
        await this.play(item.id, item.data && item.data.position);
        break;
    }
  }

  push(screen, title, items, focus = 0) {
    this.stack.push({ screen, title, items, focus });
    this.render();
  }

  /** Runs a load with the focused tile marked as opening; failures leave the screen as it was. */
  async guard(load) {
    this.pending = true;
    this.render();
    try {
      return await load();
    } catch (error) {
      console.warn("yinling: could not load", error);
      return null;
    } finally {
      this.pending = false;
    }
  }

  async play(resourceId, position) {
    const detail = await this.guard(() => api.resource(resourceId, "tv"));
    if (!detail) return this.render();
    const start = position ?? detail.resumePosition ?? 0;
    try {
      await this.reporter.start(detail.resource.id, start);   // committed before playback starts
    } catch (error) {
      console.warn("yinling: the play log did not answer; not playing", error);
      return this.render();
    }
    this.playing = { detail, paused: false, position: start, statusVisible: true, countdown: null };
    this.showStatus();
    this.render();
    try {
      await this.player.load(detail.media.url, start);
      this.reporter.attach(this.player.video);
    } catch (error) {
      console.warn("yinling: playback failed", error);
      this.stopPlaying();
    }
  }

  async pressInPlayer(action) {
    const p = this.playing;
    if (p.countdown) {
      if (action === "back") return this.stopPlaying();
      if (action === "home") { this.stopPlaying(); return this.goHome(); }
      if (action === "ok") return this.playNext();
      return;
    }
    switch (action) {
      case "previous": this.player.seekBy(-SEEK_SECONDS); break;
      case "next": this.player.seekBy(SEEK_SECONDS); break;
      case "ok": p.paused = this.player.toggle(); break;
      case "back": return this.stopPlaying();
      case "home": this.stopPlaying(); return this.goHome();
    }
    p.position = this.player.position();
    this.showStatus();
    this.render();
  }

  /** From the player: time moved. */
  timeChanged(position) {
    if (!this.playing) return;
    this.playing.position = position;
    if (this.playing.statusVisible) this.render();
  }

  /** From the player: the video reached its end. */
  ended() {
    if (!this.playing) return;
    this.reporter.finish();
    const next = this.playing.detail.nextInSeries;
    if (!next) return this.stopPlaying();
    this.playing.countdown = { seconds: COUNTDOWN_SECONDS, next };
    this.render();
    this.countdownTimer = setInterval(() => {
      if (!this.playing || !this.playing.countdown) return clearInterval(this.countdownTimer);
      this.playing.countdown.seconds -= 1;
      if (this.playing.countdown.seconds <= 0) this.playNext(); else this.render();
    }, 1000);
  }

  async playNext() {
    const next = this.playing && this.playing.countdown && this.playing.countdown.next;
    clearInterval(this.countdownTimer);
    this.player.stop();
    this.playing = null;
    if (next) await this.play(next, 0);
  }

  /** 返回 in the player: stop, keep the position (the play log has it), back to the list. */
  stopPlaying() {
    clearInterval(this.countdownTimer);
    clearTimeout(this.statusTimer);
    const id = this.playing && this.playing.detail.resource.id;
    this.reporter.finish();   // before stopping, so the end carries the position
    this.player.stop();
    this.playing = null;
    const top = this.stack[this.stack.length - 1];
    if (top) {
      const index = top.items.findIndex((item) => item.id === id && (item.kind === "resource" || item.kind === "resume"));
      if (index >= 0) top.focus = index;
    }
    if (top && top.screen === "home") return this.goHome();   // refresh 继续观看
    this.render();
  }

  showStatus() {
    this.playing.statusVisible = true;
    clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => {
      if (!this.playing) return;
      this.playing.statusVisible = this.playing.paused;   // a paused video keeps its status bar
      this.render();
    }, STATUS_MS);
  }
}

/** A resource tile; inside a series the series name is left out of the title ("第1集：起势"). */
function cardItem(card, series) {
  const who = card.lecturers.join("、");
  const title = series && card.title.startsWith(series) && card.title.length > series.length
    ? card.title.slice(series.length).trim() : card.title;
  return { kind: "resource", id: card.id, title, subtitle: `${who} · ${length(card.durationSeconds)}`, image: card.cover };
}

function entryItem(entry) {
  const who = entry.lecturers.join("、");
  if (entry.kind === "series") {
    return { kind: "series", id: entry.id, title: entry.title, subtitle: `${entry.episodes} 集 · ${who}`, image: entry.cover };
  }
  return { kind: "resource", id: entry.id, title: entry.title, subtitle: `${who} · ${length(entry.durationSeconds)}`, image: entry.cover };
}
