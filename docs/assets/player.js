/* scratchnet step-through player.
 *
 * Replays one training step recorded from scratchnet's real code during the build
 * (docs/_hooks/player.py writes traces/NAME.json). Vanilla JS, no framework, no network
 * request outside the site. Embed anywhere with:
 *
 *   <div class="sn-player" data-scenario="example-c"></div>
 *   <script src="../assets/player.js"></script>
 *
 * Optional: data-chooser="off" hides the scenario chooser. The traces and player.css are
 * found relative to this script's own URL, so the site may live under a sub-path.
 * Every number the player shows is a value from the trace, formatted; none is computed here.
 */
(function () {
  "use strict";

  var SCRIPT = document.currentScript;
  var BASE = (SCRIPT && SCRIPT.src) || document.baseURI;
  var TRACES = new URL("../traces/", BASE).href;
  var SVGNS = "http://www.w3.org/2000/svg";
  var uid = 0;
  var cache = {};

  // ------------------------------------------------------------------ helpers

  function el(tag, attrs, kids) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, kids);
    return node;
  }

  function sv(tag, attrs, kids) {
    var node = document.createElementNS(SVGNS, tag);
    setAttrs(node, attrs);
    append(node, kids);
    return node;
  }

  function setAttrs(node, attrs) {
    for (var k in attrs || {}) {
      if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) continue;
      if (k === "text") node.textContent = attrs[k];
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), attrs[k]);
      else node.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    }
  }

  function append(node, kids) {
    [].concat(kids || []).forEach(function (kid) {
      if (kid === null || kid === undefined || kid === false) return;
      node.appendChild(typeof kid === "string" ? document.createTextNode(kid) : kid);
    });
  }

  /** A trace value as text: at most 4 decimals, Python's None for null, lists in brackets. */
  function fmt(v) {
    if (v === null || v === undefined) return "None";
    if (Array.isArray(v)) return "[" + v.map(fmt).join(", ") + "]";
    if (typeof v === "boolean") return v ? "True" : "False";
    if (typeof v !== "number") return String(v);
    if (v !== 0 && Math.abs(v) < 5e-5) return v.toExponential(2);
    var s = String(parseFloat(v.toFixed(4)));
    return s === "-0" ? "0" : s;
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function copy(v) { return v === undefined ? v : JSON.parse(JSON.stringify(v)); }

  function load(file) {
    if (!cache[file]) {
      cache[file] = fetch(TRACES + file).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + r.statusText + " for " + r.url);
        return r.json();
      });
    }
    return cache[file];
  }

  // Every word the player writes, here in English; the pages of another language load its table
  // first (player-ja.js) and the page's <html lang> picks it. Numbers, code names and formulas
  // are the same in every language.
  var TEXT = {
    en: {
      phase: { forward: "forward pass", backward: "backward pass", update: "update" },
      step: {
        step1: "step 1, the error flowing back",
        step2: "step 2, the activation derivative",
        step3: "step 3, the partials of the weighted sum",
        step4: "step 4, delta and the gradients"
      },
      expected: { new_w: "the new weights", new_b: "the new bias" },
      where: function (l, j) { return "layer " + l + ", node " + j + ": "; },
      forward: function (terms, b, sum, act, out) {
        return "weighted sum u = " + terms + " + " + b + " = " + sum + "; output " + act + "(" + sum + ") = " + out + ".";
      },
      step1Output: function (l, detail) {
        return "layer " + l + ", step 1: the errors flowing back into the outputs are the loss derivatives" + detail + ".";
      },
      step1Hidden: function (l, next, err) {
        return "layer " + l + ", step 1: the errors flowing back into this layer's outputs are the input gradients of layer " +
          next + ": back_error = " + err + ".";
      },
      step2: function (act, sum, der) { return "activation derivative " + act + "′(" + sum + ") = " + der + "."; },
      step3: function (w, b, x) {
        return "partials of the weighted sum: du/dw = the inputs " + w + ", du/db = " + b + ", du/dx = the weights " + x + ".";
      },
      step4: function (err, der, delta, gb, gw, gx, sum) {
        return "delta = error " + err + " × activation derivative " + der + " = " + delta + "; grad_b = " + gb +
          "; grad_w = " + gw + "; this node adds delta × w = " + gx + " to the input gradients, layer_grads_x is now " + sum + ".";
      },
      pitfallNote: " An input's gradient is the sum over every edge it feeds.",
      update: function (l, j, ws, b) {
        return "update, layer " + l + ", node " + j + ": each weight w − lr × grad_w: " + ws + "; bias " + b + ".";
      },
      wrongHere: function (list) { return " Wrong here: the correct code gives " + list + "."; },
      netTitle: function (layers, phase, l, j) {
        return "The network, layers " + layers + ", at " + phase + ", layer " + l + ", node " + j;
      },
      input: "input", layerName: function (l) { return "layer " + l; },
      outputLayer: function (l) { return "layer " + l + " (output)"; },
      differs: function (e, d) { return "differs from the correct run: e " + e + ", δ " + d; },
      target: "target ",
      player: "Step-through player",
      failed: function (why) {
        return "The player could not load its trace (" + why + "). It needs the site served over HTTP, for example with python -m http.server.";
      },
      play: ["▶ Play", "Play"], pause: ["❚❚ Pause", "Pause"],
      speeds: ["slow", "normal", "fast", "very fast"],
      start: ["⇤ start", function (ph) { return "Jump to the start of the " + ph; }],
      end: ["end ⇥", function (ph) { return "Jump to the end of the " + ph; }],
      stepLabel: "Step",
      legend: ["forward: solid", "backward: dashed", "update: dotted",
        "in a node: its output; e: the error flowing back (dL/do); δ: delta (dL/du)"],
      sourceCode: "Source code", scenario: "Scenario ", controls: "Player controls",
      first: ["⇤ First", "First step"], back: ["◀ Back", "Step back"], next: ["Next ▶", "Step forward"],
      last: ["Last ⇥", "Last step"], speed: "Speed ", network: "Network",
      changedLine: "the one changed line (≠ in the margin)",
      model: ["layers ", " · activations ", " · loss ", " · x ", " · y_true ", " · lr "],
      broken: ["This run's back_prop has one line changed: ", " instead of ", ". Values that differ from the correct run are marked ≠."],
      count: function (n, total, where) { return "Step " + n + " of " + total + " · " + where; },
      pitfall: "⚠ The series' second pitfall: an input's gradient is the sum over every edge it feeds. ",
      pitfallBroken: function (j, l) {
        return "Here node " + j + " should add its share to the sums the earlier nodes of layer " + l +
          " started; the broken line overwrites them, so their contributions are lost.";
      },
      pitfallRight: function (j, l) {
        return "Here node " + j + " of layer " + l + " adds its share to the sums the earlier nodes started (layer_grads_x[x_i] +=).";
      },
      code: ["Code: ", " in "],
      vars: ["Variables in ", function (l, j) { return " (layer " + l + ", node " + j + ")"; }, " · ● changed by this step"],
      correctRun: "≠ correct run: ", changed: "changed"
    }
  };
  // Another language's table comes in its own small script, loaded before this one by the pages in
  // that language only (docs/assets/player-ja.js on /ja/): it adds itself to window.SN_PLAYER_TEXT.
  var LANG = (document.documentElement.lang || "en").split("-")[0];
  var T = (window.SN_PLAYER_TEXT && window.SN_PLAYER_TEXT[LANG]) || TEXT[LANG] || TEXT.en;

  var PHASES = ["forward", "backward", "update"];
  var PHASE_NAME = T.phase;
  var FN_OF = { forward: "forward_prop", backward: "back_prop", update: "update_params" };
  var STEP_NAME = T.step;

  /** A scenario's title and description in the page's language (the trace carries them per language). */
  function textOf(entry) {
    var own = entry.i18n && entry.i18n[LANG];
    return own || { title: entry.title, about: entry.about };
  }

  // ------------------------------------------------------------------ replay
  //
  // Replaying the events in order gives, after each one, the variables of the running
  // function and the values on the diagram. Stepping back shows an earlier snapshot, so
  // going back and forth always shows the same state.

  function replay(trace, events) {
    var layers = trace.layers, last = layers.length - 1;
    var nodes = {}, edges = {}, fwdEvent = {};
    var F = {}, B = {}, U = {};
    var snaps = [];
    trace.x.forEach(function (v, i) { nodes["0," + i] = { out: v }; });
    for (var l = 1; l <= last; l++) {
      for (var j = 0; j < layers[l]; j++) {
        nodes[l + "," + j] = {};
        for (var i = 0; i < layers[l - 1]; i++) edges[l + "," + i + "," + j] = { w: trace.weights[l - 1][j][i] };
      }
    }
    events.forEach(function (ev) {
      var l = ev.layer, j = ev.node, key = l + "," + j;
      if (ev.phase === "forward") {
        fwdEvent[key] = ev;
        if (!F.cached_outs) F.cached_outs = [trace.x.slice()];
        if (j === 0) { F.node_sums = []; F.cached_outs.push([]); }
        F.layer_i = l; F.node_i = j; F.activation = ev.activation;
        F.out = ev.x; F.w = ev.w; F.b = ev.b;
        F["summation(out, w, b)"] = ev.sum;
        F.node_sums.push(ev.sum);
        F["activation(node_sum)"] = ev.out;
        F.cached_outs[l].push(ev.out);
        nodes[key].out = ev.out;
      } else if (ev.phase === "backward") {
        if (!B.grads_w) {
          B.grads_w = layers.slice(1).map(function () { return null; });
          B.grads_b = B.grads_w.slice();
          B.grads_x = [];
        }
        var fe = fwdEvent[key];
        if (ev.section === "step1") {
          B.layer_i = l; B.is_output_layer = l === last; B.x = fe.x;
          if (l === last) { B.y_pred = F.cached_outs[last].slice(); B.y_true = trace.y_true; }
          B.layer_grads_w = []; B.layer_grads_b = []; B.layer_grads_x = fe.x.map(function () { return 0; });
          B.back_error = ev.back_error;
          ev.back_error.forEach(function (e, n) { nodes[l + "," + n].err = e; });
        } else if (ev.section === "step2") {
          B.node_i = j; B.node_sum = ev.sum; B.active_der = ev.active_der;
        } else if (ev.section === "step3") {
          B.w = fe.w; B.b = fe.b;
          B.sum_der_w = ev.sum_der_w; B.sum_der_b = ev.sum_der_b; B.sum_der_x = ev.sum_der_x;
        } else if (ev.section === "step4") {
          B.delta = ev.delta; B.grad_b = ev.grad_b; B.layer_grads_b.push(ev.grad_b);
          B.node_grads_w = ev.grads_w; B.layer_grads_w.push(ev.grads_w);
          B.layer_grads_x = ev.layer_grads_x;
          nodes[key].delta = ev.delta;
          ev.grads_w.forEach(function (g, i) { edges[l + "," + i + "," + j].grad = g; });
          ev.layer_grads_x.forEach(function (g, i) { nodes[(l - 1) + "," + i].err = g; });
          if (j === layers[l] - 1) {
            B.grads_x.push(ev.layer_grads_x);
            B.grads_w[l - 1] = B.layer_grads_w.slice();
            B.grads_b[l - 1] = B.layer_grads_b.slice();
          }
        }
      } else {
        if (!U.new_weights) { U.new_weights = []; U.new_biases = []; }
        U.lr = ev.lr; U.node_w = ev.w; U.node_gw = ev.grads_w;
        U["[w - lr * grad_w …]"] = ev.new_w;
        U.b = ev.b; U.grad_b = ev.grad_b; U["b - lr * grad_b"] = ev.new_b;
        if (j === 0) { U.new_weights.push([]); U.new_biases.push([]); }
        U.new_weights[l - 1].push(ev.new_w);
        U.new_biases[l - 1].push(ev.new_b);
        nodes[key].newB = ev.new_b;
        ev.new_w.forEach(function (w, i) { edges[l + "," + i + "," + j].newW = w; });
      }
      snaps.push(copy({ frame: { forward: F, backward: B, update: U }, nodes: nodes, edges: edges }));
    });
    return snaps;
  }

  var VAR_ORDER = {
    forward: ["layer_i", "node_i", "out", "w", "b", "summation(out, w, b)", "node_sums", "activation",
      "activation(node_sum)", "cached_outs"],
    backward: ["layer_i", "is_output_layer", "x", "y_pred", "y_true", "back_error", "node_i", "node_sum",
      "active_der", "w", "b", "sum_der_w", "sum_der_b", "sum_der_x", "delta", "grad_b", "node_grads_w",
      "layer_grads_b", "layer_grads_w", "layer_grads_x", "grads_x", "grads_w", "grads_b"],
    update: ["lr", "node_w", "node_gw", "[w - lr * grad_w …]", "b", "grad_b", "b - lr * grad_b",
      "new_weights", "new_biases"]
  };

  // ------------------------------------------------------------------ words

  /** A factor in a formula: negative numbers in parentheses. */
  function fac(v) { return v < 0 ? "(" + fmt(v) + ")" : fmt(v); }

  function terms(x, w) {
    return x.map(function (xi, i) { return fac(xi) + " × " + fac(w[i]); }).join(" + ");
  }

  var EXPECTED_NAME = { back_error: "back_error", delta: "delta", grad_b: "grad_b", grads_w: "node_grads_w",
    layer_grads_x: "layer_grads_x", new_w: T.expected.new_w, new_b: T.expected.new_b };

  /** One sentence per event, for the live region and the caption. */
  function describe(trace, ev, snap) {
    var where = T.where(ev.layer, ev.node);
    var s;
    if (ev.phase === "forward") {
      s = where + T.forward(terms(ev.x, ev.w), fac(ev.b), fmt(ev.sum), ev.activation, fmt(ev.out));
    } else if (ev.section === "step1") {
      if (ev.layer === trace.layers.length - 1) {
        var yp = snap.frame.backward.y_pred;
        s = T.step1Output(ev.layer, trace.loss === "sse" ? " y_pred − y_true: " + ev.back_error.map(function (e, n) {
          return fmt(yp[n]) + " − " + fac(trace.y_true[n]) + " = " + fmt(e);
        }).join(", ") : ": " + fmt(ev.back_error));
      } else {
        s = T.step1Hidden(ev.layer, ev.layer + 1, fmt(ev.back_error));
      }
    } else if (ev.section === "step2") {
      s = where + T.step2(trace.activations[ev.layer - 1], fmt(ev.sum), fmt(ev.active_der));
    } else if (ev.section === "step3") {
      s = where + T.step3(fmt(ev.sum_der_w), fmt(ev.sum_der_b), fmt(ev.sum_der_x));
    } else if (ev.section === "step4") {
      s = where + T.step4(fmt(ev.back_error), fac(snap.frame.backward.active_der), fmt(ev.delta), fmt(ev.grad_b),
        fmt(ev.grads_w), fmt(ev.grads_x), fmt(ev.layer_grads_x));
      if (ev.pitfall) s += T.pitfallNote;
    } else {
      s = T.update(ev.layer, ev.node, ev.w.map(function (w, i) {
        return fmt(w) + " − " + fac(ev.lr) + " × " + fac(ev.grads_w[i]) + " = " + fmt(ev.new_w[i]);
      }).join(", "), fmt(ev.b) + " − " + fac(ev.lr) + " × " + fac(ev.grad_b) + " = " + fmt(ev.new_b));
    }
    if (ev.expected) {
      s += T.wrongHere(Object.keys(ev.expected).filter(function (k) {
        return EXPECTED_NAME[k];
      }).map(function (k) { return EXPECTED_NAME[k] + " = " + fmt(ev.expected[k]); }).join(", "));
    }
    return s;
  }

  // ------------------------------------------------------------------ code

  var KEYWORDS = /^(def|for|in|if|else|elif|return|try|except|raise|is|not|None|True|False|and|or|lambda|with|as)$/;

  /** Python source lines as highlighted DOM lines: comments, strings and keywords (docstrings span lines). */
  function codeLines(lines) {
    var inDoc = false;
    return lines.map(function (pair) {
      var text = pair[1], parts = [], rest = text;
      while (rest.length) {
        if (inDoc) {
          var end = rest.indexOf('"""');
          var upto = end < 0 ? rest.length : end + 3;
          parts.push(["s", rest.slice(0, upto)]);
          rest = rest.slice(upto);
          if (end >= 0) inDoc = false;
          continue;
        }
        var m = /(#.*$)|([rRbBfF]?""")|([rRbBfF]?"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_]\w*)/.exec(rest);
        if (!m) { parts.push(["", rest]); break; }
        if (m.index) parts.push(["", rest.slice(0, m.index)]);
        if (m[1]) parts.push(["c", m[1]]);
        else if (m[2]) { parts.push(["s", m[2]]); inDoc = true; }
        else if (m[3]) parts.push(["s", m[3]]);
        else parts.push([KEYWORDS.test(m[4]) ? "k" : "", m[4]]);
        rest = rest.slice(m.index + m[0].length);
      }
      var src = el("span", { "class": "sn-src" });
      parts.forEach(function (p) {
        src.appendChild(p[0] ? el("span", { "class": "sn-tok-" + p[0], text: p[1] }) : document.createTextNode(p[1]));
      });
      return el("span", { "class": "sn-line", "data-line": pair[0] },
        [el("span", { "class": "sn-ln", "aria-hidden": "true", text: String(pair[0]) }), src]);
    });
  }

  // ------------------------------------------------------------------ diagram

  var R = 27, DX = 150, DY = 104;

  function layout(layers) {
    var maxN = Math.max.apply(null, layers), pos = {};
    layers.forEach(function (n, l) {
      for (var j = 0; j < n; j++) pos[l + "," + j] = { x: 40 + l * DX, y: 56 + (maxN - n) * DY / 2 + j * DY };
    });
    return { pos: pos, width: 40 + (layers.length - 1) * DX + 100, height: 56 + maxN * DY - 20 };
  }

  function drawNet(p, snap, ev, expSnap) {
    var trace = p.trace, layers = trace.layers, last = layers.length - 1, L = p.geo, id = p.id;
    var kind = ev.phase === "forward" ? "fwd" : ev.phase === "backward" ? "bwd" : "upd";
    var svg = sv("svg", { viewBox: "0 0 " + L.width + " " + L.height, "class": "sn-net-svg", role: "img",
      "aria-labelledby": id + "-net-title" });
    svg.appendChild(sv("title", { id: id + "-net-title", text: T.netTitle(fmt(layers), PHASE_NAME[ev.phase], ev.layer, ev.node) }));
    var defs = sv("defs");
    ["fwd", "bwd", "upd"].forEach(function (k) {
      defs.appendChild(sv("marker", { id: id + "-arrow-" + k, viewBox: "0 0 10 10", refX: 9, refY: 5,
        markerWidth: 10, markerHeight: 10, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" },
        sv("path", { d: "M0,0 L10,5 L0,10 z", "class": "sn-mk-" + k })));
    });
    svg.appendChild(defs);
    layers.forEach(function (n, l) {
      svg.appendChild(sv("text", { x: L.pos[l + ",0"].x, y: 14, "class": "sn-layer-name",
        text: l === 0 ? T.input : l === last ? T.outputLayer(l) : T.layerName(l) }));
    });
    var touchedNodes = {}, touchedEdges = {};
    if (ev.section === "step1") {
      for (var n = 0; n < layers[ev.layer]; n++) touchedNodes[ev.layer + "," + n] = kind;
    } else {
      touchedNodes[ev.layer + "," + ev.node] = kind;
      if (ev.section !== "step2") {
        for (var i = 0; i < layers[ev.layer - 1]; i++) {
          touchedEdges[ev.layer + "," + i + "," + ev.node] = kind;
          if (ev.phase === "forward" || ev.section === "step4") touchedNodes[(ev.layer - 1) + "," + i] = kind + "-src";
        }
      }
    }
    var labels = [];
    Object.keys(snap.edges).forEach(function (k) {
      var parts = k.split(","), l = +parts[0], i = +parts[1], j = +parts[2];
      var a = L.pos[(l - 1) + "," + i], b = L.pos[l + "," + j], e = snap.edges[k], t = touchedEdges[k];
      var line = sv("line", { x1: a.x + R, y1: a.y, x2: b.x - R, y2: b.y, "data-edge": k,
        "class": "sn-edge" + (t ? " sn-edge-on sn-" + t : ""),
        "marker-end": t && t !== "bwd" ? "url(#" + id + "-arrow-" + t + ")" : null,
        "marker-start": t === "bwd" ? "url(#" + id + "-arrow-bwd)" : null });
      svg.appendChild(line);
      if (!t) return;
      var txt, val;
      if (ev.phase === "forward" || ev.section === "step3") { txt = "w "; val = e.w; }
      else if (ev.phase === "update") { txt = "new w "; val = e.newW; }
      else if (ev.section === "step4") { txt = "grad_w "; val = e.grad; }
      else return;
      var f = 0.5;
      labels.push(sv("text", { x: a.x + R + (b.x - a.x - 2 * R) * f, y: a.y + (b.y - a.y) * f - 6,
        "class": "sn-edge-label", "text-anchor": "middle", "data-value": JSON.stringify(val), text: txt + fmt(val) }));
    });
    Object.keys(L.pos).forEach(function (k) {
      var q = L.pos[k], v = snap.nodes[k], t = touchedNodes[k], l = +k.split(",")[0];
      var exp = expSnap && expSnap.nodes[k];
      var wrong = exp && (!same(exp.err, v.err) || !same(exp.delta, v.delta) || !same(exp.newB, v.newB));
      var g = sv("g", { "class": "sn-node" + (t ? " sn-node-on sn-" + t : "") + (wrong ? " sn-wrong" : ""),
        "data-node": k });
      g.appendChild(sv("circle", { cx: q.x, cy: q.y, r: R }));
      g.appendChild(sv("text", { x: q.x, y: q.y + 4, "class": "sn-node-val", "data-value": JSON.stringify(v.out),
        text: v.out === undefined ? "?" : fmt(v.out) }));
      var below = [];
      if (v.err !== undefined) below.push(["e ", v.err, "err"]);
      if (v.delta !== undefined) below.push(["δ ", v.delta, "delta"]);
      if (ev.phase === "update" && v.newB !== undefined) below.push(["new b ", v.newB, "newB"]);
      below.forEach(function (row, r) {
        g.appendChild(sv("text", { x: q.x, y: q.y + R + 14 + r * 13, "class": "sn-node-sub",
          "data-kind": row[2], "data-value": JSON.stringify(row[1]),
          text: row[0] + fmt(row[1]) + (wrong && !same(exp[row[2]], row[1]) ? " ≠" : "") }));
      });
      if (wrong) g.appendChild(sv("title", { text: T.differs(fmt(exp.err), fmt(exp.delta)) }));
      if (l === last) {
        g.appendChild(sv("text", { x: q.x + R + 8, y: q.y + 4, "class": "sn-target",
          text: T.target + fmt(trace.y_true[+k.split(",")[1]]) }));
      }
      svg.appendChild(g);
    });
    labels.forEach(function (t) { svg.appendChild(t); });
    return svg;
  }

  // ------------------------------------------------------------------ the player

  function Player(root) {
    this.root = root;
    this.id = "sn" + (++uid);
    this.step = 0;
    this.timer = null;
    this.showChooser = root.getAttribute("data-chooser") !== "off";
    root.classList.add("sn-loading");
    root.setAttribute("role", "region");
    root.setAttribute("aria-label", T.player);
    root.tabIndex = 0;
    this.build();
    var self = this;
    load("index.json").then(function (index) {
      self.index = index;
      self.fillChooser(root.getAttribute("data-scenario") || index[0].name);
      return self.open(self.chooser.value);
    }).catch(function (err) { self.fail(err); });
  }

  Player.prototype.fail = function (err) {
    this.root.classList.remove("sn-loading");
    this.say.textContent = T.failed(err.message);
    if (window.console) console.warn("scratchnet player:", err);
  };

  Player.prototype.build = function () {
    var self = this, id = this.id;
    function btn(label, aria, action, cls) {
      return el("button", { type: "button", "class": "sn-btn" + (cls ? " " + cls : ""), "aria-label": aria,
        title: aria, "data-action": action, onclick: function () { self.act(action); }, text: label });
    }
    this.chooser = el("select", { id: id + "-scenario", "class": "sn-scenario",
      onchange: function () { self.pause(); self.open(self.chooser.value); } });
    this.about = el("p", { "class": "sn-about" });
    this.model = el("p", { "class": "sn-model" });
    this.broken = el("p", { "class": "sn-broken", hidden: true });
    this.playBtn = btn(T.play[0], T.play[1], "play", "sn-play");
    this.playBtn.setAttribute("aria-pressed", "false");
    this.speed = el("select", { id: id + "-speed", "class": "sn-speed",
      onchange: function () { if (self.timer) { self.pause(); self.play(); } } },
      [["2000", T.speeds[0]], ["1000", T.speeds[1]], ["500", T.speeds[2]], ["200", T.speeds[3]]].map(function (o) {
        return el("option", { value: o[0], selected: o[0] === "1000", text: o[1] });
      }));
    var jumps = PHASES.map(function (ph) {
      return el("span", { "class": "sn-jump", role: "group", "aria-label": PHASE_NAME[ph] }, [
        el("span", { "class": "sn-jump-name", text: PHASE_NAME[ph] }),
        btn(T.start[0], T.start[1](PHASE_NAME[ph]), "start-" + ph),
        btn(T.end[0], T.end[1](PHASE_NAME[ph]), "end-" + ph)
      ]);
    });
    this.range = el("input", { type: "range", min: 0, max: 0, value: 0, step: 1, "class": "sn-range",
      "aria-label": T.stepLabel, oninput: function () { self.go(+self.range.value); } });
    this.strip = el("div", { "class": "sn-strip", "aria-hidden": "true" });
    this.count = el("span", { "class": "sn-count" });
    this.say = el("p", { "class": "sn-say", "aria-live": "polite", "aria-atomic": "true" });
    this.pitfall = el("p", { "class": "sn-pitfall", hidden: true });
    this.netPane = el("div", { "class": "sn-net-box" });
    this.legend = el("p", { "class": "sn-legend" }, [
      el("span", { "class": "sn-key sn-key-fwd" }, [el("span", { "class": "sn-swatch" }), T.legend[0]]),
      el("span", { "class": "sn-key sn-key-bwd" }, [el("span", { "class": "sn-swatch" }), T.legend[1]]),
      el("span", { "class": "sn-key sn-key-upd" }, [el("span", { "class": "sn-swatch" }), T.legend[2]]),
      el("span", { "class": "sn-key" }, T.legend[3])
    ]);
    this.codeTitle = el("p", { "class": "sn-pane-title" });
    this.code = el("div", { "class": "sn-code", tabindex: "0", role: "group", "aria-label": T.sourceCode });
    this.varsTitle = el("p", { "class": "sn-pane-title" });
    this.vars = el("table", { "class": "sn-vars" });
    var root = this.root;
    root.textContent = "";
    append(root, [
      el("div", { "class": "sn-head" }, [
        this.showChooser ? el("label", { "for": id + "-scenario", "class": "sn-label", text: T.scenario }) : null,
        this.showChooser ? this.chooser : null, this.about, this.model, this.broken]),
      el("div", { "class": "sn-controls", role: "group", "aria-label": T.controls }, [
        el("span", { "class": "sn-main-btns" }, [
          btn(T.first[0], T.first[1], "first"), btn(T.back[0], T.back[1], "prev"), this.playBtn,
          btn(T.next[0], T.next[1], "next"), btn(T.last[0], T.last[1], "last"),
          el("label", { "for": id + "-speed", "class": "sn-label", text: T.speed }), this.speed]),
        el("span", { "class": "sn-jumps" }, jumps)]),
      el("div", { "class": "sn-progress" }, [this.range, this.strip, this.count]),
      this.say, this.pitfall,
      el("div", { "class": "sn-panes" }, [
        el("div", { "class": "sn-pane sn-pane-net" }, [el("p", { "class": "sn-pane-title", text: T.network }),
          this.netPane, this.legend]),
        el("div", { "class": "sn-pane sn-pane-code" }, [this.codeTitle, this.code]),
        el("div", { "class": "sn-pane sn-pane-vars" }, [this.varsTitle, this.vars])])
    ]);
    root.addEventListener("keydown", function (e) { self.key(e); });
    root.addEventListener("keyup", function (e) {
      if ((e.key === " " || e.key === "Spacebar") && e.target.tagName === "BUTTON") e.preventDefault();
    });
  };

  Player.prototype.fillChooser = function (name) {
    var self = this;
    this.chooser.textContent = "";
    this.index.forEach(function (s) {
      self.chooser.appendChild(el("option", { value: s.name, selected: s.name === name, text: textOf(s).title }));
    });
  };

  Player.prototype.open = function (name) {
    var self = this, entry = this.index.filter(function (s) { return s.name === name; })[0];
    if (!entry) return Promise.reject(new Error("no scenario " + name));
    this.root.setAttribute("data-ready", "false");
    return load(entry.file).then(function (trace) { self.show(trace); }).catch(function (err) { self.fail(err); });
  };

  Player.prototype.show = function (trace) {
    var self = this;
    this.trace = trace;
    this.events = trace.events;
    this.snaps = replay(trace, trace.events);
    this.expSnaps = null;
    if (trace.broken) {
      this.expSnaps = replay(trace, trace.events.map(function (ev) {
        return ev.expected ? Object.assign({}, ev, ev.expected) : ev;
      }));
    }
    this.geo = layout(trace.layers);
    this.phases = {};
    this.events.forEach(function (ev, n) {
      var ph = self.phases[ev.phase] || (self.phases[ev.phase] = [n, n]);
      ph[1] = n;
    });
    this.codeDom = {};
    Object.keys(trace.code).forEach(function (fn) {
      var c = trace.code[fn], lines = codeLines(c.lines), byLine = {};
      lines.forEach(function (node) { byLine[node.getAttribute("data-line")] = node; });
      if (c.changed) {
        byLine[c.changed].classList.add("sn-changed");
        byLine[c.changed].title = T.changedLine;
      }
      self.codeDom[fn] = { lines: lines, byLine: byLine, file: c.file };
    });
    this.root.setAttribute("data-scenario", trace.name);
    this.root.setAttribute("aria-label", T.player + ": " + textOf(trace).title);
    this.about.textContent = textOf(trace).about;
    this.model.textContent = T.model[0] + fmt(trace.layers) + T.model[1] + trace.activations.join(", ") +
      T.model[2] + trace.loss + T.model[3] + fmt(trace.x) + T.model[4] + fmt(trace.y_true) + T.model[5] + fmt(trace.lr);
    this.broken.hidden = !trace.broken;
    if (trace.broken) {
      this.broken.textContent = "";
      append(this.broken, [T.broken[0], el("code", { text: trace.broken.new }),
        T.broken[1], el("code", { text: trace.broken.old }), T.broken[2]]);
    }
    this.range.max = this.events.length - 1;
    this.strip.textContent = "";
    PHASES.forEach(function (ph) {
      var r = self.phases[ph];
      if (r) self.strip.appendChild(el("span", { "class": "sn-strip-" + ph, style: "flex-grow:" + (r[1] - r[0] + 1),
        text: PHASE_NAME[ph] }));
    });
    this.root.classList.remove("sn-loading");
    this.go(0);
    this.root.setAttribute("data-ready", "true");
  };

  Player.prototype.go = function (n) {
    if (!this.events) return;
    n = Math.max(0, Math.min(this.events.length - 1, n));
    this.step = n;
    var ev = this.events[n], snap = this.snaps[n], exp = this.expSnaps && this.expSnaps[n];
    var root = this.root;
    root.setAttribute("data-step", n);
    root.setAttribute("data-phase", ev.phase);
    root.setAttribute("data-section", ev.section);
    this.range.value = n;
    var where = PHASE_NAME[ev.phase] + (ev.phase === "backward" ? ", " + STEP_NAME[ev.section] : "");
    this.count.textContent = T.count(n + 1, this.events.length, where);
    this.range.setAttribute("aria-valuetext", this.count.textContent);
    this.say.textContent = describe(this.trace, ev, snap);
    this.showPitfall(ev);
    this.netPane.textContent = "";
    this.netPane.appendChild(drawNet(this, snap, ev, exp));
    this.showCode(ev);
    this.showVars(n, ev, snap, exp);
  };

  Player.prototype.showPitfall = function (ev) {
    this.pitfall.hidden = !ev.pitfall;
    if (!ev.pitfall) return;
    this.pitfall.textContent = "";
    append(this.pitfall, [el("strong", { text: T.pitfall }),
      this.trace.broken ? T.pitfallBroken(ev.node, ev.layer) : T.pitfallRight(ev.node, ev.layer)]);
  };

  Player.prototype.showCode = function (ev) {
    var fn = ev.code.fn, dom = this.codeDom[fn], code = this.code, self = this;
    if (this.codeFn !== fn) {
      code.textContent = "";
      append(code, el("code", { "class": "sn-code-lines" }, dom.lines));
      this.codeFn = fn;
    }
    this.codeTitle.textContent = "";
    append(this.codeTitle, [T.code[0], el("code", { text: fn }), T.code[1] + dom.file]);
    dom.lines.forEach(function (line) { line.classList.remove("sn-sec", "sn-focus", "sn-pit"); });
    ev.code.lines.forEach(function (n) { dom.byLine[n].classList.add("sn-sec"); });
    ev.code.focus.forEach(function (n) { dom.byLine[n].classList.add("sn-focus"); });
    if (ev.pitfall) {
      dom.byLine[self.trace.pitfall_line].classList.add("sn-pit");
    }
    var first = dom.byLine[ev.code.focus[0]];
    code.scrollTop = Math.max(0, first.offsetTop - code.clientHeight / 3);
  };

  Player.prototype.showVars = function (n, ev, snap, exp) {
    var frame = snap.frame[ev.phase], prev = n > 0 && this.events[n - 1].phase === ev.phase ?
      this.snaps[n - 1].frame[ev.phase] : {};
    var expFrame = exp && exp.frame[ev.phase], vars = this.vars;
    this.varsTitle.textContent = "";
    append(this.varsTitle, [T.vars[0], el("code", { text: FN_OF[ev.phase] }),
      ev.phase === "update" ? T.vars[1](ev.layer, ev.node) : "",
      el("span", { "class": "sn-changed-key", text: T.vars[2] })]);
    vars.textContent = "";
    var body = el("tbody");
    VAR_ORDER[ev.phase].forEach(function (name) {
      if (!(name in frame)) return;
      var v = frame[name], changed = !same(v, prev[name]);
      var wrong = expFrame && !same(v, expFrame[name]);
      var td = el("td", {}, [el("span", { "class": "sn-val", text: fmt(v) })]);
      if (wrong) {
        td.appendChild(el("span", { "class": "sn-expected", "data-expected": JSON.stringify(expFrame[name]),
          text: T.correctRun + fmt(expFrame[name]) }));
      }
      body.appendChild(el("tr", { "data-var": name, "data-value": JSON.stringify(v),
        "class": (changed ? "sn-var-changed" : "") + (wrong ? " sn-wrong" : "") }, [
        el("th", { scope: "row" }, [el("span", { "class": "sn-dot", "aria-label": changed ? T.changed : null,
          text: changed ? "●" : "" }), el("code", { text: name })]), td]));
    });
    vars.appendChild(body);
  };

  Player.prototype.act = function (action) {
    var ph = action.split("-");
    if (action === "first") this.go(0);
    else if (action === "last") this.go(this.events.length - 1);
    else if (action === "prev") this.go(this.step - 1);
    else if (action === "next") this.go(this.step + 1);
    else if (action === "play") this.toggle();
    else if (this.phases && this.phases[ph[1]]) this.go(this.phases[ph[1]][ph[0] === "start" ? 0 : 1]);
    if (action !== "play") this.pause();
  };

  Player.prototype.toggle = function () { if (this.timer) this.pause(); else this.play(); };

  Player.prototype.play = function () {
    var self = this;
    if (!this.events) return;
    if (this.step >= this.events.length - 1) this.go(0);
    this.playBtn.textContent = T.pause[0];
    this.playBtn.setAttribute("aria-label", T.pause[1]);
    this.playBtn.setAttribute("aria-pressed", "true");
    this.root.setAttribute("data-playing", "true");
    this.timer = setInterval(function () {
      if (self.step >= self.events.length - 1) self.pause();
      else self.go(self.step + 1);
    }, +this.speed.value);
  };

  Player.prototype.pause = function () {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.playBtn.textContent = T.play[0];
    this.playBtn.setAttribute("aria-label", T.play[1]);
    this.playBtn.setAttribute("aria-pressed", "false");
    this.root.setAttribute("data-playing", "false");
  };

  Player.prototype.key = function (e) {
    var tag = e.target.tagName, type = e.target.type;
    if (e.altKey || e.ctrlKey || e.metaKey || tag === "SELECT" || (tag === "INPUT" && type !== "range")) return;
    // the code pane scrolls: with the focus in it, the arrow keys, Home, End and Space scroll the code
    if (this.code.contains(e.target)) return;
    var isRange = tag === "INPUT";
    if (e.key === "ArrowRight" && !isRange) { this.act("next"); }
    else if (e.key === "ArrowLeft" && !isRange) { this.act("prev"); }
    else if (e.key === "Home" && !isRange) { this.act("first"); }
    else if (e.key === "End" && !isRange) { this.act("last"); }
    else if (e.key === " " || e.key === "Spacebar") { this.toggle(); }
    else return;
    e.preventDefault();
  };

  // ------------------------------------------------------------------ start

  function addStyle() {
    var href = new URL("player.css", BASE).href;
    var have = [].some.call(document.querySelectorAll("link[rel=stylesheet]"), function (l) { return l.href === href; });
    if (!have) document.head.appendChild(el("link", { rel: "stylesheet", href: href }));
  }

  function start() {
    var roots = document.querySelectorAll(".sn-player:not([data-sn-started])");
    if (roots.length) addStyle();
    [].forEach.call(roots, function (root) {
      root.setAttribute("data-sn-started", "");
      new Player(root);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
