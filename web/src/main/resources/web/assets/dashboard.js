// Sitewatch workbench: the campaign dashboard. Reads /dashboard/data (the figures over the leads
// the viewer may see) and draws each chart container with ECharts' SVG renderer, which needs no
// inline styles beyond what the CSP allows and no eval. Errors are recorded on the section
// (data-errors) so that a test, or a reader of the page, sees that something went wrong.
"use strict";
(function () {
  var root = document.getElementById("dashboard");
  if (!root) {
    return;
  }
  var errors = [];
  function fail(what) {
    errors.push(String(what));
    root.setAttribute("data-errors", errors.join(" | "));
  }
  window.addEventListener("error", function (e) {
    fail(e.message || "script error");
  });
  document.addEventListener("securitypolicyviolation", function (e) {
    fail("CSP " + e.violatedDirective + " " + (e.blockedURI || ""));
  });

  function human(seconds) {
    if (seconds === null || seconds === undefined) {
      return "-";
    }
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    if (h >= 48) {
      return Math.round(h / 24) + "d";
    }
    return h > 0 ? h + "h " + m + "m" : m + "m " + Math.round(seconds % 60) + "s";
  }

  function lines(labels, series, names) {
    var keys = Object.keys(series);
    return {
      animation: false,
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { type: "scroll", top: 0, data: keys.map(function (k) { return names[k] || k; }) },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: "category", data: labels },
      yAxis: { type: "value", minInterval: 1 },
      series: keys.map(function (k) {
        return { name: names[k] || k, type: "bar", stack: "all", data: series[k] };
      })
    };
  }

  function bars(labels, values, name) {
    return {
      animation: false,
      tooltip: { trigger: "axis", renderMode: "richText" },
      grid: { left: 40, right: 16, top: 16, bottom: 28 },
      xAxis: { type: "category", data: labels },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: name, type: "bar", data: values }]
    };
  }

  function note(key, times, names) {
    var el = root.querySelector('[data-note="' + key + '"]');
    if (!el) {
      return;
    }
    var text = names.count + ": " + times.count + " · " + names.median + ": " +
      human(times.medianSeconds) + " · " + names.p90 + ": " + human(times.p90Seconds);
    if (times.stillOnline !== undefined) {
      text += " · " + names.stillOnline + ": " + times.stillOnline +
        " · " + names.goneBeforeConfirmation + ": " + times.goneBeforeConfirmation;
    }
    el.textContent = text;
  }

  function draw(data) {
    var names = data.names || {};
    var asOf = root.querySelector("[data-as-of]");
    if (asOf && data.asOf) {
      asOf.textContent = data.asOf;
      asOf.setAttribute("data-computed-at", data.computedAt || "");
    }
    var summary = root.querySelector("[data-summary]");
    if (summary) {
      summary.textContent = summary.getAttribute("data-summary").replace("{0}", data.leads);
    }
    var bureaus = Object.keys(data.byBureau);
    var options = {
      statusOverTime: lines(data.overTime.labels, data.overTime.byStatus, names),
      conductOverTime: lines(data.overTime.labels, data.overTime.byConduct, {}),
      toConfirmation: bars(data.firstFlagToConfirmation.histogram.labels,
        data.firstFlagToConfirmation.histogram.counts, names.leads),
      toTakedown: bars(data.confirmationToTakedown.histogram.labels,
        data.confirmationToTakedown.histogram.counts, names.leads),
      byBureau: bars(bureaus, bureaus.map(function (b) { return data.byBureau[b]; }), names.leads)
    };
    note("toConfirmation", data.firstFlagToConfirmation, names);
    note("toTakedown", data.confirmationToTakedown, names);
    var charts = [];
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var option = options[el.getAttribute("data-chart")];
      if (!option) {
        fail("no figures for chart " + el.getAttribute("data-chart"));
        return;
      }
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option);
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
    if (data.leads === 0) {
      var empty = document.createElement("p");
      empty.className = "empty";
      empty.textContent = root.getAttribute("data-empty");
      root.insertBefore(empty, root.firstChild);
    }
  }

  function load() {
    if (!window.echarts) {
      fail("ECharts did not load");
      root.setAttribute("data-state", "failed");
      return;
    }
    fetch(root.getAttribute("data-source"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (r) {
        if (!r.ok) {
          throw new Error("HTTP " + r.status);
        }
        return r.json();
      })
      .then(function (data) {
        draw(data);
        root.setAttribute("data-state", "ready");
      })
      .catch(function (e) {
        fail(e);
        var p = document.createElement("p");
        p.className = "error";
        p.textContent = root.getAttribute("data-failed");
        root.insertBefore(p, root.firstChild);
        root.setAttribute("data-state", "failed");
      });
  }

  load();
})();
