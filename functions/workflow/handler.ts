import type { Context } from 'aws-lambda';
import { workflowRuntime } from './runtime.js';
import { createWorkflowHandler } from './workflow.js';

let handle: ReturnType<typeof createWorkflowHandler> | undefined;

/** Started on the first event (see `workflowRuntime`), then the same handler for every event after. */
export const handler = async (event: unknown, context: Context): Promise<unknown> => {
  if (!handle) {
    const { rt, workflow } = await workflowRuntime('workflow');
    handle = createWorkflowHandler(rt, workflow.executor);
  }
  return handle(event, context);
};
