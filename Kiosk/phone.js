// The phone page: the same catalog, touch-first, playing in the phone's own player. The resume
// position is kept in this browser (localStorage), not on the kiosk.
import { api, clock, length } from "./shared/api.js";
import { PlayReporter } from "./shared/plays.js";

const view = document.getElementById("view");
const reporter = new PlayReporter("phone");
const RESUME_KEY = "yinling.resume";

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value; else if (key in node) node[key] = value; else node.setAttribute(key, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function row({ href, image, title, subtitle, round }) {
  return element("a", { class: "row", href },
    element("img", { src: image, alt: "", class: round ? "icon" : "thumb" }),
    element("span", { class: "text" }, element("strong", {}, title), element("span", { class: "sub" }, subtitle)));
}

const link = (kind, id) => `#/${kind}/${encodeURIComponent(id)}`;
const who = (card) => card.lecturers.join("、");

function resumes() {
  try { return JSON.parse(localStorage.getItem(RESUME_KEY)) || {}; } catch { return {}; }
}

function remember(id, title, position, duration) {
  const all = resumes();
  if (position < 10 || position > duration * 0.95) delete all[id];
  else all[id] = { title, position, duration, at: Date.now() };
  try { localStorage.setItem(RESUME_KEY, JSON.stringify(all)); } catch { /* private mode: no resume */ }
}

function show(title, canGoBack, ...nodes) {
  document.getElementById("title").textContent = title;
  document.getElementById("back").hidden = !canGoBack;
  view.replaceChildren(...nodes);
  window.scrollTo(0, 0);
}

async function home() {
  const menu = await api.home("phone");
  const last = Object.entries(resumes()).sort((a, b) => b[1].at - a[1].at)[0];
  const sections = [];
  if (last) {
    const [id, entry] = last;
    sections.push(element("h2", {}, "继续观看"),
      row({ href: link("resource", id), image: "/icons/resume.svg", round: true, title: entry.title,
        subtitle: `已看到 ${clock(entry.position)}` }));
  }
  sections.push(element("h2", {}, "分类"),
    ...menu.categories.map((c) => row({ href: link("category", c.name), image: c.icon, round: true, title: c.name, subtitle: `${c.count} 个节目` })));
  if (menu.popular.length) {
    sections.push(element("h2", {}, "大家都在看"),
      ...menu.popular.map((r) => row({ href: link("resource", r.id), image: r.cover, title: r.title, subtitle: `${who(r)} · ${length(r.durationSeconds)}` })));
  }
  if (!menu.categories.length) sections.push(element("p", { class: "note" }, "节目正在准备中，请稍后再来。"));
  show("银龄学习站", false, ...sections);
}

async function category(name) {
  const menu = await api.category(name);
  show(menu.name, true, ...menu.entries.map((e) => e.kind === "series"
    ? row({ href: link("series", e.id), image: e.cover, title: e.title, subtitle: `${e.episodes} 集 · ${e.lecturers.join("、")}` })
    : row({ href: link("resource", e.id), image: e.cover, title: e.title, subtitle: `${e.lecturers.join("、")} · ${length(e.durationSeconds)}` })));
}

async function series(name) {
  const menu = await api.series(name, "phone");
  show(menu.name, true, ...menu.episodes.map((r) =>
    row({ href: link("resource", r.id), image: r.cover, title: r.title, subtitle: `${who(r)} · ${length(r.durationSeconds)}` })));
}

async function resource(id) {
  const detail = await api.resource(id, "phone");
  const card = detail.resource;
  const saved = resumes()[card.id];
  const video = element("video", { controls: true, playsInline: true, preload: "metadata", poster: card.cover, src: detail.media.url });
  const buttons = element("div", { class: "actions" });
  const play = async (position) => {
    buttons.hidden = true;
    try {
      await reporter.start(card.id, position);          // committed before playback starts
    } catch {
      buttons.hidden = false;                           // the kiosk did not answer: the buttons stay
      return;
    }
    if (position > 0) video.currentTime = position;
    reporter.attach(video);
    video.play().catch(() => { buttons.hidden = false; });
  };
  // The phone's own play control also goes through the play log first.
  video.addEventListener("play", () => { if (!reporter.token) { video.pause(); play(video.currentTime); } });
  let lastSaved = 0;
  video.addEventListener("timeupdate", () => {
    if (Math.abs(video.currentTime - lastSaved) < 5) return;
    lastSaved = video.currentTime;
    remember(card.id, card.title, video.currentTime, card.durationSeconds);
  });
  video.addEventListener("pause", () => remember(card.id, card.title, video.currentTime, card.durationSeconds));
  video.addEventListener("ended", () => {
    reporter.finish();
    remember(card.id, card.title, card.durationSeconds, card.durationSeconds);
    if (detail.nextInSeries) buttons.replaceChildren(element("a", { class: "button", href: link("resource", detail.nextInSeries) }, "▶ 下一集"));
    buttons.hidden = false;
  });
  if (saved) {
    buttons.append(element("button", { class: "button", onclick: () => play(saved.position) }, `▶ 从 ${clock(saved.position)} 继续`),
      element("button", { class: "button secondary", onclick: () => play(0) }, "从头播放"));
  } else {
    buttons.append(element("button", { class: "button", onclick: () => play(0) }, "▶ 播放"));
  }
  show(card.title, true, video, buttons,
    element("p", { class: "meta" }, `主讲：${who(card)}　时长：${length(card.durationSeconds)}`),
    element("p", { class: "summary" }, detail.summary),
    element("p", { class: "meta" }, `${detail.copyrightHolder}${detail.created ? " · " + detail.created : ""}`));
}

async function route() {
  reporter.finish();
  const [, kind, raw] = location.hash.split("/");
  const id = raw ? decodeURIComponent(raw) : "";
  try {
    if (kind === "category" && id) await category(id);
    else if (kind === "series" && id) await series(id);
    else if (kind === "resource" && id) await resource(id);
    else await home();
  } catch (error) {
    // Learners never see an error text: whatever cannot be shown leads back home.
    console.warn("yinling:", error);
    if (kind) location.hash = "#/"; else show("银龄学习站", false, element("p", { class: "note" }, "正在连接，请稍候……"));
  }
}

window.addEventListener("hashchange", route);
document.getElementById("back").addEventListener("click", (event) => { event.preventDefault(); history.length > 1 ? history.back() : (location.hash = "#/"); });
route();
