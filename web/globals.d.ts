// Types for the globals the pages share (checked by tsconfig.web.json; never served): the SDKs the pages load, and
// the two small namespaces the scripts publish for each other.

/** The Teams SDK context the pages read (teams-js's own type). */
type TeamsContext = import("@microsoft/teams-js").app.Context;

/** A page running inside Teams: the SDK, its context, and the tenant the user is signed in to. */
interface TeamsConnection {
  sdk: typeof import("@microsoft/teams-js");
  context: TeamsContext;
  tenant: string | null;
}

/** web/tab/teamsHost.js: starting the Teams SDK (or running on its own), the theme, the token, the API request. */
interface PlanPulseTeamsHost {
  applyTheme(theme: string | null | undefined): string;
  connect(onTheme: (theme: string) => void, beforeReady?: (teams: TeamsConnection) => void): Promise<TeamsConnection | null>;
  authToken(teams: TeamsConnection): Promise<string>;
  apiFetch(path: string, tenant: string | null, token: string | null): Promise<Response>;
  /** The page's element with this id, of this class when given; throws when the page has none (a broken page, not a state). */
  element<T extends HTMLElement = HTMLElement>(id: string, kind?: new () => T): T;
}

/** web/tab/charts.js: the tab's SVG charts. */
interface PlanPulseCharts {
  statusMix(segments: ReadonlyArray<{ code: string; label: string; count: number }>, name: string): SVGElement;
  trend(indicator: import("../src/domain/dashboardView").DashboardIndicator): SVGElement;
}

interface Window {
  planPulseCharts: PlanPulseCharts;
  /** Present when the Teams SDK script loaded. */
  microsoftTeams?: typeof import("@microsoft/teams-js");
  /** Set by Teams' mobile hosts. */
  nativeInterface?: unknown;
  planPulseTeamsHost: PlanPulseTeamsHost;
}

/** The Adaptive Cards SDK's UMD bundle (web/playground loads it from /playground/vendor/adaptivecards.js). */
declare const AdaptiveCards: typeof import("adaptivecards");

/** web/playground/playgroundModel.js, loaded before playground.js. */
declare var PlanPulsePlayground: PlaygroundModel;

/** playgroundModel.js also loads in Node tests as CommonJS. */
declare var module: { exports: unknown } | undefined;

// ---- the playground and the local channel simulator's front door (/_sim/api) ----

/** The parts of a recorded activity the playground reads (the simulator keeps the activity as the bot sent it). */
interface SimActivity {
  type?: string;
  id?: string;
  text?: unknown;
  value?: unknown;
  attachments?: unknown;
  from?: { name?: string; aadObjectId?: string };
}

type SimRecord = Omit<import("../src/dev/channelSimulator").RecordedActivity, "activity"> & { activity?: SimActivity };

type SendResult = import("../src/dev/simulatorFrontDoor").SendResult;

/** What the front door's `send` takes, from its own schema. */
type SimSendBody = import("../src/dev/simulatorFrontDoor").SimSendBody;

/** The front door's `invoke` field: an Action.Execute as Teams would send it. */
type SimInvoke = NonNullable<SimSendBody["invoke"]>;

type RecordAction = { kind: "draw"; mine: boolean } | { kind: "edit" } | { kind: "remove" } | { kind: "skip" };

type InvokeOutcome = { kind: "card"; card: object } | { kind: "error"; message: string } | { kind: "message"; message: string } | { kind: "none" };
