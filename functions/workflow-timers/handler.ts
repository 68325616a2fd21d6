import { startWorkflowRuntime } from '../workflow/runtime.js';
import { runTimerSweep } from './timers.js';

const { workflow } = await startWorkflowRuntime();

/** Run by EventBridge Scheduler every minute: the enrollments whose wait is over, and outboxes left by a crash. */
export const handler = () => runTimerSweep(workflow.executor);
