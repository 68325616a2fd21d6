import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { repliesFromSns } from '../../shared/messaging/adapters/inbound-replies.js';
import { handleReply } from '../../shared/messaging/core/opt-out.js';
import { DynamoOptOuts } from '../../shared/messaging/store/opt-outs.js';
import type { Runtime } from '../../shared/platform/lambda/runtime.js';

export interface InboundOutcome {
  readonly replies: number;
  readonly optedOut: number;
}

/**
 * Texts customers send back (SNS: End User Messaging SMS two-way, Social's WhatsApp events): STOP and its kin
 * revoke consent for that channel and suppress the number on it. Each write is idempotent, so SNS redelivering a
 * reply changes nothing; a malformed notification fails the invocation (retried, then parked in the DLQ).
 */
export const createInboundHandler = (rt: Runtime) => {
  const optOuts = new DynamoOptOuts(rt.db, rt.table, rt.tracking);
  return middy<unknown, InboundOutcome>()
    .use(injectLambdaContext(rt.logger))
    .handler(async (event) => {
      const replies = repliesFromSns(event);
      let optedOut = 0;
      for (const reply of replies) {
        const outcome = await handleReply(optOuts, reply);
        if (!outcome.optedOut) continue;
        optedOut++;
        // No number or text in the logs: the channel, the keyword and whether the customer was known.
        rt.logger.info('opted out by reply', {
          channel: reply.channel,
          keyword: outcome.keyword,
          knownCustomer: outcome.customerId !== null,
        });
      }
      return { replies: replies.length, optedOut };
    });
};
