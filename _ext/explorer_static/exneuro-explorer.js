/* Interactive explorers (see _ext/explorers.py): sliders over a grid that exneuro computed
   when the book was built. This script looks values up and draws them; it computes no
   statistic, and the sliders reach only the grid's settings, so nothing is interpolated.
   Without JavaScript the page shows the static fallback written by the build. */
(function () {
  "use strict";

  // Chart geometry: the same as in _ext/explorers.py (keep the two in step).
  var WIDTH = 400, HEIGHT = 236, LEFT = 54, RIGHT = 24, TOP = 34, BOTTOM = 46;
  var TICK_SPACING = 40, CHAR_WIDTH = 6.4, NICE_STEPS = [1, 2, 2.5, 5, 10];
  var SVG = "http://www.w3.org/2000/svg";

  function index(grid, outputId, setting) {
    var output = grid.outputs[outputId], position = 0;
    output.axes.forEach(function (axis) {
      position = position * grid.sizes[axis] + setting[axis];
    });
    return position;
  }

  function value(grid, outputId, setting) {
    return grid.outputs[outputId].values[index(grid, outputId, setting)];
  }

  function shown(grid, outputId, setting) {
    var output = grid.outputs[outputId], v = value(grid, outputId, setting);
    if (v === null) return output.missing;
    return (v + 0).toFixed(output.decimals).replace("-", "\u2212") + output.unit;
  }

  function rowText(grid, row, setting) {
    return row.template.replace(/\{([a-z_]+)\}/g, function (match, id) {
      return grid.outputs[id] ? shown(grid, id, setting) : match;
    });
  }

  function settingText(grid, setting) {
    var parts = grid.controls.map(function (c) { return c.noun + " " + c.labels[setting[c.id]]; });
    return parts.length === 1 ? parts[0] : parts.slice(0, -1).join(", ") + " and " + parts[parts.length - 1];
  }

  // ---------------------------------------------------------------- charts
  function niceStep(span) {
    var raw = span / 4, power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (var k = 0; k < NICE_STEPS.length; k++) {
      if (NICE_STEPS[k] * power >= raw - 1e-12) return NICE_STEPS[k] * power;
    }
    return 10 * power;
  }

  function decimals(step) {
    for (var places = 0; places < 7; places++) {
      var scaled = step * Math.pow(10, places);
      if (Math.abs(scaled - Math.round(scaled)) < 1e-9) return places;
    }
    return 6;
  }

  function yAxis(values, chart) {
    var low = values.length ? Math.min.apply(null, values) : 0;
    var high = values.length ? Math.max.apply(null, values) : 1;
    if (chart.y_min !== null) low = Math.min(low, chart.y_min);
    if (chart.y_max !== null) high = Math.max(high, chart.y_max);
    if (chart.zero_line) { low = Math.min(low, 0); high = Math.max(high, 0); }
    if (high - low < 1e-12) high = low + 1;
    var step = niceStep(high - low);
    var first = Math.floor(low / step + 1e-9) * step, last = Math.ceil(high / step - 1e-9) * step;
    var ticks = [], count = Math.round((last - first) / step);
    for (var k = 0; k <= count; k++) ticks.push(first + k * step);
    return { low: first, high: last, ticks: ticks, decimals: decimals(step) };
  }

  function xPosition(control, v) {
    var lo = control.values[0], hi = control.values[control.values.length - 1], f;
    if (control.scale === "log") f = (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
    else f = (v - lo) / (hi - lo);
    return LEFT + f * (WIDTH - LEFT - RIGHT);
  }

  function xTicks(control) {
    var positions = control.values.map(function (v) { return xPosition(control, v); });
    var last = positions.length - 1, chosen = [0];
    for (var k = 1; k < last; k++) {
      if (positions[k] - positions[chosen[chosen.length - 1]] >= TICK_SPACING &&
          positions[last] - positions[k] >= TICK_SPACING) chosen.push(k);
    }
    chosen.push(last);
    return chosen;
  }

  function num(v) { return String(Math.round(v * 10) / 10); }

  function el(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function drawChart(svg, grid, chart, setting, id) {
    var control = grid.byId[chart.x];
    var lines = chart.series.map(function (series) {
      return control.values.map(function (x, k) {
        var at = Object.assign({}, setting); at[control.id] = k;
        var v = value(grid, series.output, at);
        return v === null ? null : [x, v];
      });
    });
    var values = [];
    lines.forEach(function (points) { points.forEach(function (p) { if (p) values.push(p[1]); }); });
    var axis = yAxis(values, chart);
    function yPosition(v) { return TOP + (axis.high - v) / (axis.high - axis.low) * (HEIGHT - TOP - BOTTOM); }

    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var held = grid.controls.filter(function (c) { return c.id !== control.id; })
      .map(function (c) { return c.noun + " " + c.labels[setting[c.id]]; }).join(", ");
    var current = control.labels[setting[control.id]];
    svg.appendChild(el("title", { id: id + "-t" }, chart.title));
    svg.appendChild(el("desc", { id: id + "-d" }, held ?
      "Drawn for " + held + "; the marker is at " + control.noun + " " + current + "." :
      "The marker is at " + control.noun + " " + current + "."));
    var x = LEFT;
    chart.series.forEach(function (series, n) {
      svg.appendChild(el("line", { "class": "explorer-line explorer-series-" + n, x1: num(x), y1: 12, x2: num(x + 18), y2: 12 }));
      svg.appendChild(el("text", { "class": "explorer-text", x: num(x + 23), y: 16 }, series.label));
      x += 23 + CHAR_WIDTH * series.label.length + 14;
    });
    axis.ticks.forEach(function (tick) {
      var y = yPosition(tick);
      svg.appendChild(el("line", { "class": "explorer-grid", x1: LEFT, y1: num(y), x2: WIDTH - RIGHT, y2: num(y) }));
      svg.appendChild(el("text", { "class": "explorer-text", x: LEFT - 6, y: num(y + 4), "text-anchor": "end" },
        (tick + 0).toFixed(axis.decimals).replace("-", "\u2212")));
    });
    if (chart.zero_line) {
      var y0 = yPosition(0);
      svg.appendChild(el("line", { "class": "explorer-zero", x1: LEFT, y1: num(y0), x2: WIDTH - RIGHT, y2: num(y0) }));
    }
    var base = HEIGHT - BOTTOM;
    svg.appendChild(el("line", { "class": "explorer-axis", x1: LEFT, y1: base, x2: WIDTH - RIGHT, y2: base }));
    xTicks(control).forEach(function (k) {
      var xt = xPosition(control, control.values[k]);
      svg.appendChild(el("line", { "class": "explorer-axis", x1: num(xt), y1: base, x2: num(xt), y2: base + 4 }));
      svg.appendChild(el("text", { "class": "explorer-text", x: num(xt), y: base + 17, "text-anchor": "middle" }, control.labels[k]));
    });
    svg.appendChild(el("text", { "class": "explorer-text", x: num((LEFT + WIDTH - RIGHT) / 2), y: HEIGHT - 8, "text-anchor": "middle" },
      control.label + " (" + control.unit + ")"));
    var middle = (TOP + HEIGHT - BOTTOM) / 2;
    svg.appendChild(el("text", { "class": "explorer-text", x: 14, y: num(middle), "text-anchor": "middle",
      transform: "rotate(-90 14 " + num(middle) + ")" }, chart.y_label));
    lines.forEach(function (points, n) {
      var path = [], down = false;
      points.forEach(function (p) {
        if (!p) { down = false; return; }
        path.push((down ? "L" : "M") + num(xPosition(control, p[0])) + " " + num(yPosition(p[1])));
        down = true;
      });
      if (path.length) svg.appendChild(el("path", { "class": "explorer-line explorer-series-" + n, d: path.join(" ") }));
    });
    var xNow = xPosition(control, control.values[setting[control.id]]);
    svg.appendChild(el("line", { "class": "explorer-now", x1: num(xNow), y1: TOP, x2: num(xNow), y2: base }));
    lines.forEach(function (points, n) {
      var p = points[setting[control.id]];
      if (p) svg.appendChild(el("circle", { "class": "explorer-dot explorer-series-" + n, cx: num(xNow), cy: num(yPosition(p[1])), r: 4 }));
    });
  }

  // ---------------------------------------------------------------- the panel
  function html(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function build(root) {
    var script = root.querySelector("script.explorer-data");
    if (!script) return;
    var grid = JSON.parse(script.textContent);
    grid.sizes = {}; grid.byId = {};
    grid.controls.forEach(function (c) { grid.sizes[c.id] = c.values.length; grid.byId[c.id] = c; });
    var prefix = root.id, setting = {};
    grid.controls.forEach(function (c) { setting[c.id] = c["default"]; });

    var panel = html("div", { "class": "explorer-panel" });
    var form = html("form", { "class": "explorer-controls", "aria-label": "Assumptions" });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var inputs = {};
    grid.controls.forEach(function (c) {
      var id = prefix + "-" + c.id, box = html("div", { "class": "explorer-control" });
      var label = html("label", { "for": id, "class": "explorer-label" }, c.label + " ");
      label.appendChild(html("span", { "class": "explorer-unit" }, "(" + c.unit + ")"));
      box.appendChild(label);
      var line = html("div", { "class": "explorer-slider" });
      var input = html("input", { type: "range", id: id, min: 0, max: c.values.length - 1, step: 1,
        value: c["default"], "aria-describedby": id + "-default", "data-control": c.id });
      var output = html("output", { "for": id, id: id + "-value", "class": "explorer-value" });
      line.appendChild(input); line.appendChild(output);
      box.appendChild(line);
      var track = html("div", { "class": "explorer-track", "aria-hidden": "true" });
      track.appendChild(html("span", { "class": "explorer-track-end" }, c.labels[0]));
      var mark = html("span", { "class": "explorer-default-mark", title: "the book's default" }, "\u25b2");
      mark.style.setProperty("--explorer-at", String(c["default"] / Math.max(1, c.values.length - 1)));
      track.appendChild(mark);
      track.appendChild(html("span", { "class": "explorer-track-end" }, c.labels[c.values.length - 1]));
      box.appendChild(track);
      box.appendChild(html("p", { "class": "explorer-default", id: id + "-default" },
        "\u25b2 The book's default: " + c.labels[c["default"]] + " (" + c.source + ")."));
      form.appendChild(box);
      inputs[c.id] = { input: input, output: output, control: c };
      input.addEventListener("input", function () {
        setting[c.id] = Number(input.value);
        update();
      });
    });
    var reset = html("button", { type: "button", "class": "explorer-reset" }, "Back to the book's defaults");
    reset.addEventListener("click", function () {
      grid.controls.forEach(function (c) { setting[c.id] = c["default"]; inputs[c.id].input.value = c["default"]; });
      update();
    });
    panel.appendChild(form);
    panel.appendChild(reset);

    var results = html("div", { "class": "explorer-results", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    var heading = html("p", { "class": "explorer-setting" });
    results.appendChild(heading);
    var list = html("dl", { "class": "explorer-list" }), cells = [];
    grid.rows.forEach(function (row, k) {
      var item = html("div", { "class": "explorer-row" });
      item.appendChild(html("dt", {}, row.label));
      var dd = html("dd", { "data-row": k });
      item.appendChild(dd); list.appendChild(item); cells.push(dd);
    });
    results.appendChild(list);
    panel.appendChild(results);

    var charts = html("div", { "class": "explorer-charts" }), svgs = [];
    grid.charts.forEach(function (chart, k) {
      var figure = html("figure", { "class": "explorer-figure" });
      figure.appendChild(html("figcaption", {}, chart.title));
      var id = prefix + "-chart-" + k;
      var svg = el("svg", { "class": "explorer-svg", viewBox: "0 0 " + WIDTH + " " + HEIGHT, role: "img",
        "aria-labelledby": id + "-t " + id + "-d", focusable: "false" });
      figure.appendChild(svg); charts.appendChild(figure); svgs.push([svg, chart, id]);
    });
    panel.appendChild(charts);

    function update() {
      grid.controls.forEach(function (c) {
        var entry = inputs[c.id], label = c.labels[setting[c.id]];
        var isDefault = setting[c.id] === c["default"];
        entry.output.textContent = label + (isDefault ? " (default)" : "");
        entry.input.setAttribute("aria-valuetext", label + " " + c.unit + (isDefault ? ", the book's default" : ""));
      });
      heading.textContent = "At " + settingText(grid, setting) + ":";
      grid.rows.forEach(function (row, k) { cells[k].textContent = rowText(grid, row, setting); });
      svgs.forEach(function (item) { drawChart(item[0], grid, item[1], setting, item[2]); });
    }

    update();
    var fallback = root.querySelector(".explorer-static");
    if (fallback) fallback.hidden = true;
    root.appendChild(panel);
    root.classList.add("explorer-ready");
  }

  function start() {
    document.querySelectorAll(".exneuro-explorer[data-explorer]").forEach(function (root) {
      try { build(root); } catch (error) {
        // Leave the static fallback in place, and say why in the console.
        console.warn("explorer " + root.id + " could not start:", error);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
