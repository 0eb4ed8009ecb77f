// Last line of defence: an error nothing caught is logged and the service keeps serving. The edge must not rely on it.
import { errorFields, type Logger } from "./logger";

/**
 * Logs uncaught exceptions and unhandled rejections instead of letting Node end the process. Decided so because every
 * request's state lives in Table storage, not in memory, so the next request does not inherit a half-done one; and a
 * crash would take every other user's turn and the scheduler down with the one that failed. Returns the uninstaller.
 */
export function installProcessGuard(proc: NodeJS.EventEmitter, log: Logger): () => void {
  const onException = (error: unknown): void => log.error("uncaught exception: kept serving", errorFields(error));
  const onRejection = (reason: unknown): void => log.error("unhandled promise rejection: kept serving", errorFields(reason));
  proc.on("uncaughtException", onException);
  proc.on("unhandledRejection", onRejection);
  return () => {
    proc.off("uncaughtException", onException);
    proc.off("unhandledRejection", onRejection);
  };
}
