// Sitewatch workbench: the live queue. On the first page of the queue, listens to
// /queue/events (server-sent events) and puts each lead opened meanwhile at the top of the table,
// marked "new". Rows are built with DOM calls and textContent only: a site or any other text
// from a crawled page is never parsed as HTML.
"use strict";
(function () {
  var table = document.getElementById("queue-table");
  if (!table || !table.dataset.events || !window.EventSource) {
    return;
  }
  var tbody = table.tBodies[0];
  var since = table.dataset.since || "0";
  var newLabel = table.dataset.newLabel || "new";
  // a stream lasts ten minutes; it is opened again only if someone used the page meanwhile, so an
  // unattended page lets its session time out
  var activeWindow = 10 * 60 * 1000;
  var lastActivity = Date.now();
  ["keydown", "mousedown", "mousemove", "scroll", "touchstart"].forEach(function (type) {
    document.addEventListener(type, function () { lastActivity = Date.now(); }, { passive: true });
  });

  function paused() {
    var note = document.getElementById("queue-live");
    if (note) {
      note.hidden = false;
    }
  }

  function insert(line) {
    var id = String(line.id);
    if (tbody.querySelector('tr[data-id="' + id.replace(/[^0-9]/g, "") + '"]')) {
      return;
    }
    var tr = document.createElement("tr");
    tr.className = "fresh";
    tr.dataset.id = id;
    var site = document.createElement("td");
    site.className = "site";
    var a = document.createElement("a");
    a.href = "/leads/" + encodeURIComponent(id);
    a.textContent = line.site;
    site.appendChild(a);
    var mark = document.createElement("span");
    mark.className = "new-mark";
    mark.textContent = newLabel;
    site.appendChild(document.createTextNode(" "));
    site.appendChild(mark);
    tr.appendChild(site);
    (line.cells || []).forEach(function (text) {
      var td = document.createElement("td");
      td.textContent = text;
      tr.appendChild(td);
    });
    tbody.insertBefore(tr, tbody.firstChild);
    var empty = document.querySelector(".queue-empty");
    if (empty) {
      empty.hidden = true;
    }
  }

  function connect() {
    var url = new URL(table.dataset.events, window.location.href);
    url.searchParams.set("since", since);
    var source = new EventSource(url.toString());
    function remember(e) {
      if (e.lastEventId) {
        since = e.lastEventId;
      }
    }
    source.addEventListener("hello", remember);
    source.addEventListener("leads", function (e) {
      remember(e);
      var lines;
      try {
        lines = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      lines.forEach(insert);
    });
    source.addEventListener("expire", function (e) {
      remember(e);
      source.close();
      if (Date.now() - lastActivity < activeWindow) {
        connect();
      } else {
        paused();
      }
    });
    source.addEventListener("stop", function () {
      source.close();
      paused();
    });
  }

  connect();
})();
