import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLoyaltyRuntime } from '../../shared/loyalty/compose.js';
import { parseLoyaltyProgram } from '../../shared/loyalty/core/program.js';
import { loadConfig } from '../../shared/platform/config.js';
import { EventBridgePublisher } from '../../shared/platform/eventbridge/publisher.js';
import { createRuntime, type Runtime } from '../../shared/platform/lambda/runtime.js';
import { loadWorkflows } from '../../shared/workflow/adapters/workflow-files.js';
import { createWorkflowRuntime, type WorkflowRuntime } from '../../shared/workflow/compose.js';
import program from '../../workflows/loyalty.json' with { type: 'json' };
import { lambdaMessaging } from './messaging.js';

/**
 * Cold start of a workflow function on Lambda: the workflow files deployed beside the bundle (`WORKFLOWS_DIR`,
 * default `./workflows`) are published to the table (a no-op when unchanged) and run as the newest versions.
 */
export async function startWorkflowRuntime(service: string): Promise<{ rt: Runtime; workflow: WorkflowRuntime }> {
  const config = loadConfig();
  const rt = createRuntime(config, { service });
  const dir = process.env.WORKFLOWS_DIR ?? join(dirname(fileURLToPath(import.meta.url)), 'workflows');
  const workflow = createWorkflowRuntime(rt, {
    loyalty: createLoyaltyRuntime(rt, config, parseLoyaltyProgram(program)),
    ...(await lambdaMessaging(rt, join(dir, 'templates'))),
    publisher: EventBridgePublisher.create(config.EVENT_BUS_NAME, config.EVENTBRIDGE_ENDPOINT),
  });
  await workflow.catalog.load(loadWorkflows(dir), rt.now().toISOString());
  return { rt, workflow };
}

let starting: ReturnType<typeof startWorkflowRuntime> | undefined;

/**
 * The runtime, started on the first invocation and kept for the next ones (a failed start is retried by the next
 * invocation, not cached): importing the handler does no I/O, and its configuration errors surface as the
 * invocation's error, with the variable named.
 */
/** `service`: the function it runs in (workflow, workflow-timers), the name it logs as. */
export function workflowRuntime(service: string): ReturnType<typeof startWorkflowRuntime> {
  starting ??= startWorkflowRuntime(service).catch((error: unknown) => {
    starting = undefined;
    throw error;
  });
  return starting;
}
