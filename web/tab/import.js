// The tab's import page: a sheet uploaded, its report shown, then Import (the same bytes sent again) or Cancel.
"use strict";

(function () {
  /** @typedef {import("../../src/import/importDoor").DoorOutcome} DoorOutcome */
  /** @typedef {Extract<DoorOutcome, { kind: "preview" }>} Preview */

  var host = window.planPulseTeamsHost;
  var $ = host.element;
  /** @type {{ teams: TeamsConnection | null, tenant: string | null, preview: Preview | null, content: string | null }} */
  var state = { teams: null, tenant: null, preview: null, content: null };

  /**
   * @param {string} text
   * @param {"ready" | "loading" | "error"} name
   */
  function setStatus(text, name) {
    var node = $("import-status");
    node.textContent = text;
    node.dataset.state = name;
  }

  /** @returns {Promise<string | null>} */
  function token() {
    return state.teams ? host.authToken(state.teams) : Promise.resolve(null);
  }

  /**
   * A write to the tab API: JSON in, JSON out; an error's own words, or a plain fallback.
   * @param {"POST" | "DELETE"} method
   * @param {string} path
   * @param {unknown} body
   * @returns {Promise<DoorOutcome>}
   */
  function send(method, path, body) {
    return token().then(function (t) {
      /** @type {Record<string, string>} */
      var headers = { Accept: "application/json" };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      if (t) headers.Authorization = "Bearer " + t;
      var url = path + (state.tenant ? "?tenant=" + encodeURIComponent(state.tenant) : "");
      return fetch(url, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" }).then(function (res) {
        return res.json().then(
          /** @param {{ message?: unknown }} json */
          function (json) {
            if (res.ok) return /** @type {DoorOutcome} */ (json);
            throw new Error(typeof json.message === "string" ? json.message : "Plan Pulse could not import that file.");
          },
        );
      });
    });
  }

  /**
   * The file's bytes as base64, for JSON.
   * @param {File} file
   * @returns {Promise<string>}
   */
  function base64Of(file) {
    return file.arrayBuffer().then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      var text = "";
      for (var i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 0x8000)));
      return btoa(text);
    });
  }

  /**
   * @param {string} tag
   * @param {string} text
   */
  function node(tag, text) {
    var n = document.createElement(tag);
    n.textContent = text;
    return n;
  }

  /** @param {Preview} p */
  function showReport(p) {
    state.preview = p;
    $("import-heading").textContent = (p.changed ? "The file changed since its report. " : "") + "Import " + p.fileName + "?";
    var counts = $("import-counts");
    counts.replaceChildren();
    p.report.plans.forEach(function (plan) {
      var a = plan.actions;
      var i = plan.indicators;
      counts.appendChild(node("li", plan.title + " (named " + plan.shortNames.join(", ") + ")"));
      counts.appendChild(node("li", "Actions: " + a.created + " created, " + a.updated + " updated, " + a.unchanged + " unchanged, " + a.conflicts + " conflicts, " + a.rejected + " rejected"));
      if (i.created + i.updated + i.unchanged + i.rejected > 0) counts.appendChild(node("li", "Indicator figures: " + i.created + " new periods, " + i.updated + " updated, " + i.unchanged + " unchanged, " + i.rejected + " rejected"));
    });
    var rows = $("import-rows").querySelector("tbody");
    if (rows) {
      var body = rows;
      body.replaceChildren();
      p.report.rows
        .filter(function (r) {
          return r.outcome !== "unchanged" && r.outcome !== "skipped";
        })
        .forEach(function (r) {
          var tr = document.createElement("tr");
          [r.sheet, String(r.row), r.outcome, r.id || "", r.reason || ""].forEach(function (v) {
            tr.appendChild(node("td", v));
          });
          body.appendChild(tr);
        });
    }
    var notes = $("import-notes");
    notes.replaceChildren();
    p.report.warnings.forEach(function (w) {
      notes.appendChild(node("li", w));
    });
    $("import-apply", HTMLButtonElement).hidden = !p.canImport;
    $("import-report").hidden = false;
    setStatus(p.canImport ? "Nothing is written until you press Import." : p.report.rows.some(function (r) {
      return r.outcome === "rejected";
    }) ? "Correct the rows marked rejected and choose the file again." : "Everything in this file is already in Plan Pulse: there is nothing to import.", "ready");
  }

  /** @param {Event} event */
  function onPreview(event) {
    event.preventDefault();
    var chosen = $("import-file", HTMLInputElement).files?.[0];
    if (!chosen) {
      setStatus("Choose a spreadsheet first.", "error");
      return;
    }
    var file = chosen;
    setStatus("Reading " + file.name + "…", "loading");
    var planName = $("import-plan", HTMLInputElement).value.trim();
    base64Of(file)
      .then(function (content) {
        state.content = content;
        return send("POST", "/api/tab/import", planName ? { fileName: file.name, contentBase64: content, planName: planName } : { fileName: file.name, contentBase64: content });
      })
      .then(function (outcome) {
        if (outcome.kind === "preview") showReport(outcome);
      })
      .catch(function (e) {
        $("import-report").hidden = true;
        setStatus(e instanceof Error ? e.message : "Plan Pulse could not read that file.", "error");
      });
  }

  function onApply() {
    var p = state.preview;
    if (!p || !state.content) return;
    setStatus("Importing…", "loading");
    send("POST", "/api/tab/import/" + p.token, { contentBase64: state.content })
      .then(function (outcome) {
        if (outcome.kind === "preview") return showReport(outcome);
        if (outcome.kind === "imported") {
          $("import-report").hidden = true;
          var plan = outcome.report.plans[0];
          setStatus("Imported " + outcome.fileName + (plan ? " into " + plan.title + "." : "."), "ready");
        }
      })
      .catch(function (e) {
        setStatus(e instanceof Error ? e.message : "Plan Pulse could not import that file.", "error");
      });
  }

  function onCancel() {
    var current = state.preview;
    if (!current) return;
    var p = current;
    send("DELETE", "/api/tab/import/" + p.token, undefined)
      .then(function () {
        $("import-report").hidden = true;
        setStatus("Cancelled: nothing from " + p.fileName + " was written.", "ready");
      })
      .catch(function (e) {
        setStatus(e instanceof Error ? e.message : "Plan Pulse could not cancel that import.", "error");
      });
  }

  host
    .connect(function (theme) {
      host.applyTheme(theme);
    })
    .then(function (teams) {
      state.teams = teams;
      state.tenant = teams ? teams.tenant : null;
      $("import-form").addEventListener("submit", onPreview);
      $("import-apply").addEventListener("click", onApply);
      $("import-cancel").addEventListener("click", onCancel);
      document.body.dataset.ready = "true";
    });
})();
