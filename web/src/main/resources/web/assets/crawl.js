// Sitewatch workbench: "send a site to be crawled". Refreshes the progress of the analyst's
// requests from /crawl/requests every few seconds while any is still waiting for its verdict.
// Every text is set with textContent; links are built from the server's relative paths only.
"use strict";
(function () {
  var table = document.querySelector("table[data-poll]");
  if (!table) {
    return;
  }
  var EVERY_MS = 3000;
  var polls = 0;

  function update(data) {
    data.requests.forEach(function (r) {
      var row = table.querySelector('tr[data-request="' + Number(r.id) + '"]');
      if (!row) {
        return;
      }
      row.setAttribute("data-state", r.state);
      row.querySelector(".state").textContent = r.stateText;
      var cell = row.querySelector(".lead");
      cell.textContent = "";
      if (r.lead && /^\/leads\/[0-9]+$/.test(r.lead)) {
        var a = document.createElement("a");
        a.href = r.lead;
        a.textContent = r.leadText;
        cell.appendChild(a);
      }
    });
    polls++;
    table.setAttribute("data-polls", String(polls));
    return data.pending;
  }

  function poll() {
    fetch(table.getAttribute("data-poll"), {
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
        if (update(data)) {
          window.setTimeout(poll, EVERY_MS);
        }
      })
      .catch(function () {
        // signed out or the server is away: try again later, more slowly
        window.setTimeout(poll, EVERY_MS * 5);
      });
  }

  if (table.querySelector('tr[data-state="WAITING"]')) {
    window.setTimeout(poll, EVERY_MS);
  }
})();
