// Product form: add and remove meter rows and tier rows at once, without a round trip, and
// show only the price section of each line's chosen model. Without this script the same
// buttons submit the form and the server re-renders it with the change, and every section
// stays visible (the server reads only the chosen model's fields).
"use strict";

(function () {
  const rows = document.getElementById("meter-rows");
  const add = document.getElementById("add-meter");
  if (!rows || !add) return;
  const max = parseInt(rows.getAttribute("data-max"), 10) || 10;
  const maxTiers = parseInt(rows.getAttribute("data-max-tiers"), 10) || 10;
  const ROW_REF = /meters\[\d+\]/g;
  const TIER_REF = /tiers\[\d+\]/g;
  const ATTRS = ["name", "id", "for", "aria-describedby"];

  function allRows() {
    return Array.from(rows.querySelectorAll("[data-row]"));
  }

  function tiersOf(row) {
    return Array.from(row.querySelectorAll("[data-tier]"));
  }

  // Rewrites `pattern` to `replacement` in the field names, ids and label targets under el.
  function rename(el, pattern, replacement) {
    el.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach((node) => {
      ATTRS.forEach((attr) => {
        const v = node.getAttribute(attr);
        const renamed = v && v.replace(pattern, replacement);
        if (renamed && renamed !== v) node.setAttribute(attr, renamed);
      });
    });
  }

  // Gives tier t of meter row i the names meters[i].price.tiers[t].…, and its buttons.
  function renumberTiers(row, i) {
    const tiers = tiersOf(row);
    tiers.forEach((tier, t) => {
      rename(tier, TIER_REF, "tiers[" + t + "]");
      tier.querySelectorAll("[data-tier-number]").forEach((el) => {
        el.textContent = String(t + 1);
      });
      const remove = tier.querySelector("[data-remove-tier]");
      if (remove) remove.value = "remove_tier:" + i + ":" + t;
    });
    const addTier = row.querySelector("[data-add-tier]");
    if (addTier) {
      addTier.value = "add_tier:" + i;
      addTier.hidden = tiers.length >= maxTiers;
    }
  }

  // Gives row i the field names meters[i].…, matching ids, labels and buttons.
  function renumber() {
    allRows().forEach((row, i) => {
      rename(row, ROW_REF, "meters[" + i + "]");
      row.querySelectorAll("[data-row-number]").forEach((el) => {
        el.textContent = String(i + 1);
      });
      const remove = row.querySelector("[data-remove-row]");
      if (remove) remove.value = "remove:" + i;
      renumberTiers(row, i);
    });
    add.hidden = allRows().length >= max;
  }

  // Shows the price sections of the row's chosen model only.
  function showModel(row) {
    const select = row.querySelector("[data-model-select]");
    if (!select) return;
    row.querySelectorAll("[data-models]").forEach((section) => {
      const models = section.getAttribute("data-models").split(/\s+/);
      section.hidden = models.indexOf(select.value) === -1;
    });
  }

  // Empties the fields under el: no value, no error marks.
  function clear(el) {
    el.querySelectorAll("input").forEach((input) => {
      input.value = "";
    });
    el.querySelectorAll("select").forEach((select) => {
      select.querySelectorAll("option").forEach((option) => {
        // An option kept only for an archived or unknown meter goes with the old value.
        if (option.value && option.textContent.indexOf("(not an active meter)") !== -1) option.remove();
      });
      select.selectedIndex = 0;
      if (select.hasAttribute("data-model-select")) select.value = "per_unit";
    });
    el.querySelectorAll(".field-error").forEach((e) => e.remove());
    el.querySelectorAll(".has-error").forEach((f) => f.classList.remove("has-error"));
    el.querySelectorAll("[aria-invalid]").forEach((node) => node.removeAttribute("aria-invalid"));
    el.querySelectorAll("[aria-describedby]").forEach((node) => {
      const ids = node
        .getAttribute("aria-describedby")
        .split(/\s+/)
        .filter((id) => id && !/-error$/.test(id));
      if (ids.length) node.setAttribute("aria-describedby", ids.join(" "));
      else node.removeAttribute("aria-describedby");
    });
  }

  allRows().forEach(showModel);

  add.addEventListener("click", (event) => {
    const existing = allRows();
    if (existing.length === 0 || existing.length >= max) return;
    event.preventDefault();
    const row = existing[existing.length - 1].cloneNode(true);
    clear(row);
    rows.appendChild(row);
    renumber();
    showModel(row);
    const first = row.querySelector("select, input");
    if (first) first.focus();
  });

  rows.addEventListener("change", (event) => {
    if (event.target.hasAttribute && event.target.hasAttribute("data-model-select")) {
      showModel(event.target.closest("[data-row]"));
    }
  });

  rows.addEventListener("click", (event) => {
    const target = event.target.closest ? event.target : null;
    if (!target) return;
    const row = target.closest("[data-row]");
    const removeRow = target.closest("[data-remove-row]");
    const addTier = target.closest("[data-add-tier]");
    const removeTier = target.closest("[data-remove-tier]");
    if (removeRow) {
      event.preventDefault();
      if (allRows().length <= 1) {
        clear(row);
        showModel(row);
      } else {
        row.remove();
      }
      renumber();
      add.focus();
    } else if (addTier) {
      const tiers = tiersOf(row);
      if (tiers.length === 0 || tiers.length >= maxTiers) return;
      event.preventDefault();
      const tier = tiers[tiers.length - 1].cloneNode(true);
      clear(tier);
      tiers[tiers.length - 1].after(tier);
      renumber();
      const first = tier.querySelector("input");
      if (first) first.focus();
    } else if (removeTier) {
      event.preventDefault();
      const tier = removeTier.closest("[data-tier]");
      if (tiersOf(row).length <= 1) {
        clear(tier);
      } else {
        tier.remove();
      }
      renumber();
      const next = row.querySelector("[data-add-tier]");
      if (next && !next.hidden) next.focus();
      else {
        const input = row.querySelector("[data-tier] input");
        if (input) input.focus();
      }
    }
  });
})();
