// Elements with data-live-url refresh their content every few seconds while the page is
// visible. Without this file the page shows the state at load time and a Refresh link.
"use strict";

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
      if (status) status.textContent = "Live — updated " + new Date().toLocaleTimeString();
    } catch (_) {
      failures += 1;
      if (status) status.textContent = "Not updating: the server did not answer. Reload the page.";
    }
  };
  if (status) status.textContent = "Live — refreshes every 5 seconds";
  setInterval(() => { if (failures < 5) tick(); }, 5000);
}
