import type { Workflow } from '../schema/workflow.js';
import { segmentEvent } from './events.js';

/**
 * The detail-types that can enter or move an enrollment of this workflow version: its trigger (or the event that
 * announces its segment), goal, exit criteria and every event a step waits for; and profile events for a date
 * trigger (they schedule the customer's dates). Any other event is none of its business.
 */
export function eventsHeard(workflow: Workflow): Set<string> {
  const heard = new Set<string>();
  const { trigger } = workflow;
  if ('event' in trigger) heard.add(trigger.event.detailType);
  else if ('segment' in trigger) heard.add(segmentEvent(trigger.segment).detailType);
  else for (const type of ['Customer Registered', 'Customer Updated']) heard.add(type);
  if (workflow.goal) heard.add(workflow.goal.event);
  for (const criterion of workflow.exit ?? []) heard.add(criterion.event);
  for (const step of Object.values(workflow.steps)) if (step.type === 'waitForEvent') heard.add(step.event);
  return heard;
}
