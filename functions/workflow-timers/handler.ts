import { workflowRuntime } from '../workflow/runtime.js';
import { runTimerSweep } from './timers.js';

/** Run by EventBridge Scheduler every minute: the enrollments whose wait is over, and outboxes left by a crash. */
export const handler = async (): Promise<{ due: number; woken: number }> => {
  const { workflow } = await workflowRuntime('workflow-timers');
  return runTimerSweep(workflow.executor);
};
