import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };

describe('the pinned Node.js', () => {
  it('runs the tests on the major the project pins (the Lambda runtime, nodejs24.x)', () => {
    const pinned = packageJson.devDependencies.node.replace(/^\D*/, '').split('.')[0];
    expect(pinned).toBe('24');
    expect(process.versions.node.split('.')[0]).toBe(pinned);
  });
});
