// Renders the usage upload (docs/usage.md, docs/api.md "Staff"): batches waiting, the last one the
// central office acknowledged, the hub's last answer, and whether the clock is trusted.
import { when } from "./format.js";
import { element } from "./dashboard.js";

const $ = (id) => document.getElementById(id);

/** Answers staff must act on (token, site, a copied SD card, a bug), as UploadFailure.needsStaff. */
const NEEDS_STAFF = ["rejected", "unauthorized", "conflict", "tooLarge", "unexpected"];

function facts(list, rows) {
  list.replaceChildren(...rows.flatMap(([term, value]) => [element("dt", {}, term), element("dd", {}, value)]));
}

/** Shows `usage` (the `usage` of a status, or the answer of "upload now"). */
export function renderUsage(usage) {
  $("usage").hidden = !usage;
  if (!usage) return;
  $("upload-now").hidden = !usage.enabled;
  if (!usage.enabled) {
    $("usage-state").textContent = "没有设置上传（配置文件的 [upload] hub_url、token 和 [site] id）。"
      + `播放记录保存在学习站上，${usage.unbatchedPlays} 条还没有统计。`;
    $("usage-list").replaceChildren();
    $("usage-error").hidden = true;
    return;
  }
  $("usage-state").textContent = usage.pendingBatches === 0
    ? "全部统计都已经交给中心。"
    : `${usage.pendingBatches} 批统计等待上传。`;
  const acknowledged = usage.lastAcknowledgedBatch
    ? `第 ${usage.lastAcknowledgedBatch} 批，${when(usage.lastAcknowledgedAt)}` : "还没有";
  const clock = usage.clockTrusted ? "已校准"
    : `还没有校准（${usage.waitingForClock} 条播放记录等时间校准后再统计）`;
  const rows = [["中心最近确认", acknowledged], ["还没统计的播放", String(usage.unbatchedPlays)], ["学习站时钟", clock]];
  if (usage.nextAttemptAt) rows.push(["下次上传", when(usage.nextAttemptAt)]);
  facts($("usage-list"), rows);
  const error = usage.lastError;
  $("usage-error").hidden = !error;
  if (error) {
    const answer = error.status ? `中心回答 ${error.status}` : "连不上中心";
    $("usage-error").textContent = `第 ${error.batch} 批没有上传成功（${answer}，${when(error.at)}）：${error.message}`;
    $("usage-error").dataset.needsStaff = NEEDS_STAFF.includes(error.kind) ? "yes" : "no";
  }
}
