// Monev RB dashboards: draws every <canvas data-chart="ID"> from the JSON of <script id="ID">.
// No inline scripts (a Content-Security-Policy forbids them); every chart has a table beside it,
// so the page stays complete without JavaScript and when printed.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  var css = getComputedStyle(document.documentElement);
  function cssVar(name, fallback) {
    var value = css.getPropertyValue(name);
    return value && value.trim() ? value.trim() : fallback;
  }
  var LIGHTS = {
    hijau: cssVar("--bs-success", "#198754"),
    kuning: cssVar("--bs-warning", "#ffc107"),
    merah: cssVar("--bs-danger", "#dc3545")
  };
  var NAMED = {
    secondary: cssVar("--bs-secondary", "#6c757d"),
    info: cssVar("--bs-info", "#0dcaf0"),
    primary: cssVar("--bs-primary", "#0d6efd"),
    warning: LIGHTS.kuning,
    success: LIGHTS.hijau,
    danger: LIGHTS.merah
  };
  var PALETTE = ["#0d6efd", "#6f42c1", "#d63384", "#fd7e14", "#20c997", "#0dcaf0", "#6c757d", "#198754", "#dc3545"];
  var lang = document.documentElement.lang || "id";
  var numberFormat = new Intl.NumberFormat(lang === "en" ? "en-GB" : "id-ID", { maximumFractionDigits: 2 });

  function format(value, percent) {
    if (value === null || value === undefined) {
      return "—";
    }
    return numberFormat.format(value) + (percent ? " %" : "");
  }

  function dataset(spec, index, type) {
    var color = PALETTE[index % PALETTE.length];
    var out = {
      label: spec.label,
      data: spec.data,
      spanGaps: true,
      borderWidth: spec.emphasis ? 3 : 2,
      pointRadius: spec.emphasis ? 4 : 2
    };
    if (spec.lights && spec.lights.length) {
      out.backgroundColor = spec.lights.map(function (l) { return LIGHTS[l] || "#adb5bd"; });
    } else if (spec.colors) {
      out.backgroundColor = spec.colors.map(function (c) { return NAMED[c] || c; });
    } else {
      out.backgroundColor = color;
      out.borderColor = color;
    }
    if (spec.kind === "line") {
      out.type = "line";
      out.borderColor = "#212529";
      out.backgroundColor = "#212529";
      out.order = 0;
    }
    if (type === "line") {
      out.borderColor = spec.emphasis ? "#212529" : color;
      out.backgroundColor = out.borderColor;
    }
    if (spec.axis === "percent") {
      // A share of the target, on its own axis at the right (the indicator page's capaian).
      out.yAxisID = "y1";
      out.borderColor = LIGHTS.hijau;
      out.backgroundColor = LIGHTS.hijau;
      out.borderDash = [6, 4];
      out.percent = true;
    }
    return out;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    var spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (e) {
      return;
    }
    var percent = !!spec.percent;
    var config = {
      type: spec.type || "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (d, i) { return dataset(d, i, spec.type); })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: spec.horizontal ? "y" : "x",
        animation: false,
        plugins: {
          legend: { display: spec.datasets.length > 1, position: "bottom", labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var v = spec.horizontal ? ctx.parsed.x : ctx.parsed.y;
                return ctx.dataset.label + ": " + format(v, percent || ctx.dataset.percent);
              }
            }
          }
        },
        scales: {}
      }
    };
    var valueAxis = spec.horizontal ? "x" : "y";
    config.options.scales[valueAxis] = {
      beginAtZero: true,
      suggestedMax: percent ? 120 : undefined,
      ticks: { precision: spec.integer ? 0 : undefined, callback: function (v) { return format(v, percent); } }
    };
    if (spec.datasets.some(function (d) { return d.axis === "percent"; })) {
      config.options.scales.y1 = {
        position: "right",
        beginAtZero: true,
        suggestedMax: 120,
        grid: { drawOnChartArea: false },
        ticks: { callback: function (v) { return format(v, true); } }
      };
    }
    new window.Chart(canvas, config);
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
