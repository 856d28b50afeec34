// Renders a sync status (docs/api.md "Staff"): state and live progress, plan, disk, last sync,
// and the usage upload that travels with it.
import { eta, percent, rate, size, when } from "./format.js";
import { renderUsage } from "./usage.js";

const $ = (id) => document.getElementById(id);

export function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value; else if (key in node) node[key] = value; else node.setAttribute(key, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

const STATES = {
  idle: "空闲：现在没有在更新",
  checking: "正在检查内容清单……",
  downloading: "正在下载新内容",
  installing: "正在更新节目目录……",
  paused: "已暂停（已下载的部分会保留，继续后接着下载）",
};
const TRIGGERS = { schedule: "定时更新", staff: "工作人员启动", command: "命令行启动" };
const OUTCOMES = { finished: "完成", stopped: "中途停止", refused: "没有更新：内容清单有问题" };

function facts(list, rows) {
  list.replaceChildren(...rows.flatMap(([term, value]) => [element("dt", {}, term), element("dd", {}, value)]));
}

function renderProgress(status) {
  const active = status.state === "downloading" || status.state === "paused";
  $("progress").hidden = !active && !status.current?.length;
  $("overall").max = Math.max(1, status.bytesTotal);
  $("overall").value = status.bytesDone;
  const parts = [`已下载 ${size(status.bytesDone)} / ${size(status.bytesTotal)}`, `文件 ${status.filesDone} / ${status.filesTotal}`];
  if (status.state === "downloading") parts.push(`速度 ${rate(status.bytesPerSecond)}`, eta(status.etaSeconds));
  $("overall-text").textContent = parts.join("　");
  $("files").replaceChildren(...(status.current || []).map((file) => element("li", {},
    element("span", { class: "file-title" }, `${file.title}（${file.field === "cover" ? "封面" : "视频"}）`),
    element("progress", { max: Math.max(1, file.bytes), value: file.bytesDone }),
    element("span", { class: "meta" }, `${size(file.bytesDone)} / ${size(file.bytes)}`))));
}

function renderPlan(plan) {
  $("plan").hidden = !plan;
  if (!plan) return;
  facts($("plan-list"), [
    ["要下载", `${plan.downloadResources} 个节目，${size(plan.downloadBytes)}`],
    ["保留", `${plan.keepResources} 个节目，${size(plan.keepBytes)}`],
    ["要删除", `${plan.evictResources} 个节目，${size(plan.evictBytes)}`],
    ["放不下（超出预算）", `${plan.leftOutResources} 个节目，${size(plan.leftOutBytes)}`],
    ["最多能放（预算和空闲空间以内）", size(plan.budgetBytes)],
  ]);
}

function renderDisk(disk) {
  $("disk").hidden = !disk;
  if (!disk) return;
  const other = Math.max(0, disk.totalBytes - disk.freeBytes - disk.cacheBytes);
  // Widths through the CSSOM: the page's CSP allows no inline style attributes.
  $("disk-cache").style.width = `${percent(disk.cacheBytes, disk.totalBytes)}%`;
  $("disk-other").style.width = `${percent(other, disk.totalBytes)}%`;
  $("disk-budget").style.left = `${percent(disk.budgetBytes, disk.totalBytes)}%`;
  $("disk-bar").setAttribute("aria-label",
    `学习内容 ${size(disk.cacheBytes)}，其他 ${size(other)}，空闲 ${size(disk.freeBytes)}，共 ${size(disk.totalBytes)}`);
  facts($("disk-list"), [
    ["总容量", size(disk.totalBytes)], ["空闲", size(disk.freeBytes)], ["学习内容", size(disk.cacheBytes)],
    ["预算上限", size(disk.budgetBytes)], ["始终留出", size(disk.reserveBytes)],
  ]);
}

function renderLast(last) {
  $("last").hidden = false;
  if (!last) {
    $("last-summary").textContent = "还没有更新过内容。";
    $("last-message").textContent = "";
    $("failures-title").hidden = true;
    $("failures").replaceChildren();
    return;
  }
  const added = last.added?.length || 0;
  const evicted = last.evicted?.length || 0;
  $("last-summary").textContent = `${when(last.finishedAt)}　${OUTCOMES[last.outcome] || last.outcome}：`
    + `新增 ${added} 个，保留 ${last.kept} 个，删除 ${evicted} 个，下载 ${size(last.bytesDownloaded)}`;
  $("last-message").textContent = last.message || "";
  const failed = last.failed || [];
  $("failures-title").hidden = failed.length === 0;
  $("failures").replaceChildren(...failed.map((failure) => element("li", {},
    element("strong", {}, `${failure.title}（${failure.resourceID}）`), element("span", {}, failure.reason))));
}

/** Shows `status` on the page. */
export function render(status) {
  const trigger = status.trigger ? `（${TRIGGERS[status.trigger] || status.trigger}）` : "";
  const since = status.startedAt && status.state !== "idle" ? `，开始于 ${when(status.startedAt)}` : "";
  $("state").textContent = `${STATES[status.state] || status.state}${trigger}${since}`;
  $("state").dataset.state = status.state;
  $("sync-now").disabled = status.state !== "idle";
  $("pause").disabled = !["checking", "downloading"].includes(status.state);
  $("resume").disabled = status.state !== "paused";
  $("next").textContent = status.nextScheduled ? `下次自动更新：${when(status.nextScheduled)}` : "没有安排自动更新";
  renderProgress(status);
  renderPlan(status.plan);
  renderDisk(status.disk);
  renderLast(status.last);
  renderUsage(status.usage);
}
