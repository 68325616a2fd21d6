import { type FSWatcher, watch } from 'node:fs';
import type { Workflow } from '../../shared/workflow/core/schema/workflow.js';

export interface WorkflowWatch {
  close(): Promise<void>;
}

/**
 * Reloads the workflow files when anything under `dir` changes (a save in the editor, a new template): the files are
 * read and validated again, every template they send is rendered for a sample customer, and, if all are valid, they
 * are published and run; otherwise the engine keeps running the workflows and templates it had and logs exactly
 * what is wrong (`file:line: message` for a template). Changes within `debounceMs` are taken together (editors write in bursts).
 */
export function watchWorkflows(
  dir: string,
  reload: () => Promise<readonly Workflow[]>,
  log: (line: string) => void,
  debounceMs = 200,
): WorkflowWatch {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      try {
        const loaded = await reload();
        log(`workflows reloaded: ${loaded.map((w) => `${w.id} v${w.version}`).join(', ') || 'none'}`);
      } catch (error) {
        log(
          `workflows not reloaded, still running the previous ones and their templates:\n${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(run, debounceMs);
    });
  } catch (error) {
    log(`cannot watch ${dir} for changes: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    close: async () => {
      clearTimeout(timer);
      watcher?.close();
      await running;
    },
  };
}
