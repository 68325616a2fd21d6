import { createRuntime } from '../../shared/adapters/lambda/runtime.js';
import { loadConfig } from '../../shared/config.js';
import { createInboundHandler } from './inbound.js';

/** Subscribed to the inbound-replies SNS topic (two-way SMS and WhatsApp events). */
export const handler = createInboundHandler(createRuntime(loadConfig()));
