/* The desk: sends the pasted or uploaded article to POST /api/check and shows the report it
   returns; lists the served articles from GET /api/files. Text from the server is only ever set
   as textContent; the report page is parsed inertly (DOMParser runs no script) and its nodes moved in. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };

  function show(kind, message) {
    $("progress").hidden = kind !== "busy";
    $("failure").hidden = kind !== "failed";
    if (kind === "failed") $("failure").textContent = message;
  }

  function check(body, filename) {
    show("busy");
    var url = "/api/check?format=html&filename=" + encodeURIComponent(filename || "story.md");
    return fetch(url, {method: "POST", body: body, headers: {"Content-Type": "text/plain; charset=utf-8"}})
      .then(function (r) {
        if (r.ok) return r.text();
        return r.json().then(function (e) { throw new Error(e.error || ("HTTP " + r.status)); },
                             function () { throw new Error("HTTP " + r.status); });
      })
      .then(function (page) {
        var doc = new DOMParser().parseFromString(page, "text/html");
        var main = doc.getElementById("report");
        var result = $("result");
        while (result.firstChild) result.removeChild(result.firstChild);
        Array.prototype.slice.call(main.childNodes).forEach(function (n) { result.appendChild(document.adoptNode(n)); });
        show("done");
        if (window.newslintReport) window.newslintReport(result);
        result.scrollIntoView({block: "start"});
      })
      .catch(function (e) { show("failed", "Not checked: " + e.message); });
  }

  $("paste").addEventListener("submit", function (e) {
    e.preventDefault();
    check($("text").value, $("filename").value);
  });
  $("upload").addEventListener("change", function () {
    var file = $("upload").files[0];
    if (file) { $("filename").value = file.name; check(file, file.name); }
  });

  function cell(row, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    row.appendChild(td);
    return td;
  }

  function list() {
    fetch("/api/files").then(function (r) { return r.json(); }).then(function (data) {
      if (!data.paths.length) return;
      $("files").hidden = false;
      $("paths").textContent = data.paths.join(", ");
      $("scan").hidden = !data.scanning;
      $("scan-progress").max = Math.max(1, data.total);
      $("scan-progress").value = data.done;
      $("scan-text").textContent = "checking " + data.done + " of " + data.total + " files…";
      $("files-error").hidden = !data.error;
      $("files-error").textContent = data.error || "";
      var rows = $("file-rows");
      while (rows.firstChild) rows.removeChild(rows.firstChild);
      data.files.forEach(function (f) {
        var tr = document.createElement("tr");
        var a = document.createElement("a");
        a.href = "/report?path=" + encodeURIComponent(f.path);
        a.textContent = f.path;
        cell(tr, "", "path").appendChild(a);
        if (f.note) cell(tr, f.note, "meta").colSpan = 3;
        else {
          cell(tr, String(f.errors), "errors");
          cell(tr, String(f.warnings), "warnings");
          cell(tr, f.bot_likeness === null ? "—" : f.bot_likeness.toFixed(2), "score");
        }
        rows.appendChild(tr);
      });
      setTimeout(list, data.scanning ? 300 : 2000);
    }).catch(function () { setTimeout(list, 5000); });
  }
  list();
})();
