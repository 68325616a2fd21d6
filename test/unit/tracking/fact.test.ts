import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/platform/errors.js';
import { storefrontExamples } from '../../../shared/schemas/examples.js';
import { parseTrackedFact } from '../../../shared/tracking/core/fact.js';
import { toWorkflowEvent } from '../../../shared/workflow/core/executor/workflow-event.js';
import { envelope } from '../../helpers/events.js';

describe('a storefront event put with Rekindle’s own source', () => {
  const impostor = envelope('rekindle', 'Customer Registered', storefrontExamples['Customer Registered']);

  it('is refused naming the source, by loyalty and workflows alike (only tracking publishes facts)', () => {
    for (const read of [() => parseTrackedFact(impostor), () => toWorkflowEvent(impostor)]) {
      let error: unknown;
      try {
        read();
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        { path: 'source', message: expect.stringContaining("'rekindle' is reserved for Rekindle's own events") },
      ]);
    }
  });
});
