/* Uploads for both layouts: [data-upload-item] posts its file with fetch and is replaced by the
   server's re-rendered item, so fields typed but not yet saved stay as they are. */
(function () {
  "use strict";

  function swap(item, html) {
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var fresh = holder.querySelector("[data-upload-item]");
    if (fresh) {
      item.replaceWith(fresh);
      fresh.dispatchEvent(new CustomEvent("upload:swapped", { bubbles: true }));
    }
  }

  function showError(item, text) {
    var old = item.querySelector("[data-upload-js-error]");
    if (old) { old.remove(); }
    var span = document.createElement("span");
    span.className = "field__error";
    span.setAttribute("data-upload-js-error", "");
    span.textContent = text;
    item.appendChild(span);
  }

  function post(item, url, body) {
    item.setAttribute("aria-busy", "true");
    item.classList.add("is-busy");
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRF-Token": item.dataset.csrf || "" }
    }).then(function (resp) {
      if (resp.headers.get("X-Upload-Fragment")) {
        return resp.text().then(function (html) { swap(item, html); });
      }
      item.removeAttribute("aria-busy");
      item.classList.remove("is-busy");
      showError(item, "上传失败，请重试");
    }).catch(function () {
      item.removeAttribute("aria-busy");
      item.classList.remove("is-busy");
      showError(item, "上传失败，请重试");
    });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file") { return; }
    var item = input.closest("[data-upload-item]");
    if (!item || !input.files || !input.files.length) { return; }
    var body = new FormData();
    body.append("csrf_token", item.dataset.csrf || "");
    body.append("file", input.files[0]);
    post(item, item.dataset.uploadUrl, body);
  });

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-upload-delete]") : null;
    if (!target) { return; }
    var item = target.closest("[data-upload-item]");
    if (!item) { return; }
    event.preventDefault();
    var body = new FormData();
    body.append("csrf_token", item.dataset.csrf || "");
    post(item, item.dataset.deleteUrl, body);
  });

  /* Drag and drop onto an item (the modern layout's drop area, and classic items alike). */
  document.addEventListener("dragover", function (event) {
    var item = event.target instanceof Element ? event.target.closest("[data-upload-item]") : null;
    if (item) { event.preventDefault(); item.classList.add("is-dragover"); }
  });
  document.addEventListener("dragleave", function (event) {
    var item = event.target instanceof Element ? event.target.closest("[data-upload-item]") : null;
    if (item) { item.classList.remove("is-dragover"); }
  });
  document.addEventListener("drop", function (event) {
    var item = event.target instanceof Element ? event.target.closest("[data-upload-item]") : null;
    if (!item || !event.dataTransfer || !event.dataTransfer.files.length) { return; }
    event.preventDefault();
    item.classList.remove("is-dragover");
    var body = new FormData();
    body.append("csrf_token", item.dataset.csrf || "");
    body.append("file", event.dataTransfer.files[0]);
    post(item, item.dataset.uploadUrl, body);
  });
})();
