// Runs one of the command-line tools as an operator would (a child process with its own environment): exit code, stdout, stderr.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  try {
    const r = await run(process.execPath, [script, ...args], { env });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}
