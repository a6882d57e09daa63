import type { Settings } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { Workspace } from '../core/workspace.js';

/**
 * Opens the core's workspace for one invocation and always closes it. DuckDB opens in
 * milliseconds; what is slow to rebuild (the S3 mirror) lives in the cache folder on /tmp and
 * survives between warm invocations anyway.
 */
export async function withWorkspace<T>(
  settings: Settings,
  logger: Logger,
  work: (workspace: Workspace) => Promise<T>,
): Promise<T> {
  const workspace = await Workspace.open(settings, logger);
  try {
    return await work(workspace);
  } finally {
    await workspace.close();
  }
}
