import { loadConfig } from '../../shared/platform/config.js';
import { createRuntime } from '../../shared/platform/lambda/runtime.js';
import { createInboundHandler } from './inbound.js';

/** Subscribed to the inbound-replies SNS topic (two-way SMS and WhatsApp events). */
export const handler = createInboundHandler(createRuntime(loadConfig(), { service: 'inbound' }));
