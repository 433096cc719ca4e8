// The meter form's filter builder, in place. Without this file the same buttons post the form
// and the server re-renders it; with it they act at once. Field names carry each node's
// position (f.0.1.key), so after every change the names are renumbered from the DOM.
"use strict";

(function () {
  const builder = document.getElementById("filter-builder");
  if (!builder) return;
  const form = builder.closest("form");
  const enabled = document.getElementById("f-filter_enabled");
  const MAX_CLAUSES = 10;
  const MAX_DEPTH = 3;

  function fromTemplate(id, path) {
    const html = document.getElementById(id).innerHTML.split("__P__").join(path);
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }

  function clauses(group) {
    return group.querySelector(":scope > .fclauses");
  }

  function setPath(el, oldPath, newPath) {
    const swap = (v) => v.split("f." + oldPath + ".").join("f." + newPath + ".")
      .replace(new RegExp("^(remove|add_condition|add_group):" + oldPath.replace(/\./g, "\\.") + "$"), "$1:" + newPath);
    for (const node of el.querySelectorAll("[name], [id], [for], [value], [aria-describedby]")) {
      for (const attr of ["name", "id", "for", "aria-describedby"]) {
        if (node.hasAttribute(attr)) node.setAttribute(attr, swap(node.getAttribute(attr)));
      }
      if (node.tagName === "BUTTON") node.value = swap(node.value);
    }
  }

  // Gives every node the path of its position and shows Add buttons only where allowed.
  function renumber(group, path, depth) {
    const old = group.dataset.path;
    group.dataset.path = path;
    group.dataset.depth = String(depth);
    group.className = group.className.replace(/depth-\d/, "depth-" + depth);
    const head = group.querySelector(":scope > .fgroup-head");
    const actions = group.querySelector(":scope > .fgroup-actions");
    setPath(head, old, path);
    setPath(actions, old, path);
    const kids = Array.from(clauses(group).children);
    kids.forEach((kid, i) => {
      const childPath = path + "." + i;
      if (kid.classList.contains("fgroup")) {
        renumber(kid, childPath, depth + 1);
      } else {
        setPath(kid, kid.dataset.path, childPath);
        kid.dataset.path = childPath;
      }
    });
    actions.querySelector(".fadd-cond").hidden = kids.length >= MAX_CLAUSES;
    actions.querySelector(".fadd-group").hidden = kids.length >= MAX_CLAUSES || depth >= MAX_DEPTH;
  }

  function root() {
    return builder.querySelector(":scope > .fgroup");
  }

  function findGroup(path) {
    return builder.querySelector('.fgroup[data-path="' + path + '"]');
  }

  function focusFirstInput(el) {
    const input = el.querySelector("input, select");
    if (input) input.focus();
  }

  builder.addEventListener("click", (event) => {
    const button = event.target.closest("button[name=action]");
    if (!button) return;
    const [verb, path] = button.value.split(":");
    let added = null;
    if (verb === "add_condition") {
      added = fromTemplate("fcond-template", path + ".new");
      clauses(findGroup(path)).appendChild(added);
    } else if (verb === "add_group") {
      const parent = findGroup(path);
      added = fromTemplate("fgroup-template", path + ".new");
      const parentConj = parent.querySelector(":scope > .fgroup-head select").value;
      added.querySelector(".fconj").value = parentConj === "or" ? "and" : "or";
      clauses(parent).appendChild(added);
    } else if (verb === "remove") {
      const node = builder.querySelector('[data-path="' + path + '"]');
      const parent = node && node.parentElement.closest(".fgroup");
      if (node) node.remove();
      if (parent) {
        const next = parent.querySelector(".fadd-cond");
        if (next) next.focus();
      }
    } else {
      return;
    }
    event.preventDefault();
    if (enabled && !enabled.checked) {
      enabled.checked = true;
      builder.removeAttribute("data-disabled");
    }
    renumber(root(), "0", 1);
    if (added) focusFirstInput(added);
  });

  // Enter in a condition's field checks that field and stays in the builder: it never
  // submits the whole meter form (nor presses the form's first button, a builder one).
  builder.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing) return;
    const field = event.target;
    if (!field.matches || !field.matches("input, select")) return;
    event.preventDefault();
    if (field.reportValidity) field.reportValidity();
  });

  if (enabled) {
    enabled.addEventListener("change", () => {
      if (enabled.checked) builder.removeAttribute("data-disabled");
      else builder.setAttribute("data-disabled", "true");
    });
  }

  // Names are kept in step with the DOM, but renumber once more before sending to be sure.
  form.addEventListener("submit", () => renumber(root(), "0", 1));
})();
