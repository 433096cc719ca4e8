// Small comforts on top of pages that work without JavaScript.
"use strict";

// <form data-confirm="..."> asks before submitting (destructive actions).
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// <button data-copy="#selector"> copies that element's text.
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.querySelector(button.getAttribute("data-copy"));
  if (source && navigator.clipboard) {
    navigator.clipboard.writeText(source.textContent.trim()).then(() => {
      button.textContent = "Copied";
    });
  }
});

// A box that scrolls sideways (a wide table, a chart on a narrow screen) takes keyboard focus
// when nothing inside it can, so that the keyboard scrolls it too.
function focusableScrollers() {
  for (const el of document.querySelectorAll("main table, main div, main figure, main pre")) {
    const scrolls = el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(el).overflowX);
    const inside = el.querySelector("a[href], button, input, select, textarea, [tabindex]");
    if (scrolls && !inside && !el.hasAttribute("tabindex")) {
      el.tabIndex = 0;
      el.dataset.scrollFocus = "1";
    } else if (!scrolls && el.dataset.scrollFocus) {
      el.removeAttribute("tabindex");
      delete el.dataset.scrollFocus;
    }
  }
}
focusableScrollers();
let scrollersTimer = 0;
window.addEventListener("resize", () => {
  window.clearTimeout(scrollersTimer);
  scrollersTimer = window.setTimeout(focusableScrollers, 150);
});
