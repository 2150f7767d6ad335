/* Authoring, as progressive enhancement: the lesson editor previews as you type and saves
   itself a couple of seconds after you stop. Without JavaScript the Save and "Save and
   preview" buttons do the same. */
(function () {
  "use strict";

  var form = document.querySelector("form.lesson-editor");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var body = form.querySelector("#body");
  var title = form.querySelector("#title");
  var token = form.querySelector("input[name=csrf_token]");
  var preview = document.querySelector("[data-live-preview]");
  var status = form.querySelector(".autosave-status");
  var previewTimer = null;
  var saveTimer = null;

  function post(url, data, extraHeaders) {
    var headers = { "X-CSRFToken": token.value, "Accept": "application/json" };
    Object.keys(extraHeaders || {}).forEach(function (name) {
      headers[name] = extraHeaders[name];
    });
    return fetch(url, {
      method: "POST", body: data, headers: headers, credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
  }

  function refreshPreview() {
    if (!preview) {
      return;
    }
    var data = new FormData();
    data.append("csrf_token", token.value);
    data.append("text", body.value);
    data.append("base", form.getAttribute("data-base") || "");
    post(form.getAttribute("data-preview-url"), data).then(function (result) {
      preview.innerHTML = result.html; // rendered and sanitised by the server
    }).catch(function () { /* the Preview button still works */ });
  }

  function save() {
    var data = new FormData(form);
    data.delete("picture");
    data.delete("alt");
    status.textContent = "Saving…";
    post(form.getAttribute("action") || window.location.pathname, data, { "X-Autosave": "1" })
      .then(function (result) {
        status.textContent = result.message + "."; // the time on the learners' clock
      })
      .catch(function () {
        status.textContent = "Could not save automatically. Press Save to keep your changes.";
      });
  }

  function changed() {
    window.clearTimeout(previewTimer);
    window.clearTimeout(saveTimer);
    previewTimer = window.setTimeout(refreshPreview, 500);
    saveTimer = window.setTimeout(save, 2000);
  }

  body.addEventListener("input", changed);
  if (title) {
    title.addEventListener("input", function () {
      window.clearTimeout(saveTimer);
      saveTimer = window.setTimeout(save, 2000);
    });
  }
  var hint = document.querySelector("#preview .hint");
  if (hint) {
    hint.textContent = "How the lesson text will look to learners. It changes as you type.";
  }
  refreshPreview();
})();
