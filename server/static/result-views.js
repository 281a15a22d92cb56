// Result views for the query editor, besides YASR's table: a bar chart, a timeline that draws dates
// at their precision (a year or a month is a band, a day a mark) coloured by claim status, and a
// graph of CONSTRUCT results. Plain SVG written here; nothing from elsewhere. A query chooses its
// view with a comment, as on the Wikidata Query Service: #defaultView:Timeline (or Chart, Graph,
// Table); otherwise the reader picks one above the results.
(function () {
  "use strict";
  if (typeof Yasgui === "undefined") { return; }
  var Yasr = Yasgui.Yasr;
  var SVG = "http://www.w3.org/2000/svg";
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var NUMERIC = ["integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger", "positiveInteger"];
  var STATUS_COLOURS = { confirmed: "#1b7837", reported: "#2166ac", expected: "#b35806", rumoured: "#8073ac",
    rumored: "#8073ac", denied: "#b2182b", retracted: "#636363" };
  var PALETTE = ["#2166ac", "#b35806", "#1b7837", "#8073ac", "#b2182b", "#636363", "#35978f", "#c51b7d"];
  var OTHER_STATES = ["#35978f", "#c51b7d", "#7f3b08", "#4d9221", "#542788"];  // statuses without a colour

  function element(name, attributes, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function titled(node, text) { element("title", {}, node).textContent = text; return node; }
  function shortName(value) { return String(value).replace(/^.*[\/#]/, "") || String(value); }
  function text(binding) {
    if (!binding) { return ""; }
    return binding.type === "uri" ? shortName(binding.value) : binding.value;
  }
  function datatype(binding) { return binding && binding.datatype ? binding.datatype.replace(XSD, "") : ""; }
  function bindings(yasr) { return yasr.results ? yasr.results.getBindings() || [] : []; }
  function variables(yasr) { return yasr.results ? yasr.results.getVariables() || [] : []; }
  function column(yasr, test) {
    var rows = bindings(yasr);
    return variables(yasr).filter(function (v) {
      var present = rows.filter(function (row) { return row[v]; });
      return present.length > 0 && present.every(function (row) { return test(row[v]); });
    });
  }
  function icon(letter) {
    var span = document.createElement("span");
    span.textContent = letter;
    span.className = "view-icon";
    return span;
  }
  function canvas(yasr, width, height, label) {
    var svg = element("svg", { viewBox: "0 0 " + width + " " + height, width: "100%", role: "img",
      "aria-label": label, "class": "result-view" });
    yasr.resultsEl.appendChild(svg);
    return svg;
  }

  // -- chart: the first numeric column against the first other column -----------------------------
  function Chart(yasr) { this.yasr = yasr; this.label = "Chart"; this.priority = 2; }
  Chart.prototype.getIcon = function () { return icon("▮"); };
  Chart.prototype.canHandleResults = function () {
    var numeric = column(this.yasr, function (b) { return NUMERIC.indexOf(datatype(b)) >= 0; });
    return numeric.length > 0 && variables(this.yasr).length > numeric.length;
  };
  Chart.prototype.draw = function () {
    var yasr = this.yasr;
    var value = column(yasr, function (b) { return NUMERIC.indexOf(datatype(b)) >= 0; })[0];
    var name = variables(yasr).filter(function (v) { return v !== value; })[0];
    var rows = bindings(yasr).slice(0, 40);
    var largest = Math.max.apply(null, rows.map(function (r) { return Number(r[value] ? r[value].value : 0); }).concat([1e-9]));
    var height = 24 * rows.length + 40;
    var svg = canvas(yasr, 900, height, "Bar chart of " + value + " by " + name);
    rows.forEach(function (row, i) {
      var amount = Number(row[value] ? row[value].value : 0);
      var y = 10 + 24 * i;
      element("text", { x: 290, y: y + 15, "text-anchor": "end", "class": "view-label" }, svg).textContent =
        text(row[name]).slice(0, 40);
      titled(element("rect", { x: 300, y: y, height: 18, width: Math.max(1, 560 * amount / largest),
        "class": "bar", fill: PALETTE[0] }, svg), text(row[name]) + ": " + amount);
      element("text", { x: 305 + 560 * amount / largest, y: y + 15, "class": "view-value" }, svg).textContent =
        row[value] ? row[value].value : "";
    });
  };

  // -- timeline: each row's dates as bands at their precision, coloured by status ------------------
  var DATED = ["date", "dateTime", "gYearMonth", "gYear"];
  function bounds(binding) {
    var kind = datatype(binding), v = binding.value;
    if (kind === "gYear") { return [Date.UTC(+v.slice(0, 4), 0, 1), Date.UTC(+v.slice(0, 4) + 1, 0, 1), "year"]; }
    if (kind === "gYearMonth") {
      var year = +v.slice(0, 4), month = +v.slice(5, 7) - 1;
      return [Date.UTC(year, month, 1), Date.UTC(year, month + 1, 1), "month"];
    }
    var day = Date.UTC(+v.slice(0, 4), +v.slice(5, 7) - 1, +v.slice(8, 10));
    return [day, day + 864e5, "day"];
  }
  function Timeline(yasr) { this.yasr = yasr; this.label = "Timeline"; this.priority = 3; }
  Timeline.prototype.getIcon = function () { return icon("═"); };
  Timeline.prototype.canHandleResults = function () {
    return column(this.yasr, function (b) { return DATED.indexOf(datatype(b)) >= 0; }).length > 0;
  };
  Timeline.prototype.draw = function () {
    var yasr = this.yasr;
    var when = column(yasr, function (b) { return DATED.indexOf(datatype(b)) >= 0; })[0];
    var status = variables(yasr).filter(function (v) { return /status/i.test(v); })[0];
    var name = variables(yasr).filter(function (v) { return v !== when && v !== status; })[0];
    var rows = bindings(yasr).filter(function (row) { return row[when]; }).slice(0, 60);
    var spans = rows.map(function (row) { return bounds(row[when]); });
    var start = Math.min.apply(null, spans.map(function (s) { return s[0]; }));
    var end = Math.max.apply(null, spans.map(function (s) { return s[1]; }));
    var left = 320, width = 560, scale = function (t) { return left + width * (t - start) / Math.max(1, end - start); };
    var svg = canvas(yasr, 900, 22 * rows.length + 70, "Timeline of " + when + (status ? ", coloured by " + status : ""));
    var firstYear = new Date(start).getUTCFullYear(), lastYear = new Date(end).getUTCFullYear();
    for (var year = firstYear; year <= lastYear + 1; year++) {
      var x = scale(Date.UTC(year, 0, 1));
      if (x < left || x > left + width) { continue; }
      element("line", { x1: x, x2: x, y1: 0, y2: 22 * rows.length + 10, "class": "view-grid" }, svg);
      if (x + 32 <= left + width) {
        element("text", { x: x + 2, y: 22 * rows.length + 25, "class": "view-value" }, svg).textContent = year;
      }
    }
    var seen = {};
    rows.forEach(function (row, i) {
      var span = spans[i], y = 6 + 22 * i;
      var state = status ? text(row[status]) : "";
      var others = Object.keys(seen).filter(function (s) { return !STATUS_COLOURS[s.toLowerCase()]; });
      var colour = STATUS_COLOURS[state.toLowerCase()] || seen[state] || OTHER_STATES[others.length % OTHER_STATES.length];
      seen[state] = colour;
      element("text", { x: left - 10, y: y + 13, "text-anchor": "end", "class": "view-label" }, svg).textContent =
        (name ? text(row[name]) : "").slice(0, 42);
      titled(element("rect", { x: scale(span[0]), y: y, height: 16, "class": "mark " + span[2], fill: colour,
        width: Math.max(4, scale(span[1]) - scale(span[0])), "data-precision": span[2] }, svg),
        (name ? text(row[name]) + ": " : "") + row[when].value + " (" + span[2] + ")" + (state ? ", " + state : ""));
    });
    var legend = element("g", { "class": "view-legend" }, svg);
    Object.keys(seen).filter(Boolean).forEach(function (state, i) {
      element("rect", { x: left + 110 * i, y: 22 * rows.length + 40, width: 12, height: 12, fill: seen[state] }, legend);
      element("text", { x: left + 110 * i + 16, y: 22 * rows.length + 51, "class": "view-value" }, legend).textContent = state;
    });
  };

  // -- graph: the triples of a CONSTRUCT, nodes on a circle --------------------------------------
  function Graph(yasr) { this.yasr = yasr; this.label = "Graph"; this.priority = 1; }
  Graph.prototype.getIcon = function () { return icon("◎"); };
  Graph.prototype.canHandleResults = function () {
    var vars = variables(this.yasr);
    return ["subject", "predicate", "object"].every(function (v) { return vars.indexOf(v) >= 0; }) &&
      bindings(this.yasr).length > 0;
  };
  Graph.prototype.draw = function () {
    var yasr = this.yasr;
    var triples = bindings(yasr).filter(function (t) { return t.object && t.object.type !== "literal"; }).slice(0, 80);
    var nodes = [];
    triples.forEach(function (t) {
      [t.subject.value, t.object.value].forEach(function (n) { if (nodes.indexOf(n) < 0) { nodes.push(n); } });
    });
    var size = 760, centre = size / 2, radius = size / 2 - 120;
    var place = function (n) {
      var i = nodes.indexOf(n), angle = 2 * Math.PI * i / Math.max(1, nodes.length);
      return i === 0 ? [centre, centre] : [centre + radius * Math.cos(angle), centre + radius * Math.sin(angle)];
    };
    var svg = canvas(yasr, size, size, "Graph of " + nodes.length + " nodes and " + triples.length + " edges");
    triples.forEach(function (t) {
      var a = place(t.subject.value), b = place(t.object.value);
      titled(element("line", { x1: a[0], y1: a[1], x2: b[0], y2: b[1], "class": "edge" }, svg),
        shortName(t.subject.value) + " " + shortName(t.predicate.value) + " " + shortName(t.object.value));
    });
    nodes.forEach(function (n) {
      var p = place(n);
      titled(element("circle", { cx: p[0], cy: p[1], r: 6, "class": "node" }, svg), n);
      element("text", { x: p[0] + 8, y: p[1] - 8, "class": "view-label" }, svg).textContent = shortName(n).slice(0, 30);
    });
  };

  Yasr.registerPlugin("chart", Chart);
  Yasr.registerPlugin("timeline", Timeline);
  Yasr.registerPlugin("graph", Graph);

  // #defaultView:Name in a query chooses the view its results open in.
  window.tvkgDefaultView = function (query) {
    var match = /#\s*defaultView\s*:\s*(\w+)/i.exec(query || "");
    var views = { table: "table", timeline: "timeline", chart: "chart", barchart: "chart", linechart: "chart",
      graph: "graph" };
    return match ? views[match[1].toLowerCase()] : undefined;
  };
})();
