/** Input the lifetime-value models cannot use (a malformed day, a negative horizon); a caller's mistake, not data. */
export class ClvInputError extends Error {
  override name = 'ClvInputError';
}
