// `npm run package`: builds build/appPackage.zip for Teams from manifest/ and MicrosoftAppId, BOT_DOMAIN, TAB_SSO_CLIENT_ID.
//
// Usage: node dist/scripts/packageApp.js [--for-upload] [--out <file.zip>]
//   --for-upload   refuse to build with placeholders (for a release pipeline: every value must be configured)
//   --out          where to write the zip (default build/appPackage.zip)
// Exit code 0 when the package was written, 1 when configuration or a check failed (each problem is listed).
import path from "node:path";
import { AppPackageError, buildAppPackage } from "./appPackage";

const USAGE = "Usage: npm run package [-- --for-upload] [-- --out <file.zip>]";

function parseArgs(argv: readonly string[]): { forUpload: boolean; outFile?: string } | string {
  let forUpload = false;
  let outFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--for-upload") forUpload = true;
    else if (a === "--out") {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) return "--out needs a file name, such as build/appPackage.zip";
      outFile = v;
    } else if (a === "--help" || a === "-h") return USAGE;
    else return `Unknown option "${a}". ${USAGE}`;
  }
  return outFile === undefined ? { forUpload } : { forUpload, outFile };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === "string") {
    console.error(args);
    return args === USAGE ? 0 : 1;
  }
  try {
    const result = await buildAppPackage({ requireConfigured: args.forUpload, ...(args.outFile ? { outFile: args.outFile } : {}) });
    const s = result.settings;
    const shown = path.relative(process.cwd(), result.outFile);
    console.log(`Built ${shown.startsWith("..") || path.isAbsolute(shown) ? result.outFile : shown} (${result.bytes.toLocaleString("en-GB")} bytes): manifest.json, color.png, outline.png`);
    console.log(`  manifest v${String(result.manifest.manifestVersion)}, app version ${String(result.manifest.version)}: valid against the official schema; icons, ids and commands checked`);
    console.log(`  app and bot id   ${s.appId}`);
    console.log(`  host             ${s.botDomain}`);
    console.log(`  tab sign-in      ${s.tabSsoClientId} (resource api://${s.botDomain}/${s.tabSsoClientId})`);
    if (!result.readyToUpload) {
      const bar = "!".repeat(78);
      console.error(
        [
          "",
          bar,
          "!! FOR VALIDATION ONLY: DO NOT UPLOAD THIS PACKAGE TO TEAMS",
          ...result.warnings.map((w) => `!! ${w}`),
          "!! It passes every check, but Teams would install an app whose bot and tab cannot be reached.",
          "!! Set MicrosoftAppId and BOT_DOMAIN (and TAB_SSO_CLIENT_ID if the tab signs in with its own",
          "!! app registration), then run npm run package again. See docs/teams-app.md.",
          bar,
        ].join("\n"),
      );
    }
    return 0;
  } catch (err) {
    if (err instanceof AppPackageError) {
      console.error(err.message);
      return 1;
    }
    // Anything else (a file that cannot be written, say): the message, not a stack trace.
    console.error(`The Teams app package was not built: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
