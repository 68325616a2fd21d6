import { startWorkflowRuntime } from './runtime.js';
import { createWorkflowHandler } from './workflow.js';

const { rt, workflow } = await startWorkflowRuntime();

export const handler = createWorkflowHandler(rt, workflow.executor);
