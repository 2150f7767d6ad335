// "Listen" reads a lesson aloud with the browser's own speech synthesis. No third-party service.
// The button stays hidden where the browser cannot speak, and the page works without it.
(function () {
  "use strict";
  var button = document.getElementById("listen");
  var body = document.querySelector(".lesson-body");
  if (!button || !body || !("speechSynthesis" in window) || !window.SpeechSynthesisUtterance) {
    return;
  }
  var speaking = false;
  var startLabel = button.textContent;

  function stop() {
    window.speechSynthesis.cancel();
    speaking = false;
    button.textContent = startLabel;
    button.setAttribute("aria-pressed", "false");
  }

  button.addEventListener("click", function () {
    if (speaking) {
      stop();
      return;
    }
    var title = document.querySelector("h1");
    var text = (title ? title.textContent + ". " : "") + body.innerText;
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = document.documentElement.lang || "en-GB";
    utterance.rate = 0.95;
    utterance.onend = stop;
    utterance.onerror = stop;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(utterance);
    speaking = true;
    button.textContent = "Stop reading";
    button.setAttribute("aria-pressed", "true");
  });
  window.addEventListener("pagehide", stop);
  button.hidden = false;
})();
