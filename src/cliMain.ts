// Runs a command-line tool's main: exits with its code, or says in one line what failed (never a stack trace) and exits 1.
import { ConfigError } from "./config";

/** `failed` words the failure for the operator: "Import failed", "Writing the pack failed"… */
export function runCliMain(main: () => Promise<number | void>, failed: string): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (e: unknown) => {
      process.stderr.write(e instanceof ConfigError ? `${e.message}\n` : `${failed}: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
