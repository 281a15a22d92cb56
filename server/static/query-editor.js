// The query editor on /sparql: YASGUI (installed by `make` from npm, served from /static/vendor),
// configured to talk only to this server. Examples and prefixes come from the JSON block the
// page embeds; the download links follow the query as it is edited.
(function () {
  "use strict";
  var mount = document.getElementById("yasgui");
  if (!mount || typeof Yasgui === "undefined") { return; }
  var config = JSON.parse(document.getElementById(mount.dataset.configId).textContent);

  var yasgui = new Yasgui(mount, {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    persistenceId: "tvkg-query-editor",
    yasqe: {
      value: config.examples[0].query,
      prefixCcApi: config.prefixesUrl,        // this server's prefixes; never prefix.cc
      autocompleters: ["prefixes", "variables"], // the class/property completers would call LOV
      createShortLink: undefined,
      editorHeight: "18rem"
    }
  });

  function tab() { return yasgui.getTab(); }

  function queryKind(text) {
    var match = /^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>|#[^\n]*)\s*)*(SELECT|ASK|CONSTRUCT|DESCRIBE)/i.exec(text);
    return match ? match[1].toUpperCase() : "SELECT";
  }

  var asOf = document.getElementById("as-of");

  function asOfParameter() { return asOf && asOf.value ? "&as_of=" + encodeURIComponent(asOf.value) : ""; }

  function updateDownloads() {
    var text = tab().getYasqe().getValue();
    var kind = queryKind(text);
    document.querySelectorAll("a.download").forEach(function (link) {
      link.href = config.endpoint + "?query=" + encodeURIComponent(text) + "&format=" + link.dataset.format +
        asOfParameter();
    });
    document.querySelectorAll(".download-group").forEach(function (group) {
      group.classList.toggle("inactive", group.dataset.kinds.split(" ").indexOf(kind) < 0);
    });
  }

  function watch(current) {
    current.getYasqe().on("change", updateDownloads);
    updateDownloads();
  }

  // Claims as of a date: every query the editor sends carries as_of (see graph/query/as_of.py).
  function followAsOf() {
    tab().setRequestConfig({ args: asOf && asOf.value ? [{ name: "as_of", value: asOf.value }] : [] });
    updateDownloads();
  }
  if (asOf) { asOf.addEventListener("change", followAsOf); }

  // A short link keeps the query, the date and what it answers now (server/short_links.py).
  var linkButton = document.getElementById("make-link");
  var linkShown = document.getElementById("short-link");
  if (linkButton && linkShown) {
    linkButton.addEventListener("click", function () {
      var body = new URLSearchParams({ query: tab().getYasqe().getValue(), view: "table" });
      if (asOf && asOf.value) { body.set("as_of", asOf.value); }
      linkShown.textContent = "…";
      fetch(config.linksUrl, { method: "POST", body: body }).then(function (response) {
        if (!response.ok) { return response.text().then(function (why) { throw new Error(why); }); }
        return response.json();
      }).then(function (made) {
        var anchor = document.createElement("a");
        anchor.href = made.url;
        anchor.textContent = made.url;
        linkShown.replaceChildren(anchor);
      }).catch(function (error) { linkShown.textContent = error.message; });
    });
  }

  watch(tab());
  yasgui.on("tabSelect", function () { setTimeout(function () { watch(tab()); followAsOf(); }, 0); });

  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var example = config.examples[Number(button.dataset.example)];
      tab().setQuery(example.query);
      updateDownloads();
      tab().query();
    });
  });
})();
