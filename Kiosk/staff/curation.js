// The curation form: each key shows its effective value and where it comes from; saving sends
// every key staff set here as an override (docs/api.md "Staff"); "恢复配置文件的值" drops one.
import { call, message } from "./client.js";
import { element } from "./dashboard.js";
import { budget, budgetForAPI, bytesOfGigabytes, gigabytes } from "./format.js";

const $ = (id) => document.getElementById(id);
const TOP_LEVEL = ["思想道德", "文化艺术", "养生保健", "心理健康", "法律法规", "家庭理财", "闲暇生活", "代际沟通", "生命尊严", "科技应用"];
const LISTS = { pinned_series: "pinnedSeries", pinned_resources: "pinnedResources", excluded_series: "excludedSeries", excluded_resources: "excludedResources" };
const SOURCES = { config: "配置文件", staff: "工作人员设置" };

let onSessionEnded = () => {};
let overridden = {};      // config key → whether it is (or is about to be) a staff override

const lines = (text) => text.split("\n").map((line) => line.trim()).filter(Boolean);

function fieldsets() { return [...$("curation").querySelectorAll("fieldset[data-key]")]; }

function showSources() {
  for (const fieldset of fieldsets()) {
    const staff = overridden[fieldset.dataset.key];
    fieldset.querySelector(".source").textContent = `（${staff ? SOURCES.staff : SOURCES.config}）`;
    fieldset.querySelector(".source").dataset.source = staff ? "staff" : "config";
    fieldset.querySelector(".reset").hidden = !staff;
  }
}

function fill(effective) {
  const curation = effective.curation;
  overridden = Object.fromEntries(Object.entries(effective.sources).map(([key, source]) => [key, source === "staff"]));
  for (const box of $("categories").querySelectorAll("input")) box.checked = curation.categories.includes(box.value);
  for (const [key, field] of Object.entries(LISTS)) $(key).value = curation[field].join("\n");
  $("budget").value = budget(curation.budget);
  $("reserve").value = gigabytes(curation.reserveBytes);
  showSources();
}

/** The overrides the form stands for; `without` is a key going back to the configuration file. */
function overrides(without) {
  const body = {};
  const wanted = (key) => overridden[key] && key !== without;
  if (wanted("categories")) body.categories = [...$("categories").querySelectorAll("input:checked")].map((box) => box.value);
  for (const [key, field] of Object.entries(LISTS)) if (wanted(key)) body[field] = lines($(key).value);
  if (wanted("budget")) body.budget = budgetForAPI($("budget").value);
  if (wanted("reserve")) body.reserveBytes = bytesOfGigabytes($("reserve").value);
  return body;
}

const FIELD_NAMES = {
  categories: "分类", pinnedSeries: "优先下载的系列", pinnedResources: "优先下载的节目", excludedSeries: "不要的系列",
  excludedResources: "不要的节目", budget: "最多占用磁盘", reserveBytes: "始终留出的空间",
};

async function save(without) {
  const result = await call("PUT", "curation", overrides(without));
  if (result.status === 401) return onSessionEnded();
  if (result.status === 200) {
    fill(result.body);
    $("curation-message").textContent = "已保存。下一次更新内容时生效。";
    return;
  }
  const field = Object.keys(FIELD_NAMES).find((name) => message(result).startsWith(`${name}:`));
  $("curation-message").textContent = field
    ? `“${FIELD_NAMES[field]}”填得不对，请改正后再保存。（${message(result)}）`
    : `没有保存：${message(result)}`;
}

/** Builds the form once; `sessionEnded` is called when the server no longer knows the session. */
export function setUp(sessionEnded) {
  onSessionEnded = sessionEnded;
  $("categories").replaceChildren(...TOP_LEVEL.map((name) => element("label", { class: "check" },
    element("input", { type: "checkbox", name: "category", value: name }), element("span", {}, name))));
  for (const fieldset of fieldsets()) {
    const key = fieldset.dataset.key;
    fieldset.addEventListener("input", () => { overridden[key] = true; showSources(); $("curation-message").textContent = "有改动，还没有保存。"; });
    fieldset.querySelector(".reset").addEventListener("click", () => save(key));
  }
  $("curation").addEventListener("submit", (event) => { event.preventDefault(); save(null); });
}

/** Loads the curation in force; false when sync is not configured. */
export async function load() {
  const result = await call("GET", "curation");
  if (result.status === 401) { onSessionEnded(); return false; }
  if (result.status !== 200) return false;
  fill(result.body);
  $("curation").hidden = false;
  return true;
}
