// The slider over a season's release-status timeline: "what was known on" a date. Claims stated
// after it are set apart, and the status line says which official or reported claim stood then.
// A claim dated only to its month or year counts from that month's or year's last day, as
// `as_of=` on /sparql does (graph/query/as_of.py). Without scripts the table is shown as it is.
(function () {
  "use strict";
  function knownFrom(text) {
    var m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(text || "");
    if (!m) { return null; }
    if (m[3]) { return m[0]; }
    if (m[2]) {
      var last = new Date(Date.UTC(+m[1], +m[2], 0)).getUTCDate();
      return m[1] + "-" + m[2] + "-" + String(last).padStart(2, "0");
    }
    return m[1] + "-12-31";
  }
  document.querySelectorAll("div.as-of").forEach(function (box) {
    var table = document.getElementById(box.dataset.for);
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var days = rows.map(function (row) { return knownFrom(row.dataset.date); }).filter(Boolean)
      .filter(function (day, i, all) { return all.indexOf(day) === i; }).sort();
    if (!days.length) { return; }
    var slider = box.querySelector("input"), shown = box.querySelector("output"), status = box.querySelector(".as-of-status");
    slider.max = String(days.length - 1);
    slider.value = slider.max;
    function update() {
      var day = days[Number(slider.value)], standing = null;
      shown.textContent = day;
      rows.forEach(function (row) {
        var known = knownFrom(row.dataset.date);
        var later = !known || known > day;
        row.classList.toggle("not-yet", later);
        if (!later && /^(Official|Reported)$/.test(row.dataset.status)) { standing = row; }
      });
      status.textContent = standing ? "On " + day + " the latest official or reported claim was “" +
        standing.dataset.value + "” (" + standing.dataset.date + ")." :
        "On " + day + " no official or reported claim had been made.";
    }
    slider.addEventListener("input", update);
    box.hidden = false;
    update();
  });
})();
