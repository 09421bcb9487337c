// Monev RB — the report form: capaian and traffic light as the officer types, and a warning
// before unsaved input is lost. Progressive enhancement only: the server computes and checks
// everything again (areas/scoring.py, evaluations/forms.py); this file mirrors those rules.
// No inline script anywhere: data comes in data- attributes (a CSP will forbid inline scripts).
(function () {
  "use strict";
  var form = document.querySelector("[data-report-form]");
  if (!form) {
    return;
  }
  var lang = (document.documentElement.lang || "id").toLowerCase();
  var numberFormat = new Intl.NumberFormat(lang.indexOf("en") === 0 ? "en-US" : "id-ID", {
    minimumFractionDigits: 0,
    maximumFractionDigits: 1,
  });

  // evaluations.forms.parse_angka: 85,5 · 1.234,5 · 1234 · 85.5; NaN when refused, null when empty.
  var COMMA_DECIMAL = /^([1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,(\d+))?$/;
  var DOT_DECIMAL = /^(\d+)\.(\d+)$/;
  var AMBIGUOUS = /^[1-9]\d{0,2}\.\d{3}$/;
  function parseAngka(text) {
    text = (text || "").replace(/[\s\u00a0\u202f]+/g, "");
    if (!text) {
      return null;
    }
    var sign = 1;
    if (text[0] === "+" || text[0] === "-") {
      sign = text[0] === "-" ? -1 : 1;
      text = text.slice(1);
    }
    if (AMBIGUOUS.test(text)) {
      return NaN;
    }
    var match = COMMA_DECIMAL.exec(text) || DOT_DECIMAL.exec(text);
    if (!match) {
      return NaN;
    }
    var integer = match[1].replace(/\./g, "");
    var fraction = (match[2] || "").replace(/0+$/, "");
    if (integer.replace(/^0+/, "").length > 12 || fraction.length > 4) {
      return NaN;
    }
    var value = sign * parseFloat(integer + "." + (fraction || "0"));
    return value < 0 ? NaN : value;
  }

  // areas.scoring.capaian: higher realisasi/target×100; lower (2 − realisasi/target)×100; milestone 100/0
  // (none while it is not due yet); a range [target, upper]: 100 inside, below it r/lo×100, above (2 − r/hi)×100.
  function capaian(polarity, target, realisasi, done, upper, notDue) {
    if (polarity === "milestone") {
      return done === null ? null : done ? 100 : notDue ? null : 0;
    }
    if (target === null || isNaN(target) || realisasi === null || isNaN(realisasi)) {
      return null;
    }
    var ratio;
    var result;
    if (upper !== null && !isNaN(upper)) {
      if (realisasi >= target && realisasi <= upper) {
        return 100;
      }
      var bound = realisasi < target ? target : upper;
      if (bound === 0) {
        return null;
      }
      ratio = realisasi / bound;
      result = realisasi < target ? ratio * 100 : (2 - ratio) * 100;
      return isFinite(result) ? Math.round(result * 100) / 100 : null;
    }
    if (target === 0) {
      return null;
    }
    ratio = realisasi / target;
    result = polarity === "higher" ? ratio * 100 : polarity === "lower" ? (2 - ratio) * 100 : null;
    if (result === null || !isFinite(result)) {
      return null;
    }
    return Math.round(result * 100) / 100;
  }

  // areas.scoring.traffic_light on the admin's thresholds (areas.scale; default hijau ≥ 85, kuning ≥ 60).
  var greenFrom = parseFloat(form.dataset.greenFrom || "85");
  var yellowFrom = parseFloat(form.dataset.yellowFrom || "60");
  function light(value) {
    if (value === null) {
      return "";
    }
    return value >= greenFrom ? "hijau" : value >= yellowFrom ? "kuning" : "merah";
  }

  function update(card) {
    var polarity = card.dataset.polarity;
    var target = card.dataset.target === "" ? null : parseFloat(card.dataset.target);
    var upper = card.dataset.upper ? parseFloat(card.dataset.upper) : null;
    // A cumulative indicator: its earlier quarters' sum, to which this quarter's value adds up (s.d. TW).
    var before = card.dataset.before ? parseFloat(card.dataset.before) : null;
    var notDue = card.dataset.notDue === "1";
    var realisasi = null;
    var done = null;
    var input = card.querySelector("[data-role=realisasi]");
    var select = card.querySelector("[data-role=milestone]");
    if (input) {
      realisasi = parseAngka(input.value);
    }
    if (select) {
      done = select.value === "1" ? true : select.value === "0" ? false : null;
    }
    var toDate = before !== null && realisasi !== null && !isNaN(realisasi) ? before + realisasi : null;
    var value = capaian(polarity, target, before !== null && realisasi !== null ? toDate : realisasi, done, upper, notDue);
    var sum = card.querySelector("[data-role=to-date]");
    if (sum) {
      sum.textContent = toDate === null ? card.dataset.labelNone : numberFormat.format(toDate);
    }
    var text = card.querySelector("[data-role=capaian]");
    var dot = card.querySelector("[data-role=light]");
    var color = light(value);
    if (text) {
      var none = notDue && done === false ? card.dataset.labelNotDue : card.dataset.labelNone;
      text.textContent = value === null ? none : numberFormat.format(value) + " %";
    }
    if (dot) {
      dot.className = "tl" + (color ? " tl-" + color : "");
      dot.setAttribute("aria-label", color ? card.dataset["light" + color[0].toUpperCase() + color.slice(1)] : "—");
    }
  }

  function onEdit(event) {
    // Only the report's own fields: a file chosen for upload belongs to its side form (form="up-…")
    // and is not an unsaved value, so it must not trigger the "unsaved changes" warning.
    // A rencana aksi card ([data-action-card]) has nothing computed as one types, but its input counts as unsaved.
    var card = event.target.closest("[data-progress-card], [data-action-card]");
    if (!card || event.target.form !== form) {
      return;
    }
    card.dataset.dirty = "1";
    if (card.hasAttribute("data-progress-card")) {
      update(card);
    }
  }
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);

  function unsaved() {
    return form.querySelector("[data-progress-card][data-dirty], [data-action-card][data-dirty]") !== null;
  }

  // Uploading or deleting a file reloads the page: say so when typed values would be lost.
  var leaving = false;
  document.addEventListener(
    "submit",
    function (event) {
      var target = event.target;
      if (target === form) {
        leaving = true;
        return;
      }
      if (target.hasAttribute("data-side-form") && unsaved() && !window.confirm(form.dataset.unsaved)) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      leaving = true;
    },
    true
  );
  window.addEventListener("beforeunload", function (event) {
    if (!leaving && unsaved()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
