// The tab's charts as SVG: a plan's status mix as one stacked bar, an indicator's trend across its periods against its target.
"use strict";

/** @type {PlanPulseCharts} */
window.planPulseCharts = (function () {
  var SVG = "http://www.w3.org/2000/svg";

  /**
   * @param {string} tag
   * @param {Record<string, string | number>} attrs
   * @param {ReadonlyArray<SVGElement>} [children]
   * @returns {SVGElement}
   */
  function svg(tag, attrs, children) {
    var node = /** @type {SVGElement} */ (document.createElementNS(SVG, tag));
    Object.keys(attrs).forEach(function (k) {
      node.setAttribute(k, String(attrs[k]));
    });
    (children || []).forEach(function (c) {
      node.appendChild(c);
    });
    return node;
  }

  /**
   * @param {string} text
   * @returns {SVGElement}
   */
  function title(text) {
    var t = svg("title", {});
    t.textContent = text;
    return t;
  }

  /**
   * @param {number} x
   * @param {number} y
   * @param {string} text
   * @param {string} className
   * @param {string} [anchor]
   */
  function label(x, y, text, className, anchor) {
    var t = svg("text", { x: x, y: y, class: className, "text-anchor": anchor || "start" });
    t.textContent = text;
    return t;
  }

  /**
   * One bar, 100% wide, a segment per status in scale order; colour from the theme (CSS classes), words in the
   * accessible name and the legend the caller writes, so the chart is never the only way a count is told.
   * @param {ReadonlyArray<{ code: string, label: string, count: number }>} segments
   * @param {string} name what the chart shows, in words (its accessible name starts with it)
   * @returns {SVGElement}
   */
  function statusMix(segments, name) {
    var total = segments.reduce(function (n, s) {
      return n + s.count;
    }, 0);
    var words = segments
      .filter(function (s) {
        return s.count > 0;
      })
      .map(function (s) {
        return s.label + " " + s.count;
      })
      .join(", ");
    var chart = svg("svg", { class: "chart status-mix", viewBox: "0 0 100 8", preserveAspectRatio: "none", role: "img", "aria-label": name + ": " + (words || "none") }, [title(name + ": " + (words || "none"))]);
    var x = 0;
    segments.forEach(function (s) {
      if (s.count === 0 || total === 0) return;
      var w = (s.count / total) * 100;
      chart.appendChild(svg("rect", { x: x, y: 0, width: w, height: 8, class: "seg seg-" + s.code, "data-status": s.code, "data-count": s.count }, [title(s.label + ": " + s.count)]));
      x += w;
    });
    if (total === 0) chart.appendChild(svg("rect", { x: 0, y: 0, width: 100, height: 8, class: "seg seg-empty" }));
    return chart;
  }

  var W = 320;
  var H = 150;
  var PAD = { left: 44, right: 12, top: 14, bottom: 30 };

  /**
   * An indicator's figures across its periods (oldest left) with a dashed line at the target; each point shaped and
   * coloured by its RAG. Periods whose value is not a number are left out of the line and named in the chart's
   * accessible name.
   * @param {import("../../src/domain/dashboardView").DashboardIndicator} indicator
   * @returns {SVGElement}
   */
  function trend(indicator) {
    var points = indicator.trend.filter(function (p) {
      return p.value !== null;
    });
    var values = points.map(function (p) {
      return /** @type {number} */ (p.value);
    });
    if (indicator.targetValue !== null) values.push(indicator.targetValue);
    var lo = values.length > 0 ? Math.min.apply(null, values) : 0;
    var hi = values.length > 0 ? Math.max.apply(null, values) : 1;
    // Room above and below, so a flat line or a point on the target is not drawn on the frame.
    var span = hi - lo || Math.abs(hi) || 1;
    lo -= span * 0.15;
    hi += span * 0.15;
    var plotW = W - PAD.left - PAD.right;
    var plotH = H - PAD.top - PAD.bottom;
    var n = indicator.trend.length;
    /** @param {number} i */
    var xAt = function (i) {
      return PAD.left + (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW);
    };
    /** @param {number} v */
    var yAt = function (v) {
      return PAD.top + (1 - (v - lo) / (hi - lo)) * plotH;
    };
    var described = indicator.trend
      .map(function (p) {
        return p.period + ": " + p.valueText + (p.rag ? " (" + p.rag + ")" : "");
      })
      .join("; ");
    var name = indicator.name + ". " + (described || "No figures reported") + (indicator.target ? ". Target " + indicator.target : "") + ".";
    var chart = svg("svg", { class: "chart trend", viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": name, "data-points": points.length }, [title(name)]);
    chart.appendChild(svg("line", { x1: PAD.left, y1: PAD.top + plotH, x2: W - PAD.right, y2: PAD.top + plotH, class: "axis" }));
    chart.appendChild(svg("line", { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: PAD.top + plotH, class: "axis" }));
    chart.appendChild(label(PAD.left - 4, PAD.top + 4, format(hi), "tick", "end"));
    chart.appendChild(label(PAD.left - 4, PAD.top + plotH, format(lo), "tick", "end"));
    if (indicator.targetValue !== null) {
      var ty = yAt(indicator.targetValue);
      chart.appendChild(svg("line", { x1: PAD.left, y1: ty, x2: W - PAD.right, y2: ty, class: "target", "data-target": indicator.targetValue }));
      chart.appendChild(label(W - PAD.right, ty - 4, "Target " + (indicator.target || format(indicator.targetValue)), "target-label", "end"));
    }
    if (points.length > 1) {
      var path = indicator.trend
        .map(function (p, i) {
          return p.value === null ? null : xAt(i).toFixed(1) + "," + yAt(p.value).toFixed(1);
        })
        .filter(function (x) {
          return x !== null;
        })
        .join(" ");
      chart.appendChild(svg("polyline", { points: path, class: "line" }));
    }
    indicator.trend.forEach(function (p, i) {
      if (p.value === null) return;
      var x = xAt(i);
      var y = yAt(p.value);
      var cls = "point rag-" + (p.rag || "none");
      var tip = [title(p.period + ": " + p.valueText + (p.rag ? " (" + p.rag + ")" : ""))];
      // The same shapes as everywhere else: square red, triangle amber, circle green, ring when not rated.
      var mark =
        p.rag === "red"
          ? svg("rect", { x: x - 5, y: y - 5, width: 10, height: 10, class: cls }, tip)
          : p.rag === "amber"
            ? svg("polygon", { points: x + "," + (y - 6) + " " + (x + 6) + "," + (y + 5) + " " + (x - 6) + "," + (y + 5), class: cls }, tip)
            : svg("circle", { cx: x, cy: y, r: 5, class: cls }, tip);
      mark.setAttribute("data-period", p.period);
      mark.setAttribute("data-value", String(p.value));
      chart.appendChild(mark);
    });
    if (n > 0) {
      chart.appendChild(label(xAt(0), H - 8, indicator.trend[0].period, "tick", n === 1 ? "middle" : "start"));
      if (n > 1) chart.appendChild(label(xAt(n - 1), H - 8, indicator.trend[n - 1].period, "tick", "end"));
    }
    return chart;
  }

  /** @param {number} v */
  function format(v) {
    var abs = Math.abs(v);
    return abs >= 100 ? String(Math.round(v)) : abs >= 10 ? v.toFixed(1) : v.toFixed(2);
  }

  return { statusMix: statusMix, trend: trend };
})();
