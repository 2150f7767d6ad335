/* Drafts that save themselves, as progressive enhancement: a form with data-autosave="URL"
   posts its fields there (with its CSRF token) two seconds after the person stops typing,
   one save at a time, and says in its status line when the draft was last saved. Without
   JavaScript the form's own Save buttons do the same. */
(function () {
  "use strict";

  if (!window.fetch || !window.FormData) {
    return;
  }
  var WAIT_MS = 2000;

  function enhance(form) {
    var token = form.querySelector("input[name=csrf_token]");
    var status = form.querySelector(".autosave-status");
    if (!token || !status) {
      return;
    }
    var timer = null;
    var saving = false;
    var again = false;

    function say(text) {
      status.textContent = text;
    }

    function save() {
      if (saving) {
        again = true; // save once more when this one is done, with the newest words
        return;
      }
      saving = true;
      again = false;
      say("Saving your draft…");
      fetch(form.getAttribute("data-autosave"), {
        method: "POST",
        body: new FormData(form),
        headers: { "X-CSRFToken": token.value, "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().then(function (result) {
          if (!response.ok) {
            throw new Error(result.detail || "");
          }
          return result;
        });
      }).then(function (result) {
        if (result.page) { // a new entry is now a draft: go on saving into it
          form.setAttribute("action", result.page);
          form.setAttribute("data-autosave", result.autosave);
          if (window.history && window.history.replaceState) {
            window.history.replaceState(null, "", result.page);
          }
        }
        if (result.message) {
          say(result.message + ".");
        }
      }).catch(function (error) {
        say("Your draft could not be saved automatically. " +
            (error && error.message ? error.message + " " : "") +
            "Press a Save button to keep your words.");
      }).then(function () {
        saving = false;
        if (again) {
          save();
        }
      });
    }

    function changed() {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, WAIT_MS);
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
      window.clearTimeout(timer); // the button saves now
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), enhance);
})();
