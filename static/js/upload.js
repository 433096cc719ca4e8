// Upload forms (data-upload-progress) send the file with a progress bar. Without this file
// the form posts normally; with it, the page the server answers with replaces this one.
// The CSRF token goes in a header, not the address: a refused file leaves the address bar on
// the upload form with the chosen meter, never on /uploads?csrf_token=…. (Without this file the
// server redirects a refused upload to that form itself.)
"use strict";

// Where a refused upload of this form can be tried again: the form with the same meter.
function uploadRetryUrl(meterId, fixes) {
  const params = new URLSearchParams();
  if (meterId) params.set("meter_id", meterId);
  if (fixes) params.set("fixes", fixes);
  const query = params.toString();
  return "/uploads/new" + (query ? "?" + query : "");
}

function formValue(form, name) {
  const field = form.querySelector("[name=" + name + "]");
  return field ? field.value : "";
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.hasAttribute || !form.hasAttribute("data-upload-progress") || !window.FormData) return;
  const file = form.querySelector("input[type=file]");
  if (!file || !file.files.length) return;
  event.preventDefault();
  const bar = form.querySelector(".upload-progress");
  const button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  if (bar) bar.hidden = false;
  const action = new URL(form.action, window.location.href);
  const token = action.searchParams.get("csrf_token") || "";
  const meterId = formValue(form, "meter_id");
  const fixes = formValue(form, "fixes");
  // The meter and the fix travel in the address too, so that a refusal before the form is
  // read (a file too large) still comes back with them.
  const target = new URL(action.pathname, window.location.href);
  if (meterId) target.searchParams.set("meter_id", meterId);
  if (fixes) target.searchParams.set("fixes", fixes);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", target.toString());
  xhr.setRequestHeader("X-CSRF-Token", token);
  xhr.upload.addEventListener("progress", (e) => {
    if (bar && e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
  });
  xhr.addEventListener("load", () => {
    // The server redirects to the upload's page, or answers with the form and its error.
    const landed = xhr.responseURL ? new URL(xhr.responseURL) : null;
    if (landed && landed.pathname !== target.pathname) {
      window.history.replaceState(null, "", landed.pathname + landed.search);
    } else {
      window.history.replaceState(null, "", uploadRetryUrl(meterId, fixes));
    }
    document.open();
    document.write(xhr.responseText);
    document.close();
  });
  xhr.addEventListener("error", () => {
    if (button) button.disabled = false;
    if (bar) bar.hidden = true;
    window.alert(form.getAttribute("data-upload-failed") || "The upload did not reach the server.");
  });
  xhr.send(new FormData(form));
});
