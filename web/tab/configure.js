// The channel tab's configuration page: pick a plan; Teams saves a tab showing it (pages.config).
"use strict";

(function () {
  /** @typedef {import("../../src/domain/dashboardView").DashboardOverview} DashboardOverview */
  /** @typedef {import("../../src/domain/dashboardView").DashboardPlanEntry} DashboardPlanEntry */

  var host = window.planPulseTeamsHost;
  /** @type {{ teams: TeamsConnection | null, tenant: string | null, plans: readonly DashboardPlanEntry[] }} */
  var state = { teams: null, tenant: null, plans: [] };
  var $ = host.element;

  /**
   * @param {string} text
   * @param {"ready" | "error"} stateName
   */
  function setStatus(text, stateName) {
    var node = $("configure-status");
    node.textContent = text;
    node.dataset.state = stateName;
  }

  /**
   * The message of an Error or of the Teams SDK's { errorCode, message }; the fallback for anything else.
   * @param {unknown} err
   * @param {string} fallback
   */
  function messageOf(err, fallback) {
    var message = err && typeof err === "object" ? /** @type {{ message?: unknown }} */ (err).message : null;
    return typeof message === "string" && message ? message : fallback;
  }

  /**
   * The tab Teams will show: the dashboard with this plan, marked as a channel tab.
   * @param {string} planId
   */
  function contentUrl(planId) {
    return window.location.origin + "/tab/?plan=" + encodeURIComponent(planId) + "&context=channel";
  }

  function selectedPlan() {
    var id = $("config-plan", HTMLSelectElement).value;
    return state.plans.filter(function (p) {
      return p.planId === id;
    })[0] || null;
  }

  function onPlanChosen() {
    var plan = selectedPlan();
    $("config-preview").textContent = plan ? "This tab will show " + plan.title + "." : "";
    if (state.teams) {
      try {
        state.teams.sdk.pages.config.setValidityState(!!plan);
      } catch (e) {
        setStatus("Teams did not accept the choice. Please close this dialog and try again.", "error");
      }
    }
  }

  /** @param {TeamsConnection["sdk"]} sdk */
  function registerSave(sdk) {
    sdk.pages.config.registerOnSaveHandler(function (saveEvent) {
      var plan = selectedPlan();
      if (!plan) {
        saveEvent.notifyFailure("Choose a plan first.");
        return;
      }
      sdk.pages.config
        .setConfig({
          entityId: "plan-pulse-" + plan.planId,
          contentUrl: contentUrl(plan.planId),
          websiteUrl: window.location.origin + "/tab/?plan=" + encodeURIComponent(plan.planId),
          suggestedDisplayName: ("Plan Pulse: " + (plan.shortName || plan.title)).slice(0, 128),
        })
        .then(
          function () {
            saveEvent.notifySuccess();
          },
          function (/** @type {unknown} */ err) {
            saveEvent.notifyFailure(messageOf(err, "Teams could not save the tab."));
          },
        );
    });
  }

  /** @returns {Promise<DashboardOverview>} */
  function loadPlans() {
    var token = state.teams
      ? host.authToken(state.teams).catch(function () {
          return null;
        })
      : Promise.resolve(null);
    return token.then(function (/** @type {string | null} */ t) {
      return host.apiFetch("/api/tab/plans", state.tenant, t).then(function (res) {
        return res.json().then(
          function (/** @type {unknown} */ body) {
            // An error answer is { error, message }: its message is written for people.
            var refusal = /** @type {{ message?: unknown } | null} */ (body);
            if (!res.ok) throw new Error(refusal && typeof refusal.message === "string" && refusal.message ? refusal.message : "Plan Pulse could not list your plans.");
            return /** @type {DashboardOverview} */ (body);
          },
          function () {
            throw new Error("Plan Pulse could not list your plans.");
          },
        );
      });
    });
  }

  function start() {
    host.applyTheme(new URLSearchParams(window.location.search).get("theme"));
    host
      .connect(host.applyTheme, function (teams) {
        // Before Teams shows the page: the save handler, and nothing chosen yet.
        registerSave(teams.sdk);
        teams.sdk.pages.config.setValidityState(false);
      })
      .then(function (teams) {
        state.teams = teams;
        if (teams && teams.tenant) state.tenant = teams.tenant;
        return loadPlans();
      })
      .then(function (overview) {
        state.plans = overview.plans;
        var select = $("config-plan", HTMLSelectElement);
        while (select.firstChild) select.removeChild(select.firstChild);
        overview.plans.forEach(function (p) {
          var option = document.createElement("option");
          option.value = p.planId;
          option.textContent = p.kind === "indicators" ? p.title + " (indicators)" : p.title;
          select.appendChild(option);
        });
        var first = overview.plans.filter(function (p) {
          return p.kind === "actions";
        })[0] || overview.plans[0];
        if (first) select.value = first.planId;
        select.disabled = overview.plans.length === 0;
        select.addEventListener("change", onPlanChosen);
        onPlanChosen();
        setStatus(
          overview.plans.length === 0
            ? "No plans are loaded for your organisation yet."
            : state.teams
              ? "Choose a plan, then Save."
              : "Outside Teams this page only previews the choice: add the tab from a Teams channel to save it.",
          "ready",
        );
      })
      .catch(function (/** @type {unknown} */ err) {
        setStatus(messageOf(err, "Plan Pulse could not list your plans."), "error");
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
