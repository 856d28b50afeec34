// Numbers and times for people: sizes in GB/MB (1 GB = 1024 MB here, as the disk tools show them).
import { length } from "../shared/api.js";

const GB = 1024 ** 3;

/** 1536 → "1.5 KB", 21474836480 → "20 GB". */
export function size(bytes) {
  const units = ["字节", "KB", "MB", "GB", "TB"];
  let value = Number(bytes) || 0;
  let index = 0;
  while (value >= 1024 && index < units.length - 1) { value /= 1024; index++; }
  if (index === 0) return `${value} 字节`;
  return `${value >= 100 ? Math.round(value) : Math.round(value * 10) / 10} ${units[index]}`;
}

/** Bytes per second → "2.3 MB/秒". */
export const rate = (bytesPerSecond) => `${size(bytesPerSecond)}/秒`;

/** Seconds → "约 5分钟". */
export const eta = (seconds) => (seconds === null || seconds === undefined ? "剩余时间未知" : `约剩 ${length(seconds)}`);

/** ISO 8601 → local "2025/6/9 03:00:00"; "" for nothing. */
export function when(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString("zh-CN", { hour12: false });
}

/** A budget as the API writes it ("90.00000000000001%", "21474836480") → what staff type ("90%", "20 GB"). */
export function budget(text) {
  const value = String(text ?? "");
  if (value.endsWith("%")) return `${Math.round(parseFloat(value) * 100) / 100}%`;
  const bytes = Number(value);
  if (!Number.isFinite(bytes)) return value;
  return bytes % GB === 0 ? `${bytes / GB} GB` : `${Math.round((bytes / GB) * 100) / 100} GB`;
}

/** What staff typed as a budget → what the API reads ("20 GB" is sent as "20 GiB": sizes here are binary). */
export const budgetForAPI = (text) => text.trim().replace(/\s*([KMGT])B?$/i, " $1iB").replace(/^(\d+(\.\d+)?)$/, "$1 GiB");

/** Bytes ↔ GB in the reserve field. */
export const gigabytes = (bytes) => Math.round((Number(bytes) / GB) * 100) / 100;
export const bytesOfGigabytes = (value) => Math.round(Number(value) * GB);

export const percent = (part, whole) => (whole > 0 ? Math.max(0, Math.min(100, (part / whole) * 100)) : 0);
