// The menu API (docs/api.md). Answers carry ETags; "no-cache" makes the browser revalidate, so a
// repeat visit costs a 304.

async function getJSON(path) {
  const response = await fetch(path, { cache: "no-cache", headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

const part = encodeURIComponent;

export const api = {
  home: (source) => getJSON(`/api/v1/home?source=${source}`),
  category: (name) => getJSON(`/api/v1/categories/${part(name)}`),
  series: (name, source) => getJSON(`/api/v1/series/${part(name)}?source=${source}`),
  resource: (id, source) => getJSON(`/api/v1/resources/${part(id)}?source=${source}`),
};

/** 75 → "1:15", 3725 → "1:02:05". */
export function clock(seconds) {
  const total = Math.max(0, Math.floor(seconds || 0));
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** A length in plain words: 95 → "1分35秒", 3725 → "1小时2分". */
export function length(seconds) {
  const total = Math.max(0, Math.round(seconds || 0));
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  const s = total % 60;
  if (h > 0) return `${h}小时${m}分`;
  if (m > 0) return s > 0 ? `${m}分${s}秒` : `${m}分钟`;
  return `${s}秒`;
}
