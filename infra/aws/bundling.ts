/**
 * Modules left out of every function bundle. mjml's minifier can load a TypeScript config through cosmiconfig;
 * Rekindle never does, and the compiler would be 3.5 MB of every bundle that renders email. Shared by the CDK
 * construct and `npm run bench`, which measures the same bundles.
 */
export const bundleExternals: string[] = ['typescript'];
