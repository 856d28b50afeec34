// The staff page (KIOSK-UX.md "Staff page", docs/staff.md): log in, watch and steer content sync,
// edit the curation, check the buttons. Live status and presses come over server-sent events.
import * as buttons from "./buttons.js";
import { call, login, logout, message, resume } from "./client.js";
import * as curation from "./curation.js";
import { render } from "./dashboard.js";
import { renderUsage } from "./usage.js";

const $ = (id) => document.getElementById(id);
let events = null;
let countdown = null;

function showLogin(text = "") {
  events?.close();
  events = null;
  buttons.stop();
  $("buttons").open = false;
  $("loading").hidden = true;
  $("dashboard").hidden = true;
  $("logout").hidden = true;
  $("login").hidden = false;
  $("login-message").textContent = text;
  $("password").value = "";
  $("password").focus();
}

/** Disables the login button for `seconds`, showing the count. */
function wait(seconds, text) {
  clearInterval(countdown);
  let left = seconds;
  const tick = () => {
    $("login-button").disabled = left > 0;
    $("login-message").textContent = left > 0 ? `${text}请等 ${left} 秒再试。` : text;
    if (left-- <= 0) clearInterval(countdown);
  };
  tick();
  countdown = setInterval(tick, 1000);
}

async function submitLogin(event) {
  event.preventDefault();
  const result = await login($("password").value);
  $("password").value = "";
  if (result.status === 200) return showDashboard();
  if (result.status === 401) return wait(result.retryAfter, "密码不对。");
  if (result.status === 429) return wait(result.retryAfter, "密码错误次数太多。");
  if (result.status === 503) {
    $("login-message").textContent = "还没有设置工作人员密码。请在学习站上运行：sudo -u yinling yinling passwd";
    return;
  }
  $("login-message").textContent = `登录失败：${message(result)}`;
}

function listen() {
  events?.close();
  events = new EventSource("/api/v1/staff/events");
  events.onmessage = (event) => render(JSON.parse(event.data));
  events.onerror = async () => {
    // A closed stream (the session ended, or the server restarted) is not retried by the browser.
    if (events?.readyState !== EventSource.CLOSED) return;
    if (!(await resume())) return showLogin("请重新登录。");
    setTimeout(listen, 3000);
  };
}

async function act(path, done) {
  $("sync-message").textContent = "";
  const result = await call("POST", path);
  if (result.status === 401) return showLogin("请重新登录。");
  if (result.status >= 400) { $("sync-message").textContent = `没有成功：${message(result)}`; return; }
  const status = result.body.status || result.body;
  render(status);
  $("sync-message").textContent = typeof done === "function" ? done(result) : done;
}

async function uploadNow() {
  $("upload-message").textContent = "正在上传……";
  $("upload-now").disabled = true;
  const result = await call("POST", "upload");
  $("upload-now").disabled = false;
  if (result.status === 401) return showLogin("请重新登录。");
  if (result.status >= 400) { $("upload-message").textContent = `没有成功：${message(result)}`; return; }
  renderUsage(result.body);
  $("upload-message").textContent = result.body.pendingBatches === 0
    ? "已上传，中心已确认。" : `还有 ${result.body.pendingBatches} 批没有上传，见下面的原因；学习站会自动再试。`;
}

async function showDashboard() {
  $("loading").hidden = true;
  $("login").hidden = true;
  $("logout").hidden = false;
  $("dashboard").hidden = false;
  const status = await call("GET", "status");
  if (status.status === 401) return showLogin("请重新登录。");
  const hasSync = status.status === 200;
  $("no-sync").hidden = hasSync;
  $("sync").hidden = !hasSync;
  if (!hasSync) return;
  render(status.body);
  listen();
  await curation.load();
}

curation.setUp(() => showLogin("请重新登录。"));
buttons.setUp(() => showLogin("请重新登录。"));
$("login").addEventListener("submit", submitLogin);
$("logout").addEventListener("click", async () => { await logout(); showLogin("已退出。"); });
$("sync-now").addEventListener("click", () => act("sync", (r) => (r.body.started ? "已开始更新。" : "已经在更新了。")));
$("pause").addEventListener("click", () => act("sync/pause", "已暂停。"));
$("resume").addEventListener("click", () => act("sync/resume", "已继续。"));
$("upload-now").addEventListener("click", uploadNow);
resume().then((ok) => (ok ? showDashboard() : showLogin())).catch(() => showLogin("连不上学习站，请稍后刷新页面。"));
