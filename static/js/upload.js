// Upload forms (data-upload-progress) send the file with a progress bar. Without this file
// the form posts normally; with it, the page the server answers with replaces this one.
"use strict";

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
  const xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.upload.addEventListener("progress", (e) => {
    if (bar && e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
  });
  xhr.addEventListener("load", () => {
    // The server redirects to the upload's page (or answers with the form and its error).
    if (xhr.responseURL) window.history.replaceState(null, "", xhr.responseURL);
    document.open();
    document.write(xhr.responseText);
    document.close();
  });
  xhr.addEventListener("error", () => {
    if (button) button.disabled = false;
    if (bar) bar.hidden = true;
    window.alert("The upload did not reach the server. Check the connection and try again.");
  });
  xhr.send(new FormData(form));
});
