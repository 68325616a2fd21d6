/** `--only` of `npm run bench`: which top-level phases run. */

export class UnknownPhaseError extends Error {
  override readonly name = 'UnknownPhaseError';
}

/**
 * The phases `only` names (each value may list several, comma-separated), in the order of `valid`; all of them
 * when it names none. An unknown name is an error that lists the valid ones.
 */
export function selectPhases<T extends string>(only: readonly string[], valid: readonly T[]): T[] {
  const wanted = only
    .flatMap((o) => o.split(','))
    .map((o) => o.trim())
    .filter(Boolean);
  const unknown = wanted.filter((w) => !valid.some((v) => v === w));
  if (unknown.length) {
    throw new UnknownPhaseError(
      `unknown phase${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; the phases are: ${valid.join(', ')}`,
    );
  }
  return wanted.length ? valid.filter((v) => wanted.includes(v)) : [...valid];
}
