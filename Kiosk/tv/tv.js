// The TV page: renders the server's navigation state and sends keys as the four button actions
// (the server owns the state: docs/navigation-state.md). Arrow keys, Enter and Escape are the
// development stand-ins for the buttons; a keyboard drives the page exactly as the buttons do.
import { clock } from "../shared/api.js";
import { PlayReporter } from "../shared/plays.js";
import { ClickSound } from "./click.js";
import { BrowserPlayer } from "./player.js";
import { TVSession } from "./session.js";

const PAGE_SIZE = 6;

const $ = (id) => document.getElementById(id);

const KEYS = {
  ArrowLeft: "previous", ArrowUp: "previous", PageUp: "previous",
  ArrowRight: "next", ArrowDown: "next", PageDown: "next",
  Enter: "ok", " ": "ok",
  Escape: "back", Backspace: "back", BrowserBack: "back",
  Home: "home", BrowserHome: "home",
};
const REPEAT_MS = 250;        // a held 上一个/下一个 repeats at most 4 times a second
const LONG_BACK_MS = 3000;    // holding 返回 for 3 s goes home

const HINTS = {
  home: "◀ ▶ 选择　确定 打开",
  other: "◀ ▶ 选择　确定 打开　返回 上一级　长按返回 回首页",
};

function render(state) {
  window.yinlingState = state;   // for tests and for staff debugging in the browser console
  const playing = state.screen === "player";
  $("menu").hidden = playing;
  $("player").hidden = !playing;
  if (playing) return renderPlayer(state.player);
  $("title").textContent = state.title;
  $("pager").hidden = state.pages < 2;
  $("pager").textContent = `第 ${state.page}/${state.pages} 页`;
  $("hints").textContent = state.back ? HINTS.other : HINTS.home;
  const grid = $("grid");
  grid.className = `screen-${state.screen}`;
  grid.replaceChildren(...state.items.map((item, index) => tile(item, index === state.focus, state.pending)));
  for (let i = state.items.length; i < PAGE_SIZE && state.pages > 1; i++) grid.append(document.createElement("div"));
}

function tile(item, focused, pending) {
  const element = document.createElement("article");
  element.className = `tile kind-${item.kind}` + (focused ? " focused" : "") + (focused && pending ? " opening" : "");
  element.dataset.id = item.id;
  const image = document.createElement("img");
  image.src = item.image;
  image.alt = "";
  const title = document.createElement("h2");
  title.textContent = item.title;
  const subtitle = document.createElement("p");
  subtitle.textContent = item.subtitle;
  element.append(image, title, subtitle);
  if (item.badge) {
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.textContent = item.badge;
    element.append(badge);
  }
  return element;
}

function renderPlayer(player) {
  $("status").hidden = !player.statusVisible || !!player.countdown;
  $("status-title").textContent = player.title;
  $("status-state").textContent = player.paused ? "⏸ 已暂停" : "▶ 播放中";
  $("status-time").textContent = `${clock(player.position)} / ${clock(player.duration)}`;
  $("status-fill").style.width = `${player.duration ? Math.min(100, (100 * player.position) / player.duration) : 0}%`;
  $("countdown").hidden = !player.countdown;
  if (player.countdown) $("countdown-text").textContent = `${player.countdown.seconds} 秒后播放下一集`;
}

const reporter = new PlayReporter("tv");
const click = new ClickSound("sounds/click.wav");
let session;
const player = new BrowserPlayer($("video"), {
  onTime: (position) => session.timeChanged(position),
  onEnded: () => session.ended(),
  onError: (error) => session.failed(error),
});
session = new TVSession({
  player, reporter,
  render: (state) => {
    click.follow(state);
    render(state);
  },
});

let lastRepeat = 0;
let backTimer = null;
document.addEventListener("keydown", (event) => {
  const action = KEYS[event.key];
  if (!action) return;
  event.preventDefault();
  if (event.repeat) {
    if (action !== "previous" && action !== "next") return;
    if (event.timeStamp - lastRepeat < REPEAT_MS) return;
    lastRepeat = event.timeStamp;
  }
  if (action === "back" && !event.repeat) {
    clearTimeout(backTimer);
    backTimer = setTimeout(() => session.press("back", "long_press"), LONG_BACK_MS);
  }
  session.press(action, event.repeat ? "repeat" : "press");
});
document.addEventListener("keyup", (event) => {
  if (KEYS[event.key] === "back") clearTimeout(backTimer);
});

session.start();
