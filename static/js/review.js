// Monev RB, review pages: progressive enhancement only (the pages work without JavaScript).
(function () {
  "use strict";
  // "Pilih semua": a checkbox with data-select-all="<name>" ticks every checkbox of that name in its form.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.dataset || !box.dataset.selectAll || !box.form) {
      return;
    }
    var boxes = box.form.querySelectorAll('input[type="checkbox"][name="' + box.dataset.selectAll + '"]');
    Array.prototype.forEach.call(boxes, function (other) {
      other.checked = box.checked;
    });
  });
})();
