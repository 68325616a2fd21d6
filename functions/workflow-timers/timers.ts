import type { WorkflowExecutor } from '../../shared/workflow/core/executor/executor.js';

/**
 * One run of the timer sweep: wakes every enrollment due by now (found on the `byDue` index) and completes outboxes
 * a crash left. Failures stay due for the next run; the run itself fails so they show in the function's errors.
 */
export async function runTimerSweep(executor: WorkflowExecutor): Promise<{ due: number; woken: number }> {
  const { due, woken, failed } = await executor.sweep();
  if (failed.length > 0) {
    const first = failed[0]?.error;
    throw new Error(
      `${failed.length} of ${due} due enrollments failed; first: ${first instanceof Error ? first.message : String(first)}`,
      {
        cause: first,
      },
    );
  }
  return { due, woken };
}
