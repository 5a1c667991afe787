/* Stand-in for the portal's upload.js while it is not in this branch; keeps to the layout seam:
   on a file input's change inside [data-upload-item], POST multipart (file, csrf_token) with
   X-Requested-With: fetch and put the answered fragment in place of the item; same for 删除. */
(function () {
  "use strict";
  function send(item, url, body) {
    body.append("csrf_token", item.getAttribute("data-csrf"));
    return fetch(url, { method: "POST", body: body, headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var template = document.createElement("template");
        template.innerHTML = html.trim();
        item.replaceWith(template.content.firstElementChild);
      });
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.files.length) return;
    var item = input.closest("[data-upload-item]");
    if (!item) return;
    var body = new FormData();
    body.append("file", input.files[0]);
    send(item, item.getAttribute("data-upload-url"), body);
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-upload-delete]");
    if (!button) return;
    var item = button.closest("[data-upload-item]");
    send(item, item.getAttribute("data-delete-url"), new FormData());
  });
})();
