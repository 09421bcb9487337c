// Monev RB: progressive enhancement only; every page works without JavaScript.
(function () {
  "use strict";
  // Forms that ask for confirmation (data-confirm="…") before a consequential action.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
