import type { LoyaltyService } from '../../loyalty/core/loyalty-service.js';
import type { Messenger } from '../../messaging/core/ports.js';
import type { EventPublisher } from '../../platform/events.js';
import type { ProfileWriter } from '../../tracking/store/profile-writer.js';
import type { EffectFailure, Effects, PendingAction } from '../core/executor/ports.js';
import type { Enrollment } from '../core/interpreter/types.js';
import type { Workflow } from '../core/schema/workflow.js';

export interface StepEffectDeps {
  readonly messenger: Messenger;
  readonly loyalty: Pick<LoyaltyService, 'apply'>;
  readonly profiles: Pick<ProfileWriter, 'apply'>;
  readonly publisher: EventPublisher;
}

/**
 * What each step does to the world, every one idempotent on the action's key: messages through messaging (at most
 * once per key), points as a loyalty posting keyed by it, attributes and tags as profile fields written
 * last-writer-wins at the step's time, events with the key as their `eventId`. Tags are attributes named
 * `tag:<name>` (true, or removed), so conditions read them as `attributes.tag:vip`.
 */
export class StepEffects implements Effects {
  constructor(private readonly deps: StepEffectDeps) {}

  async perform(
    enrollment: Enrollment,
    workflow: Workflow,
    { action, at }: PendingAction,
  ): Promise<EffectFailure | undefined> {
    const { customerId } = enrollment;
    switch (action.type) {
      case 'send': {
        const outcome = await this.deps.messenger.submit({
          idempotencyKey: action.idempotencyKey,
          customerId,
          channel: action.channel,
          fallback: action.fallback,
          template: action.template,
          offer: action.offer,
          workflow: {
            id: workflow.id,
            version: workflow.version,
            priority: workflow.priority,
            maxMessagesPerDay: workflow.caps?.maxMessagesPerDay,
          },
          enrollmentId: enrollment.id,
          step: action.step,
          key: enrollment.key,
          at,
          events: enrollment.events,
        });
        return outcome.status === 'failed' ? { step: action.step, reason: outcome.reason } : undefined;
      }
      case 'awardPoints':
        await this.deps.loyalty.apply(customerId, {
          kind: 'grant',
          key: action.idempotencyKey,
          points: action.points,
          reason: action.reason,
          at,
        });
        return;
      case 'setAttribute':
        await this.deps.profiles.apply(customerId, { at, attributes: { [action.name]: action.value } });
        return;
      case 'tag': {
        const attributes: Record<string, true | null> = {};
        for (const name of action.add) attributes[`tag:${name}`] = true;
        for (const name of action.remove) attributes[`tag:${name}`] = null;
        await this.deps.profiles.apply(customerId, { at, attributes });
        return;
      }
      case 'emit':
        await this.deps.publisher.publish([
          {
            type: action.detailType,
            detail: {
              ...action.detail,
              customerId,
              workflowId: workflow.id,
              eventId: action.idempotencyKey,
              occurredAt: at,
            },
          },
        ]);
        return;
      case 'purge':
        // The purge function consumes it (functions/purge): the erasure runs there, once however often it is asked.
        await this.deps.publisher.publish([
          {
            type: 'Customer Purge Requested',
            detail: {
              customerId,
              reason: action.reason ?? `workflow ${workflow.id}`,
              workflowId: workflow.id,
              step: action.step,
              // The step checked the customer was silent since entering; the purge checks again as it runs.
              inactiveSince: enrollment.enrolledAt,
              eventId: action.idempotencyKey,
              occurredAt: at,
            },
          },
        ]);
        return;
      case 'exit':
      case 'convert':
        return; // counted in the report; nothing to do outside the enrollment
    }
  }
}
