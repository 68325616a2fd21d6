import { storefrontDetailTypes } from '../routing.js';

/**
 * The reason a storefront event of a detail-type outside the contract is parked, naming the nearest known type
 * (a typo such as "Order Complete" or "order completed"), or listing them all when none is near.
 */
export function unknownDetailTypeReason(detailType: string): string {
  const nearest = nearestKnown(detailType);
  const hint = nearest
    ? `did you mean "${nearest}"?`
    : `the storefront event types are: ${storefrontDetailTypes.map((t) => `"${t}"`).join(', ')}`;
  return `unknown event type "${detailType}", ${hint}`;
}

/** True for a detail-type a storefront may send. */
export const isStorefrontDetailType = (detailType: string): boolean =>
  storefrontDetailTypes.some((known) => known === detailType);

function nearestKnown(detailType: string): string | null {
  const wanted = detailType.trim().toLowerCase();
  let best: { type: string; distance: number } | null = null;
  for (const type of storefrontDetailTypes) {
    const distance = editDistance(wanted, type.toLowerCase());
    if (best === null || distance < best.distance) best = { type, distance };
  }
  // Near enough to be a typo: a few edits, and less than half the name.
  return best && best.distance <= Math.min(4, Math.floor(best.type.length / 2)) ? best.type : null;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
