/* newslint report: filters by level and rule, j/k from one finding to the next, copy as Markdown.
   The page is complete without this script; it only adds the tools. It never inserts markup built
   from strings: article text reaches the page escaped by the server and is read here as text. */
(function () {
  "use strict";
  var LEVELS = ["error", "warning", "info"];
  var RANK = {error: 3, warning: 2, info: 1};
  var nav = {root: null, order: [], at: -1};

  function all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }

  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  function check(label, name, value, onChange) {
    var box = el("input", "", {type: "checkbox", name: name, value: value});
    box.checked = true;
    box.addEventListener("change", onChange);
    var l = el("label");
    l.appendChild(box);
    l.appendChild(document.createTextNode(" " + label));
    return l;
  }

  function init(root) {
    var items = all(root, "li[data-rule]");
    var tools = root.querySelector("nav.tools");
    nav.root = root; nav.order = []; nav.at = -1;
    if (!tools || !items.length) return;
    var level = {}, rule = {}, levels = {}, rules = {};
    items.forEach(function (li) {
      level[li.id] = li.getAttribute("data-level");
      levels[level[li.id]] = (levels[level[li.id]] || 0) + 1;
      rules[li.getAttribute("data-rule")] = (rules[li.getAttribute("data-rule")] || 0) + 1;
    });
    while (tools.firstChild) tools.removeChild(tools.firstChild);
    var shown = {levels: {}, rules: {}};
    var apply = function () {
      all(tools, "input[name=level]").forEach(function (b) { shown.levels[b.value] = b.checked; });
      all(tools, "input[name=rule]").forEach(function (b) { shown.rules[b.value] = b.checked; });
      var visible = {};
      items.forEach(function (li) {
        var on = shown.levels[li.getAttribute("data-level")] && shown.rules[li.getAttribute("data-rule")];
        li.hidden = !on;
        if (on) visible[li.id] = true;
      });
      all(root, "[data-f]").forEach(function (e) {
        var ids = e.getAttribute("data-f").split(" ").filter(function (id) { return visible[id]; });
        if (e.tagName === "SUP") { e.hidden = !ids.length; return; }
        var top = ids.reduce(function (best, id) { return RANK[level[id]] > (RANK[best] || 0) ? level[id] : best; }, "");
        LEVELS.concat(["off"]).forEach(function (c) { e.classList.remove(c); });
        e.classList.add(ids.length ? top : "off");
      });
      nav.order = items.filter(function (li) { return !li.hidden; }).map(function (li) {
        return {id: li.id, at: root.querySelector('[data-f~="' + li.id + '"]') || li};
      }).sort(function (a, b) {
        return a.at === b.at ? 0 : (a.at.compareDocumentPosition(b.at) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
      });
      nav.at = -1;
      all(root, ".current").forEach(function (e) { e.classList.remove("current"); });
      status.textContent = nav.order.length + " of " + items.length + " findings shown · j/k: next/previous";
    };
    var group = el("span", "Levels:", {"class": "group"});
    LEVELS.forEach(function (l) { if (levels[l]) group.appendChild(check(l + " (" + levels[l] + ")", "level", l, apply)); });
    tools.appendChild(group);
    var rgroup = el("span", "Rules:", {"class": "group"});
    Object.keys(rules).sort().forEach(function (r) { rgroup.appendChild(check(r + " (" + rules[r] + ")", "rule", r, apply)); });
    tools.appendChild(rgroup);
    var copy = el("button", "Copy as Markdown", {type: "button", "class": "copy"});
    var out = el("textarea", "", {readonly: "", "aria-label": "findings as Markdown", "class": "markdown"});
    out.hidden = true;
    copy.addEventListener("click", function () {
      out.value = markdown(root);
      out.hidden = false;
      out.select();
      if (navigator.clipboard) navigator.clipboard.writeText(out.value).catch(function () {});
    });
    tools.appendChild(copy);
    var status = el("span", "", {"class": "status", "aria-live": "polite"});
    tools.appendChild(status);
    tools.appendChild(out);
    tools.hidden = false;
    apply();
  }

  function markdown(root) {
    var lines = [];
    all(root, "article").forEach(function (art) {
      var visible = all(art, "li[data-rule]").filter(function (li) { return !li.hidden; });
      if (!visible.length) return;
      var head = art.querySelector("h2");
      lines.push("### " + (head ? head.textContent : "article"));
      var score = art.querySelector(".headline");
      if (score) lines.push(score.textContent);
      lines.push("");
      visible.forEach(function (li) {
        var msg = li.querySelector(".msg"), q = li.querySelector("q");
        lines.push("- **" + li.getAttribute("data-level") + "** `" + li.getAttribute("data-rule") + "` line " +
                   li.getAttribute("data-line") + ": " + (msg ? msg.textContent : "") + (q ? " \u201c" + q.textContent + "\u201d" : ""));
      });
      lines.push("");
    });
    return lines.join("\n");
  }

  function go(step) {
    if (!nav.root || !nav.order.length) return;
    nav.at = nav.at < 0 ? (step > 0 ? 0 : nav.order.length - 1) : (nav.at + step + nav.order.length) % nav.order.length;
    var id = nav.order[nav.at].id;
    all(nav.root, ".current").forEach(function (e) { e.classList.remove("current"); });
    all(nav.root, '[data-f~="' + id + '"]').concat([document.getElementById(id)]).forEach(function (e) { if (e) e.classList.add("current"); });
    nav.order[nav.at].at.scrollIntoView({block: "center"});
  }

  document.addEventListener("keydown", function (e) {
    var t = e.target && e.target.tagName;
    var typing = t === "TEXTAREA" || t === "SELECT" || e.target.isContentEditable ||
                 (t === "INPUT" && !/^(checkbox|radio|button|submit|reset|file)$/.test(e.target.type));
    if (e.ctrlKey || e.metaKey || e.altKey || typing) return;
    if (e.key === "j") go(1);
    else if (e.key === "k") go(-1);
  });

  window.newslintReport = init;
  var page = document.getElementById("report");
  if (page) init(page);
})();
