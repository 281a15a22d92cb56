// The query editor on /sparql: YASGUI (installed by `make` from npm, served from /static/vendor),
// configured to talk only to this server. Examples and prefixes come from the JSON block the
// page embeds; the download links follow the query as it is edited.
(function () {
  "use strict";
  var mount = document.getElementById("yasgui");
  if (!mount || typeof Yasgui === "undefined") { return; }
  var config = JSON.parse(document.getElementById(mount.dataset.configId).textContent);

  // Completion from the data (graph/query/completion.py): entity names as IRIs, and the
  // properties things of the subject's class actually use. Each suggestion's label and detail are
  // kept by its text, for the popup to show beside it.
  var described = {};
  function suggestions(url) {
    return fetch(url).then(function (response) { return response.ok ? response.json() : []; })
      .then(function (list) {
        list.forEach(function (s) { described[s.text] = s; });
        return list.map(function (s) { return s.text; });
      }).catch(function () { return []; });
  }
  function describeHints(yasqe, hints) {
    hints.forEach(function (hint) {
      var s = described[hint.text];
      if (s) { hint.displayText = hint.text + "  —  " + s.label + " · " + s.detail; hint.className = "tvkg-hint"; }
    });
    return hints;
  }
  var KEYWORDS = /^(SELECT|ASK|CONSTRUCT|DESCRIBE|WHERE|FILTER|OPTIONAL|UNION|MINUS|GRAPH|SERVICE|BIND|VALUES|PREFIX|BASE|ORDER|GROUP|BY|LIMIT|OFFSET|HAVING|DISTINCT|REDUCED|AS|FROM|NAMED|NOT|EXISTS|IN|LANG|STR|COUNT|SUM|MIN|MAX|AVG|SAMPLE|DESC|ASC|TRUE|FALSE|A)$/i;
  var ENTITY_PREFIXES = /(?:^|[\s{(.;,])((?:person|show|season|episode|character|work|org|place|event|source|announcement|role):([\w\u00C0-\uFFFF-]{2,}))$/;
  // The name being typed: capitalised words and the word under the cursor ("Park Ji"), or the
  // local part of an entity's prefixed name ("person:park-ji").
  function typedName(yasqe) {
    var cursor = yasqe.getDoc().getCursor();
    var before = yasqe.getDoc().getLine(cursor.line).slice(0, cursor.ch);
    var named = ENTITY_PREFIXES.exec(before);
    if (named) { return { text: named[2].replace(/-/g, " "), start: cursor.ch - named[1].length, end: cursor.ch }; }
    var words = /(?:^|[\s{(.;,])((?:[A-Z\u00C0-\uFFFF][\w\u00C0-\uFFFF'-]*\s+)*[A-Za-z\u00C0-\uFFFF][\w\u00C0-\uFFFF'-]*)$/.exec(before);
    // a name has a lower-case letter (keywords are typed in capitals) and is no keyword itself
    if (!words || words[1].length < 3 || !/[a-z\u00C0-\uFFFF]/.test(words[1]) ||
        KEYWORDS.test(words[1].split(/\s+/)[0])) { return null; }
    return { text: words[1], start: cursor.ch - words[1].length, end: cursor.ch };
  }
  var Yasqe = window.Yasqe || Yasgui.Yasqe;
  Yasqe.registerAutocompleter({
    name: "tvkg-entities", bulk: false, autoShow: true,
    isValidCompletionPosition: function (yasqe) { return typedName(yasqe) !== null; },
    preProcessToken: function (yasqe, token) {
      var typed = typedName(yasqe);
      if (!typed) { return token; }
      return Object.assign({}, token, { autocompletionString: typed.text, from: { ch: typed.start }, to: { ch: typed.end } });
    },
    get: function (yasqe, token) {
      return suggestions(config.entitiesUrl + "?q=" + encodeURIComponent(token.autocompletionString || token.string));
    },
    postprocessHints: describeHints
  });
  // The class of the subject whose property is being typed: "?x a tv:Person" anywhere in the query.
  function subjectClass(yasqe) {
    var cursor = yasqe.getDoc().getCursor();
    var text = yasqe.getDoc().getRange({ line: 0, ch: 0 }, cursor);
    var subject = /(?:^|[{.]\s*)(\?\w+)\s[^{.]*$/.exec(text);
    if (!subject) { return ""; }
    var typed = new RegExp("\\" + subject[1] + "\\s+(?:a|rdf:type)\\s+([\\w-]+:[\\w-]*|<[^>]+>)").exec(yasqe.getValue());
    return typed ? typed[1] : "";
  }
  Yasqe.registerAutocompleter({
    name: "tvkg-properties", bulk: false, autoShow: true,
    isValidCompletionPosition: function (yasqe) {
      var token = yasqe.getCompleteToken();
      return token.string.length > 0 && "?$<".indexOf(token.string[0]) < 0 &&
        token.string.indexOf(":") > 0 && token.state.possibleCurrent.indexOf("a") >= 0;
    },
    get: function (yasqe, token) {
      var typed = token.string;
      return suggestions(config.propertiesUrl + "?class=" + encodeURIComponent(subjectClass(yasqe)) +
        "&prefix=" + encodeURIComponent(typed));
    },
    postprocessHints: describeHints
  });

  var yasgui = new Yasgui(mount, {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    yasr: { pluginOrder: ["table", "chart", "timeline", "graph", "response"] },  // result-views.js
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    persistenceId: "tvkg-query-editor",
    yasqe: {
      value: config.examples[0].query,
      prefixCcApi: config.prefixesUrl,        // this server's prefixes; never prefix.cc
      // this server's own completers; YASQE's class/property completers would call LOV
      autocompleters: ["prefixes", "variables", "tvkg-entities", "tvkg-properties"],
      createShortLink: undefined,
      editorHeight: "18rem"
    }
  });

  function tab() { return yasgui.getTab(); }

  // The view results open in: the one a short link keeps (?edit=&view=, for its first answer), else
  // the one the query's #defaultView:Name comment names (result-views.js).
  var linkedView = config.opened && config.opened.view;
  yasgui.on("queryResponse", function (instance, answered) {
    var view = linkedView || (window.tvkgDefaultView && window.tvkgDefaultView(answered.getQuery()));
    var yasr = answered.getYasr();
    linkedView = "";
    // (after this event the tab hands the response to YASR; a view that cannot show it falls back)
    if (view && yasr.plugins[view]) { setTimeout(function () { yasr.selectPlugin(view); }, 0); }
  });

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

  // Opened on a query (?edit=, from a short link): run it at once, in the view and on the date it keeps.
  if (config.opened && config.opened.query) {
    if (asOf && config.opened.asOf) { asOf.value = config.opened.asOf; }
    followAsOf();
    tab().setQuery(config.opened.query);
    tab().query();
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
