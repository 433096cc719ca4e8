// Product form: add and remove meter rows at once, without a round trip. Without this
// script the same buttons submit the form and the server re-renders it with the change.
"use strict";

(function () {
  const rows = document.getElementById("meter-rows");
  const add = document.getElementById("add-meter");
  if (!rows || !add) return;
  const max = parseInt(rows.getAttribute("data-max"), 10) || 10;
  const ROW_REF = /meters\[\d+\]/g;

  function allRows() {
    return Array.from(rows.querySelectorAll("[data-row]"));
  }

  // Gives row i the field names meters[i].…, matching ids, labels and buttons.
  function renumber() {
    allRows().forEach((row, i) => {
      row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach((el) => {
        ["name", "id", "for", "aria-describedby"].forEach((attr) => {
          const v = el.getAttribute(attr);
          const renamed = v && v.replace(ROW_REF, "meters[" + i + "]");
          if (renamed && renamed !== v) el.setAttribute(attr, renamed);
        });
      });
      row.querySelectorAll("[data-row-number]").forEach((el) => {
        el.textContent = String(i + 1);
      });
      const remove = row.querySelector("[data-remove-row]");
      if (remove) remove.value = "remove:" + i;
    });
    add.hidden = allRows().length >= max;
  }

  // Empties a row: no value, no error marks.
  function clear(row) {
    row.querySelectorAll("input").forEach((input) => {
      input.value = "";
    });
    row.querySelectorAll("select").forEach((select) => {
      select.selectedIndex = 0;
      select.querySelectorAll("option").forEach((option) => {
        // An option kept only for an archived or unknown meter goes with the old value.
        if (option.value && option.textContent.indexOf("(not an active meter)") !== -1) option.remove();
      });
    });
    row.querySelectorAll(".field-error").forEach((e) => e.remove());
    row.querySelectorAll(".has-error").forEach((f) => f.classList.remove("has-error"));
    row.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    row.querySelectorAll("[aria-describedby]").forEach((el) => {
      const ids = el
        .getAttribute("aria-describedby")
        .split(/\s+/)
        .filter((id) => id && !/-error$/.test(id));
      if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
      else el.removeAttribute("aria-describedby");
    });
  }

  add.addEventListener("click", (event) => {
    const existing = allRows();
    if (existing.length === 0 || existing.length >= max) return;
    event.preventDefault();
    const row = existing[existing.length - 1].cloneNode(true);
    clear(row);
    rows.appendChild(row);
    renumber();
    const first = row.querySelector("select, input");
    if (first) first.focus();
  });

  rows.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[data-remove-row]");
    if (!button) return;
    event.preventDefault();
    const row = button.closest("[data-row]");
    if (allRows().length <= 1) {
      clear(row);
    } else {
      row.remove();
    }
    renumber();
    add.focus();
  });
})();
