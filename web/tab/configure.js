// The channel tab's configuration page: pick a plan; Teams saves a tab showing it (pages.config).
"use strict";

(function () {
  var host = window.planPulseTeamsHost;
  var state = { teams: null, token: null, tenant: null, plans: [] };
  var $ = function (id) {
    return document.getElementById(id);
  };

  function setStatus(text, stateName) {
    var node = $("configure-status");
    node.textContent = text;
    node.dataset.state = stateName;
  }

  /** The tab Teams will show: the dashboard with this plan, marked as a channel tab. */
  function contentUrl(planId) {
    return window.location.origin + "/tab/?plan=" + encodeURIComponent(planId) + "&context=channel";
  }

  function selectedPlan() {
    var id = $("config-plan").value;
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
          function (err) {
            saveEvent.notifyFailure(err && err.message ? err.message : "Teams could not save the tab.");
          },
        );
    });
  }

  function loadPlans() {
    var token = state.teams
      ? host.authToken(state.teams).catch(function () {
          return null;
        })
      : Promise.resolve(null);
    return token.then(function (t) {
      return host.apiFetch("/api/tab/plans", state.tenant, t).then(function (res) {
        return res.json().then(
          function (body) {
            if (!res.ok) throw new Error(body && body.message ? body.message : "Plan Pulse could not list your plans.");
            return body;
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
        var select = $("config-plan");
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
      .catch(function (err) {
        setStatus(err && err.message ? err.message : "Plan Pulse could not list your plans.", "error");
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
