// Elements with data-live-url refresh their content every few seconds while the page is
// visible. Without this file the page shows the state at load time and a Refresh link.
"use strict";

// `2026-11-30 14:05:09 +05:30`: the time now in the operator's zone (the status element's
// data-zone, an IANA name; UTC without one), as the page writes every other time.
const nowIn = (zone) => {
  let parts;
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone || "UTC", hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "longOffset",
    }).formatToParts(new Date());
  } catch (_) {
    return new Date().toISOString().slice(0, 19).replace("T", " ") + " +00:00";
  }
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  // "GMT+05:30", or "GMT" for a zero offset.
  const offset = (p.timeZoneName || "GMT").replace("GMT", "") || "+00:00";
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${offset}`;
};

for (const el of document.querySelectorAll("[data-live-url]")) {
  const status = document.getElementById("live-status");
  const url = el.getAttribute("data-live-url");
  let failures = 0;
  const tick = async () => {
    if (document.hidden) return;
    try {
      const res = await fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } });
      if (!res.ok) throw new Error(String(res.status));
      const html = await res.text();
      if (el.innerHTML.trim() !== html.trim()) el.innerHTML = html;
      failures = 0;
      if (status) status.textContent = "Live — updated " + nowIn(status.dataset.zone);
    } catch (_) {
      failures += 1;
      if (status) status.textContent = "Not updating: the server did not answer. Reload the page.";
    }
  };
  if (status) status.textContent = "Live — refreshes every 5 seconds";
  setInterval(() => { if (failures < 5) tick(); }, 5000);
}
