// Customer inputs (data-customer-picker) search as you type: the datalist is refilled from
// /customers/options. Without this file the datalist holds the newest customers.
"use strict";

(function () {
  for (const input of document.querySelectorAll("input[data-customer-picker]")) {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) continue;
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = input.value.trim();
        try {
          const res = await fetch("/customers/options?q=" + encodeURIComponent(q), { credentials: "same-origin" });
          if (!res.ok) return;
          const options = await res.json();
          list.replaceChildren(...options.map((c) => {
            const o = document.createElement("option");
            o.value = c.id;
            o.textContent = c.name + " — " + c.email;
            return o;
          }));
        } catch (_) {
          // Keep the current suggestions.
        }
      }, 150);
    });
  }
})();
