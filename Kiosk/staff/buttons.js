// The button check (按钮测试, docs/staff.md): the presses the service decodes, live, while the panel
// is open (server-sent events: docs/api.md "Button check"). The same reports `yinling buttons` prints.
import { resume } from "./client.js";
import { element } from "./dashboard.js";

const $ = (id) => document.getElementById(id);
const LIMIT = 20;

const ACTIONS = {
  previous: "上一个", next: "下一个", ok: "确定", back: "返回", home: "主页", volume_up: "音量加", volume_down: "音量减",
};
const KINDS = {
  press: "按下", repeat: "连按", long_press: "长按", noise: "干扰，已忽略", stuck: "卡住了，已忽略",
  released: "松开了，恢复正常", error: "出错",
};
const SHORT = "按的时间太短，可能是接触不良或干扰";
const SOON = "离上一下太近，可能是按键抖动";
const NOISE = { tooShort: SHORT, too_short: SHORT, tooSoon: SOON, too_soon: SOON, "out of order": "信号的时间顺序不对" };

let events = null;
let onLoggedOut = () => {};

/** `GPIO gpiochip0 lines 17, 27` and `input device /dev/input/event3`, as staff read them. */
const sourceName = (name) => name.replace(/^input device /, "按键设备 ").replace(/^GPIO (\S+) lines /, "GPIO $1 的线路 ");

/** The sources of a ready report (its names joined by ", "; a GPIO name has commas of its own). */
const sources = (input) => (input ? input.split(/, (?=GPIO |input device )/) : []);

function explain(report) {
  if (report.kind === "noise") return NOISE[report.detail] || report.detail || "";
  if (report.kind === "stuck") return "按下超过一分钟：在松开之前都不算数。请检查这个按钮和它的接线。";
  if (report.kind === "error") return report.detail || "";
  return "";
}

function showReady(report) {
  const names = sources(report.input);
  $("button-sources").replaceChildren(...names.map((name) => element("li", {}, sourceName(name))));
  if (!names.length) {
    $("button-sources").append(element("li", {}, "没有设置按钮（配置文件的 [buttons]）。电视页的键盘不经过这里。"));
  }
  $("button-problems").replaceChildren();
  $("button-problems-title").hidden = true;
}

function showProblem(report) {
  const list = $("button-problems");
  for (const item of list.querySelectorAll("li")) {
    if (item.dataset.input === report.input && item.dataset.kind === report.kind) item.remove();
  }
  if (report.kind === "released") {
    for (const item of list.querySelectorAll("li[data-kind=stuck]")) if (item.dataset.input === report.input) item.remove();
  } else {
    const what = report.kind === "error" ? `无法使用：${sourceName(report.input)}` : `卡住了：${report.input}`;
    list.append(element("li", { "data-kind": report.kind, "data-input": report.input },
      element("strong", {}, what), element("span", {}, explain(report))));
  }
  $("button-problems-title").hidden = list.children.length === 0;
}

function showPress(report) {
  const time = new Date().toLocaleTimeString("zh-CN", { hour12: false });
  const action = ACTIONS[report.action] || report.action || "";
  const detail = explain(report);
  const item = element("li", { class: `kind-${report.kind}`, "data-kind": report.kind, "data-action": report.action,
    "data-input": report.input },
  element("span", { class: "time" }, time),
  element("strong", { class: "action" }, action),
  element("span", { class: "kind" }, KINDS[report.kind] || report.kind),
  element("span", { class: "input" }, report.input),
  detail ? element("span", { class: "detail" }, detail) : null);
  $("presses").prepend(item);
  while ($("presses").children.length > LIMIT) $("presses").lastElementChild.remove();
  $("presses-empty").hidden = true;
}

function show(report) {
  if (report.kind === "ready") return showReady(report);
  if (["error", "stuck", "released"].includes(report.kind)) showProblem(report);
  if (report.kind !== "error") showPress(report);   // a source that fails is no press
}

function start() {
  stop();
  $("buttons-state").textContent = "正在连接……";
  events = new EventSource("/api/v1/staff/buttons/events");
  events.onopen = () => { $("buttons-state").textContent = "已连接：请按按钮。"; };
  events.onmessage = (event) => show(JSON.parse(event.data));
  events.onerror = async () => {
    $("buttons-state").textContent = "连接中断，正在重新连接……";
    // The browser retries by itself unless the server refused the stream: the session ended, or
    // this service runs no buttons. Neither gets better by asking again.
    if (events?.readyState !== EventSource.CLOSED) return;
    stop();
    if (!(await resume())) return onLoggedOut();
    $("buttons-state").textContent = "学习站现在不能做按钮测试。请把这一栏关上再打开试试。";
  };
}

/** Closes the stream (the panel closed, or staff logged out). */
export function stop() {
  events?.close();
  events = null;
}

/** Opens the stream while the panel is open; `loggedOut` is called when the session has ended. */
export function setUp(loggedOut) {
  onLoggedOut = loggedOut;
  $("buttons").addEventListener("toggle", () => ($("buttons").open ? start() : stop()));
}
