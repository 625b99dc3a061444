/* Briefing generator: copied into the docs folder as assets/diagrams.js (extra_javascript).
 *
 * Material draws the who-met-whom diagrams with Mermaid, which it fetches from
 * unpkg.com. When that fails (offline, a firewall, a blocked CDN) Material's
 * script stops altogether: search, instant navigation and the palette toggle no
 * longer work on any page holding a diagram. This stand-in `mermaid` is found
 * by Material instead; it loads the real library on first use and, when that
 * is impossible, shows each diagram as a plain list of who met whom.
 */
(function () {
  "use strict";
  if (typeof window.mermaid !== "undefined") return;  // a site that ships Mermaid itself

  var SOURCE = "https://unpkg.com/mermaid@11/dist/mermaid.min.js";
  var WAIT_MS = 10000;
  var settings = null;
  var loading = null;
  var shim;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        var timer = setTimeout(function () { reject(new Error("timed out")); }, WAIT_MS);
        script.src = SOURCE;
        script.onload = function () {
          clearTimeout(timer);
          var real = window.mermaid;
          if (!real || real === shim || typeof real.render !== "function") {
            window.mermaid = shim;
            reject(new Error("no mermaid in " + SOURCE));
            return;
          }
          if (settings) real.initialize(settings);
          resolve(real);
        };
        script.onerror = function () {
          clearTimeout(timer);
          reject(new Error("could not load " + SOURCE));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function decode(label) {  // mermaid_label() writes unsafe characters as #NN;
    return label.replace(/#(\d+);/g, function (_, code) { return String.fromCodePoint(Number(code)); });
  }

  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /* The graph as a list: "A — B (meeting)"; dotted lines are encounters not (yet) held. */
  function fallback(text) {
    var names = {};
    var edges = [];
    text.split("\n").forEach(function (line) {
      var node = line.match(/^\s*(\w+)\["(.*)"\]\s*$/);
      if (node) { names[node[1]] = decode(node[2]); return; }
      var edge = line.match(/^\s*(\w+)\s+(-+|-\.+-)\|"(.*)"\|\s+(\w+)\s*$/);
      if (edge) edges.push([edge[1], edge[4], decode(edge[3])]);
    });
    var items = edges.map(function (e) {
      return "<li>" + escape(names[e[0]] || e[0]) + " — " + escape(names[e[1]] || e[1]) +
        " <small>(" + escape(e[2]) + ")</small></li>";
    });
    return "<div class=\"diagram-fallback\"><p><em>Diagram unavailable (Mermaid could not be loaded); " +
      "who met whom:</em></p><ul>" + items.join("") + "</ul></div>";
  }

  shim = {
    initialize: function (options) { settings = options; },
    render: function (id, text) {
      return load().then(
        function (real) { return real.render(id, text); },
        function () { return { svg: fallback(text) }; }
      );
    }
  };
  window.mermaid = shim;
})();
