// The Plan Pulse dashboard tab: Teams SDK (or standalone), theme, status counts and mix, filterable actions with history, indicators with trends, CSV export.
"use strict";

(function () {
  /** @typedef {import("../../src/domain/dashboardView").DashboardOverview} DashboardOverview */
  /** @typedef {import("../../src/domain/dashboardView").DashboardPlanView} DashboardPlanView */
  /** @typedef {import("../../src/domain/dashboardView").DashboardAction} DashboardAction */
  /** @typedef {import("../../src/domain/dashboardView").DashboardHistoryView} DashboardHistoryView */
  /** @typedef {import("../../src/domain/dashboardView").DashboardIndicatorsView} DashboardIndicatorsView */
  /** @typedef {DashboardHistoryView["history"][number]} DashboardHistoryEntry */
  /** @typedef {import("../../src/domain/statusScale").StatusCode} StatusCode */

  var host = window.planPulseTeamsHost;
  /** @type {Record<StatusCode, string>} */
  var SYMBOLS = { red: "■", amber: "▲", green: "●", blue: "✓", pink: "◆", none: "○" };
  /** @type {Record<import("../../src/domain/indicator").Rag, string>} */
  var RAG_SYMBOLS = { red: "■", amber: "▲", green: "●" };
  /** @type {Record<import("../../src/domain/indicator").Direction, string>} */
  var DIRECTION_SYMBOLS = { improved: "↑", declined: "↓", noChange: "→", informationOnly: "–" };

  var params = new URLSearchParams(window.location.search);
  /**
   * @type {{ teams: TeamsConnection | null, token: string | null, tenant: string | null, overview: DashboardOverview | null,
   *   plan: DashboardPlanView | null, planId: string | null, indicators: DashboardIndicatorsView | null, loadSeq: number }}
   */
  var state = {
    teams: null, // set when running inside Teams
    token: null,
    tenant: null, // the tenant Teams says the user is in, sent as ?tenant= so the server can refuse a mismatch
    overview: null,
    plan: null,
    planId: null,
    indicators: null,
    loadSeq: 0,
  };

  var $ = host.element;
  var charts = window.planPulseCharts;

  // ---- small DOM helpers (no innerHTML: every text goes in as text) ----

  /**
   * @param {string} tag
   * @param {Record<string, string | number | boolean | null | undefined> | null} [attrs] `text` and `className` are set as such, the rest as attributes
   * @param {ReadonlyArray<Node | string | null | undefined>} [children]
   * @returns {HTMLElement}
   */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === "text") node.textContent = String(v);
        else if (k === "className") node.className = String(v);
        else node.setAttribute(k, v === true ? "" : String(v));
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  /** @param {Node} node */
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  /**
   * @param {string} text
   * @param {"loading" | "ready" | "error"} stateName
   */
  function setStatus(text, stateName) {
    var node = $("load-status");
    node.textContent = text;
    node.dataset.state = stateName;
  }

  /** A status never by colour alone: a shape and the plan's words. */
  /**
   * @param {StatusCode} code
   * @param {string} label
   */
  function statusBadge(code, label) {
    return el("span", { className: "status status-" + code }, [el("span", { className: "status-symbol", "aria-hidden": "true", text: SYMBOLS[code] || "○" }), " " + label]);
  }

  var dateFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "short", year: "numeric" });
  var dateTimeFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
  var longDateFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", weekday: "long", day: "numeric", month: "long", year: "numeric" });

  /**
   * @param {string} iso
   * @param {Intl.DateTimeFormat} [format]
   */
  function formatDate(iso, format) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? iso : (format || dateFormat).format(d);
  }

  /**
   * @param {number} n
   * @param {string} one
   * @param {string} [many]
   */
  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many || one + "s");
  }

  // ---- theme ----

  /** @param {string} theme */
  function applyTheme(theme) {
    $("theme-select", HTMLSelectElement).value = host.applyTheme(theme);
  }

  /**
   * @param {string} name
   * @param {string | null} value
   */
  function setUrlParam(name, value) {
    var p = new URLSearchParams(window.location.search);
    if (value === null || value === "") p.delete(name);
    else p.set(name, value);
    var q = p.toString();
    try {
      window.history.replaceState(null, "", window.location.pathname + (q ? "?" + q : ""));
    } catch (e) {
      // Some hosts forbid history changes; the page works without them.
    }
  }

  // ---- Teams ----

  /**
   * @param {boolean} force
   * @returns {Promise<string | null>}
   */
  function getToken(force) {
    if (!state.teams) return Promise.resolve(null);
    if (state.token && !force) return Promise.resolve(state.token);
    return host
      .authToken(state.teams)
      .then(function (token) {
        state.token = token;
        return token;
      })
      .catch(function () {
        // Local mode needs no token; deployed mode answers 401 and the page says so.
        return null;
      });
  }

  // ---- API ----

  /** An API answer the page can say something about: the status, and words for the reader. */
  class ApiError extends Error {
    /**
     * @param {number} status
     * @param {string} message
     */
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  /**
   * GET from the tab API; the type is what the caller knows the path answers.
   * @template T
   * @param {string} path
   * @param {boolean} [retried]
   * @returns {Promise<T>}
   */
  function api(path, retried) {
    return getToken(!!retried).then(function (token) {
      return host.apiFetch(path, state.tenant, token).then(
        function (res) {
          return res.text().then(function (text) {
            var body = jsonOrNull(text);
            if (res.ok && body) return /** @type {T} */ (body);
            // A token can expire while the tab stays open: ask Teams for a fresh one once.
            if (res.status === 401 && state.teams && !retried) return /** @type {Promise<T>} */ (api(path, true));
            throw new ApiError(res.status, friendlyError(res.status, body));
          });
        },
        function () {
          throw new ApiError(0, "Plan Pulse can't be reached. Check your connection and reload the tab.");
        },
      );
    });
  }

  /**
   * An answer's JSON, or null when it has none.
   * @param {string} text
   * @returns {any}
   */
  function jsonOrNull(text) {
    try {
      return text ? JSON.parse(text) : null;
    } catch (e) {
      return null;
    }
  }

  /**
   * @param {number} status
   * @param {{ message?: unknown } | null} body an error answer is { error, message }, its message written for people
   */
  function friendlyError(status, body) {
    if (body && typeof body.message === "string" && body.message) return body.message;
    if (status === 401) return "Please open the dashboard in Microsoft Teams to sign in.";
    if (status === 403) return "You can only see your own organisation's plans.";
    if (status === 404) return "That plan isn't in your organisation's Plan Pulse.";
    if (status === 503) return "Plan Pulse is busy or its store is unavailable. Please try again in a few minutes.";
    return "Something went wrong loading the dashboard. Please reload the tab.";
  }

  // ---- plan list ----

  /**
   * @param {DashboardOverview} overview
   * @param {string | null} wanted
   */
  function fillPlanSelect(overview, wanted) {
    var select = $("plan-select", HTMLSelectElement);
    clear(select);
    overview.plans.forEach(function (p) {
      select.appendChild(el("option", { value: p.planId, text: p.kind === "indicators" ? p.title + " (indicators)" : p.title }));
    });
    var byId = overview.plans.filter(function (p) {
      return p.planId === wanted;
    })[0];
    var firstWithActions = overview.plans.filter(function (p) {
      return p.kind === "actions";
    })[0];
    var chosen = byId || firstWithActions || overview.plans[0] || null;
    select.disabled = overview.plans.length === 0;
    if (chosen) select.value = chosen.planId;
    return { chosen: chosen ? chosen.planId : null, missing: wanted && !byId ? wanted : null };
  }

  // ---- counts ----

  /**
   * @param {string} testId
   * @param {number} number
   * @param {string} symbol
   * @param {string} label
   * @param {string} [extraClass]
   */
  function countItem(testId, number, symbol, label, extraClass) {
    return el("li", { className: "count " + (extraClass || "") }, [
      el("span", { className: "count-symbol", "aria-hidden": "true", text: symbol }),
      el("span", { className: "count-number", "data-testid": testId, text: String(number) }),
      el("span", { className: "count-label", text: label }),
    ]);
  }

  /** @param {DashboardPlanView} view */
  function renderCounts(view) {
    var list = $("counts");
    clear(list);
    clear($("status-mix"));
    if (view.plan.kind === "indicators") {
      // A dashboard of indicators has no actions to count: its tiles are its indicators' RAG, once they are loaded.
      renderIndicatorTiles();
      return;
    }
    $("counts-heading").textContent = "Status at a glance";
    $("counts-note").textContent = "Overdue: open actions past the due date that counts (the revised one where there is one). Dates written as text, such as “TBC by Leads”, are never counted as overdue.";
    list.appendChild(countItem("count-total", view.counts.total, "Σ", view.counts.total === 1 ? "Action" : "Actions", "count-total"));
    list.appendChild(countItem("count-overdue", view.counts.overdue, "⚠", "Overdue", "count-overdue"));
    view.statuses.forEach(function (s) {
      var n = view.counts.byStatus[s.code] || 0;
      list.appendChild(countItem("count-" + s.code, n, SYMBOLS[s.code] || "○", s.label, "status-" + s.code));
    });
    $("status-mix").appendChild(charts.statusMix(mixOf(view.statuses, view.counts), "Status mix of " + view.plan.title));
  }

  /**
   * @param {DashboardPlanView["statuses"]} statuses
   * @param {DashboardPlanView["counts"]} counts
   */
  function mixOf(statuses, counts) {
    return statuses.map(function (s) {
      return { code: s.code, label: s.label, count: counts.byStatus[s.code] || 0 };
    });
  }

  /** The indicators the page is about: the selected dashboard's own, or every indicator beside a plan of actions. */
  function indicatorsInView() {
    if (!state.indicators) return [];
    var plan = state.plan;
    if (!plan || plan.plan.kind !== "indicators") return state.indicators.indicators.slice();
    var planId = plan.plan.planId;
    return state.indicators.indicators.filter(function (i) {
      return i.planId === planId;
    });
  }

  /** An indicators plan's tiles: how many indicators, and how many are red, amber, green or not rated. */
  function renderIndicatorTiles() {
    var plan = state.plan;
    if (!plan || plan.plan.kind !== "indicators") return;
    var list = $("counts");
    clear(list);
    clear($("status-mix"));
    $("counts-heading").textContent = "Indicators at a glance";
    $("counts-note").textContent = "RAG of each indicator's latest period. Information-only indicators carry no rating.";
    if (!state.indicators) return;
    var shown = indicatorsInView();
    /** @param {string | null} rag */
    var count = function (rag) {
      return shown.filter(function (i) {
        return i.rag === rag;
      }).length;
    };
    list.appendChild(countItem("count-indicators", shown.length, "Σ", shown.length === 1 ? "Indicator" : "Indicators", "count-total"));
    list.appendChild(countItem("count-rag-red", count("red"), RAG_SYMBOLS.red, "Red", "status-red"));
    list.appendChild(countItem("count-rag-amber", count("amber"), RAG_SYMBOLS.amber, "Amber", "status-amber"));
    list.appendChild(countItem("count-rag-green", count("green"), RAG_SYMBOLS.green, "Green", "status-green"));
    list.appendChild(countItem("count-rag-none", count(null), "○", "Not rated or information only", "status-none"));
    $("status-mix").appendChild(
      charts.statusMix(
        [
          { code: "red", label: "Red", count: count("red") },
          { code: "amber", label: "Amber", count: count("amber") },
          { code: "green", label: "Green", count: count("green") },
          { code: "none", label: "Not rated", count: count(null) },
        ],
        "RAG mix of " + plan.plan.title,
      ),
    );
  }

  /** Every plan of actions as one bar of its status mix, from the overview's counts. */
  function renderPlanMix() {
    var list = $("plan-mix");
    clear(list);
    if (!state.overview) return;
    var overview = state.overview;
    var statuses = overview.statuses;
    var plans = overview.plans.filter(function (p) {
      return p.kind === "actions";
    });
    $("plans-panel").hidden = plans.length < 2;
    plans.forEach(function (p) {
      var words = statuses
        .filter(function (s) {
          return (p.counts.byStatus[s.code] || 0) > 0;
        })
        .map(function (s) {
          return (SYMBOLS[s.code] || "○") + " " + s.label + ": " + p.counts.byStatus[s.code];
        })
        .join(" · ");
      list.appendChild(
        el("li", { className: "plan-mix-item", "data-plan": p.planId }, [
          el("span", { className: "plan-mix-title", text: p.title + " (" + plural(p.counts.total, "action") + ")" }),
          charts.statusMix(mixOf(statuses, p.counts), "Status mix of " + p.title),
          el("span", { className: "plan-mix-words", text: words }),
        ]),
      );
    });
  }

  // ---- filters ----

  /**
   * @param {HTMLSelectElement} select
   * @param {{ value: string, label: string }[]} options
   */
  function fillSelect(select, options) {
    var keep = select.value;
    clear(select);
    select.appendChild(el("option", { value: "", text: "All" }));
    options.forEach(function (o) {
      select.appendChild(el("option", { value: o.value, text: o.label }));
    });
    select.value = options.some(function (o) {
      return o.value === keep;
    })
      ? keep
      : "";
  }

  /** @param {DashboardPlanView} view */
  function renderFilters(view) {
    fillSelect(
      $("filter-ambition", HTMLSelectElement),
      view.ambitions.map(function (a) {
        return { value: a.id, label: "Ambition " + a.id + ": " + a.title };
      }),
    );
    $("filter-ambition").title = view.ambitions.length === 0 ? "This plan has no ambitions" : "";
    fillSelect(
      $("filter-lead", HTMLSelectElement),
      view.leads.map(function (l) {
        return { value: l, label: l };
      }),
    );
    fillSelect(
      $("filter-status", HTMLSelectElement),
      view.statuses.map(function (s) {
        return { value: s.code, label: s.label };
      }),
    );
  }

  function resetFilters() {
    ["filter-ambition", "filter-lead", "filter-status"].forEach(function (id) {
      $(id, HTMLSelectElement).value = "";
    });
    $("filter-overdue", HTMLInputElement).checked = false;
  }

  function currentFilters() {
    return {
      ambition: $("filter-ambition", HTMLSelectElement).value,
      lead: $("filter-lead", HTMLSelectElement).value,
      status: $("filter-status", HTMLSelectElement).value,
      overdue: $("filter-overdue", HTMLInputElement).checked,
    };
  }

  function visibleActions() {
    if (!state.plan) return [];
    var f = currentFilters();
    return state.plan.actions.filter(function (a) {
      return (
        (!f.ambition || a.ambitionId === f.ambition) &&
        (!f.lead || (a.leads || [a.lead]).indexOf(f.lead) >= 0) &&
        (!f.status || a.status === f.status) &&
        (!f.overdue || a.overdue)
      );
    });
  }

  // ---- actions table ----

  /**
   * @param {string} label
   * @param {ReadonlyArray<Node | string>} children
   * @param {string} [className]
   */
  function cell(label, children, className) {
    return el("td", { role: "cell", "data-label": label, className: className || null }, children);
  }

  /** @param {DashboardAction} a */
  function dueCell(a) {
    var parts = [];
    if (a.revisedDueDate) {
      parts.push(el("span", { className: "due", text: a.revisedDueDate }));
      parts.push(el("span", { className: "sub", text: "revised from " + (a.dueDate || "no date") }));
    } else {
      parts.push(el("span", { className: "due", text: a.dueDate || "No date given" }));
    }
    if (a.overdue) {
      parts.push(
        el("span", { className: "overdue-badge" }, [el("span", { "aria-hidden": "true", text: "⚠ " }), plural(a.daysOverdue, "day") + " overdue"]),
      );
    }
    return cell("Due", parts);
  }

  /** @param {DashboardAction} a */
  function actionRow(a) {
    var body = el("tbody", { className: "action", role: "rowgroup", "data-testid": "action-row", "data-ref": a.ref, "data-status": a.status });
    var historyId = "history-" + cssSafe(a.ref);
    var toggle = el("button", { type: "button", className: "history-toggle", "data-testid": "history-toggle", "aria-expanded": "false", "aria-controls": historyId }, [
      "Show history",
      el("span", { className: "visually-hidden", text: " of " + a.ref }),
    ]);
    toggle.addEventListener("click", function () {
      toggleHistory(a, body, toggle, historyId);
    });
    var about = [el("span", { className: "title", text: a.title })];
    if (a.ambition) about.push(el("span", { className: "sub", text: a.ambition }));
    else if (a.priority) about.push(el("span", { className: "sub", text: "Priority " + a.priority + (a.priorityTitle ? ": " + a.priorityTitle : "") }));
    var lead = [el("span", { text: a.lead || "No lead named" })];
    if (a.leadName) lead.push(el("span", { className: "sub", text: a.leadName }));
    var update = [];
    if (a.lastUpdateAt) update.push(el("time", { className: "sub", datetime: a.lastUpdateAt, text: formatDate(a.lastUpdateAt) }));
    update.push(el("span", { className: a.commentary ? "commentary" : "sub", text: a.commentary || (a.lastUpdateAt ? "No commentary" : "No update recorded") }));
    body.appendChild(
      el("tr", { role: "row", className: "action-main" }, [
        el("th", { scope: "row", role: "rowheader", "data-label": "Ref", className: "ref", text: a.ref }),
        cell("Action", about),
        cell("Lead", lead),
        cell("Status", [statusBadge(a.status, a.statusLabel)]),
        dueCell(a),
        cell("Latest update", update),
        cell("History", [toggle]),
      ]),
    );
    return body;
  }

  /** @param {string} s */
  function cssSafe(s) {
    return String(s).replace(/[^A-Za-z0-9_-]/g, "_");
  }

  function renderActions() {
    var table = $("actions-table");
    Array.prototype.slice.call(table.querySelectorAll("tbody")).forEach(function (b) {
      table.removeChild(b);
    });
    var shown = visibleActions();
    shown.forEach(function (a) {
      table.appendChild(actionRow(a));
    });
    var total = state.plan ? state.plan.actions.length : 0;
    $("filter-summary").textContent = "Showing " + shown.length + " of " + plural(total, "action");
    $("actions-empty").hidden = shown.length > 0 || total === 0;
    $("actions-empty").textContent = "No actions match these filters.";
    if (state.plan && total === 0) {
      $("actions-empty").hidden = false;
      $("actions-empty").textContent = state.plan.plan.kind === "indicators" ? "This plan has no actions: its indicators are listed below." : "This plan has no actions yet.";
    }
    $("actions-caption").textContent = captionFor(shown.length, total);
    $("export-csv", HTMLButtonElement).disabled = shown.length === 0;
  }

  /**
   * @param {number} shown
   * @param {number} total
   */
  function captionFor(shown, total) {
    if (!state.plan) return "Actions";
    var f = currentFilters();
    var parts = [];
    if (f.ambition) parts.push("ambition " + f.ambition);
    if (f.lead) parts.push("led by " + f.lead);
    if (f.status) {
      var s = state.plan.statuses.filter(function (x) {
        return x.code === f.status;
      })[0];
      parts.push(s ? s.label : f.status);
    }
    if (f.overdue) parts.push("overdue only");
    return "Actions in " + state.plan.plan.title + (parts.length ? " (" + parts.join(", ") + ")" : "") + ": " + shown + " of " + total;
  }

  // ---- history ----

  /**
   * @param {DashboardAction} a
   * @param {HTMLElement} body
   * @param {HTMLElement} toggle
   * @param {string} historyId
   */
  function toggleHistory(a, body, toggle, historyId) {
    var open = toggle.getAttribute("aria-expanded") === "true";
    /** @type {HTMLElement | null} */
    var row = body.querySelector("tr.history-row");
    // The button's first child is its visible words (the rest is for screen readers).
    var words = /** @type {Node} */ (toggle.firstChild);
    if (open) {
      toggle.setAttribute("aria-expanded", "false");
      words.textContent = "Show history";
      if (row) row.hidden = true;
      return;
    }
    toggle.setAttribute("aria-expanded", "true");
    words.textContent = "Hide history";
    if (row) {
      row.hidden = false;
      return;
    }
    var holder = el("div", { id: historyId, className: "history", role: "region", "aria-label": "History of " + a.ref }, [el("p", { className: "sub", text: "Loading history…" })]);
    row = el("tr", { role: "row", className: "history-row" }, [el("td", { role: "cell", colspan: "7", className: "history-cell" }, [holder])]);
    body.appendChild(row);
    var planId = state.planId || "";
    /** @type {Promise<DashboardHistoryView>} */ (api("/api/tab/plans/" + encodeURIComponent(planId) + "/actions/" + encodeURIComponent(a.ref) + "/history")).then(
      function (view) {
        clear(holder);
        holder.appendChild(el("h3", { className: "history-heading", text: "History of " + a.ref + ", newest first" }));
        var list = el("ol", { className: "history-list", "data-testid": "history-list" });
        view.history.forEach(function (h) {
          list.appendChild(historyEntry(h));
        });
        // Said inside the list, so an action with no updates still shows its (empty) history rather than nothing.
        if (view.history.length === 0) list.appendChild(el("li", { className: "history-none sub", text: "No updates recorded yet." }));
        holder.appendChild(list);
      },
      function (err) {
        clear(holder);
        holder.appendChild(el("p", { className: "error", text: "The history could not be loaded: " + err.message }));
        setStatus("The history of " + a.ref + " could not be loaded: " + err.message, "error");
      },
    );
  }

  /** @param {DashboardHistoryEntry} h */
  function historyEntry(h) {
    var lines = [
      el("div", { className: "history-line" }, [
        statusBadge(h.status, h.statusLabel),
        " ",
        el("time", { datetime: h.at, text: formatDate(h.at, dateTimeFormat) }),
        // An import's author and channel are the same words: say them once.
        " by " + h.by + (h.via && h.via.toLowerCase() !== String(h.by).toLowerCase() ? " (" + h.via + ")" : ""),
      ]),
    ];
    if (h.commentary) lines.push(el("p", { className: "commentary", text: h.commentary }));
    if (h.revisedDueDate) lines.push(el("p", { className: "sub", text: "Revised due date: " + h.revisedDueDate + (h.reason ? " (" + h.reason + ")" : "") }));
    return el("li", { className: "history-entry", "data-testid": "history-entry" }, lines);
  }

  // ---- indicators ----

  /** @param {number} q */
  function ordinal(q) {
    return q === 1 ? "1st" : q === 2 ? "2nd" : q === 3 ? "3rd" : q + "th";
  }

  /** The indicators table, the trend charts and (for a dashboard) the tiles, for the indicators in view. */
  function renderIndicators() {
    if (!state.indicators) return;
    var shown = indicatorsInView();
    var rows = $("indicator-rows");
    clear(rows);
    shown.forEach(function (i) {
      var ragCode = i.rag || "none";
      var rag = el("span", { className: "status status-" + ragCode }, [el("span", { className: "status-symbol", "aria-hidden": "true", text: i.rag ? RAG_SYMBOLS[i.rag] : "○" }), " " + (i.ragLabel || "Not rated")]);
      var direction = i.direction
        ? [el("span", { className: "direction" }, [el("span", { "aria-hidden": "true", text: (DIRECTION_SYMBOLS[i.direction] || "") + " " }), i.directionLabel])]
        : [i.directionLabel || "Not reported"];
      rows.appendChild(
        el("tr", { role: "row", "data-testid": "indicator-row", "data-indicator": i.id, "data-rag": i.rag || "" }, [
          el("th", { scope: "row", role: "rowheader", "data-label": "Indicator", className: "indicator-name", text: i.name }),
          cell("Period", [i.period]),
          cell("Value", [i.value]),
          cell("Target", [i.target || "None set"]),
          cell("Quartile", [i.quartile ? ordinal(i.quartile) : "Not known"]),
          cell("RAG", [rag]),
          cell("Direction", direction),
          cell("Neighbours", [i.statisticalNeighbourAverage || "Not known"]),
        ]),
      );
    });
    $("indicators-empty").hidden = shown.length > 0;
    $("indicators-caption").textContent = "Performance indicators, latest period (" + plural(shown.length, "indicator") + ")";
    renderTrends(shown);
    renderIndicatorTiles();
  }

  /** @param {import("../../src/domain/dashboardView").DashboardIndicator[]} shown */
  function renderTrends(shown) {
    var list = $("trends");
    clear(list);
    var charted = shown.filter(function (i) {
      return i.trend.length > 0;
    });
    $("trends-panel").hidden = charted.length === 0;
    charted.forEach(function (i) {
      var latest = i.trend[i.trend.length - 1];
      list.appendChild(
        el("li", { className: "trend-item", "data-testid": "trend", "data-indicator": i.id, "data-rag": i.rag || "" }, [
          el("h3", { className: "trend-name", text: i.name }),
          charts.trend(i),
          el("p", { className: "trend-words", text: latest.period + ": " + latest.valueText + " · target " + (i.target || "none set") + " · " + (i.ragLabel || "Not rated") }),
        ]),
      );
    });
  }

  // ---- CSV ----

  /** @type {[string, (a: DashboardAction) => string][]} */
  var CSV_COLUMNS = [
    ["Plan", function () {
      return state.plan ? state.plan.plan.title : "";
    }],
    ["Ref", function (a) {
      return a.ref;
    }],
    ["Action", function (a) {
      return a.title;
    }],
    ["Ambition", function (a) {
      return a.ambition || "";
    }],
    ["Priority", function (a) {
      return a.priority || "";
    }],
    ["Lead", function (a) {
      return a.lead;
    }],
    ["Lead name", function (a) {
      return a.leadName || "";
    }],
    ["Status", function (a) {
      return a.statusLabel;
    }],
    ["Due date", function (a) {
      return a.dueDate || "";
    }],
    ["Revised due date", function (a) {
      return a.revisedDueDate || "";
    }],
    ["Overdue", function (a) {
      return a.overdue ? "Yes" : "No";
    }],
    ["Days overdue", function (a) {
      return String(a.daysOverdue);
    }],
    ["Last update", function (a) {
      return a.lastUpdateAt || "";
    }],
    ["Commentary", function (a) {
      return a.commentary || "";
    }],
  ];

  /** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. A leading = + - @ is defused for spreadsheets. */
  /** @param {string} value */
  function csvField(value) {
    var s = String(value);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  /** @param {readonly DashboardAction[]} actions */
  function toCsv(actions) {
    var lines = [CSV_COLUMNS.map(function (c) {
      return csvField(c[0]);
    }).join(",")];
    actions.forEach(function (a) {
      lines.push(CSV_COLUMNS.map(function (c) {
        return csvField(c[1](a));
      }).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }

  /**
   * Hands a file to the browser's download, as a link click does.
   * @param {Blob} blob
   * @param {string} name
   */
  function saveBlob(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = el("a", { href: url, download: name, className: "visually-hidden", text: name });
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 10000);
  }

  /** The whole plan as the importer reads it (every action, whatever the filters), from the server: an .xlsx download. */
  function exportXlsx() {
    if (!state.plan) return;
    var planId = state.plan.plan.planId;
    var name = "plan-pulse-" + planId + ".xlsx";
    getToken(false)
      .then(function (token) {
        return host.apiFetch("/api/tab/plans/" + encodeURIComponent(planId) + "/export.xlsx", state.tenant, token);
      })
      .then(function (res) {
        if (!res.ok) throw new Error("Plan Pulse could not export this plan. Please try again.");
        return res.blob();
      })
      .then(function (blob) {
        saveBlob(blob, name);
        setStatus("Exported the plan to " + name + ".", "ready");
      })
      .catch(function (e) {
        setStatus(e instanceof Error ? e.message : "Plan Pulse could not export this plan.", "error");
      });
  }

  function exportCsv() {
    if (!state.plan) return;
    var shown = visibleActions();
    var name = "plan-pulse-" + state.plan.plan.planId + "-" + (state.plan.asOfDate || state.plan.asOf.slice(0, 10)) + ".csv";
    // The byte-order mark lets spreadsheet programs read the plans' dashes and quotes as UTF-8.
    saveBlob(new Blob(["\uFEFF" + toCsv(shown)], { type: "text/csv;charset=utf-8" }), name);
    setStatus("Exported " + plural(shown.length, "action") + " to " + name + ".", "ready");
  }

  // ---- committee pack ----

  /** Download pack: the plan's committee pack as at today, a Word document written by the server. */
  function downloadPack() {
    if (!state.plan) return;
    var planId = state.plan.plan.planId;
    var name = "Committee pack - " + state.plan.plan.shortName + " - " + (state.plan.asOfDate || state.plan.asOf.slice(0, 10)) + ".docx";
    var button = $("download-pack", HTMLButtonElement);
    button.disabled = true;
    setStatus("Writing the committee pack…", "loading");
    getToken(false)
      .then(function (token) {
        return host.apiFetch("/api/tab/plans/" + encodeURIComponent(planId) + "/pack", state.tenant, token);
      })
      .then(function (res) {
        if (!res.ok) {
          return res.text().then(function (text) {
            throw new ApiError(res.status, friendlyError(res.status, jsonOrNull(text)));
          });
        }
        return res.blob().then(function (blob) {
          saveBlob(blob, name);
          setStatus("Downloaded " + name + ".", "ready");
        });
      })
      .catch(function (e) {
        setStatus(e instanceof ApiError ? e.message : "Plan Pulse can't be reached. Check your connection and try again.", "error");
      })
      .then(function () {
        button.disabled = false;
      });
  }

  // ---- loading ----

  /** @param {string} planId */
  function loadPlan(planId) {
    var seq = ++state.loadSeq;
    state.planId = planId;
    setStatus("Loading…", "loading");
    return /** @type {Promise<DashboardPlanView>} */ (api("/api/tab/plans/" + encodeURIComponent(planId))).then(
      function (view) {
        if (seq !== state.loadSeq) return;
        state.plan = view;
        $("plan-title").textContent = view.plan.title;
        document.title = view.plan.title + " – Plan Pulse";
        $("plan-meta").textContent = (view.plan.period ? "Period " + view.plan.period + " · " : "") + "as of " + formatDate(view.asOf, longDateFormat);
        var indicatorsOnly = view.plan.kind === "indicators";
        // A dashboard of indicators shows its indicators, not an empty actions table.
        $("actions-panel").hidden = indicatorsOnly;
        renderCounts(view);
        renderFilters(view);
        renderActions();
        renderIndicators();
        setStatus(indicatorsOnly ? "Loaded the dashboard's indicators." : "Loaded " + plural(view.actions.length, "action") + ".", "ready");
      },
      function (err) {
        if (seq !== state.loadSeq) return;
        state.plan = null;
        setStatus(err.message, "error");
      },
    );
  }

  function loadIndicators() {
    return /** @type {Promise<DashboardIndicatorsView>} */ (api("/api/tab/indicators")).then(
      function (view) {
        state.indicators = view;
        renderIndicators();
      },
      function (err) {
        $("indicators-empty").hidden = false;
        $("indicators-empty").textContent = "The indicators could not be loaded: " + err.message;
      },
    );
  }

  function start() {
    applyTheme(params.get("theme") || "default");
    var themeSelect = $("theme-select", HTMLSelectElement);
    themeSelect.addEventListener("change", function () {
      applyTheme(themeSelect.value);
      if (!state.teams) setUrlParam("theme", themeSelect.value === "default" ? null : themeSelect.value);
    });
    var planSelect = $("plan-select", HTMLSelectElement);
    planSelect.addEventListener("change", function () {
      resetFilters();
      setUrlParam("plan", planSelect.value);
      loadPlan(planSelect.value);
    });
    ["filter-ambition", "filter-lead", "filter-status", "filter-overdue"].forEach(function (id) {
      $(id).addEventListener("change", renderActions);
    });
    $("filters").addEventListener("submit", function (e) {
      e.preventDefault();
    });
    $("top-controls").addEventListener("submit", function (e) {
      e.preventDefault();
    });
    $("clear-filters").addEventListener("click", function () {
      resetFilters();
      renderActions();
    });
    $("export-csv").addEventListener("click", exportCsv);
    $("download-pack").addEventListener("click", downloadPack);
    $("export-xlsx").addEventListener("click", exportXlsx);

    host
      .connect(applyTheme)
      .then(function (teams) {
        state.teams = teams;
        if (teams && teams.tenant) state.tenant = teams.tenant;
        document.body.dataset.host = teams ? "teams" : "browser";
        return /** @type {Promise<DashboardOverview>} */ (api("/api/tab/plans"));
      })
      .then(function (overview) {
        state.overview = overview;
        $("tenant-name").textContent = overview.tenantName ? "· " + overview.tenantName : "";
        var pick = fillPlanSelect(overview, params.get("plan"));
        renderPlanMix();
        loadIndicators();
        if (!pick.chosen) {
          setStatus("No plans are loaded for your organisation yet.", "ready");
          $("filter-summary").textContent = "Showing 0 of 0 actions";
          return null;
        }
        return loadPlan(pick.chosen).then(function () {
          if (pick.missing) setStatus("The plan “" + pick.missing + "” isn't in your organisation's Plan Pulse, so the first plan is shown instead.", "error");
        });
      })
      .catch(function (err) {
        setStatus(err && err.message ? err.message : "Something went wrong loading the dashboard. Please reload the tab.", "error");
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
