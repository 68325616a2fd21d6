import type { MessageChannel } from '../../../workflow/core/schema/workflow.js';

/** The file of each channel in a template folder: `<locale>.mjml`, `<locale>.sms.txt`, `<locale>.whatsapp.txt`. */
export const channelSuffix: Readonly<Record<MessageChannel, string>> = {
  email: '.mjml',
  sms: '.sms.txt',
  whatsapp: '.whatsapp.txt',
};

export const defaultLocale = 'en';

// Scripts written right to left; the brief's four plus their close neighbours.
const rightToLeft = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'yi', 'ckb', 'dv']);

/** A BCP-47 tag in canonical case (`ar_sa` -> `ar-SA`), or null when it is not one. */
export function canonicalLocale(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    return Intl.getCanonicalLocales(raw.trim().replace(/_/g, '-'))[0] ?? null;
  } catch {
    return null;
  }
}

export const languageOf = (locale: string): string => new Intl.Locale(locale).language;

export const directionOf = (locale: string): 'rtl' | 'ltr' => (rightToLeft.has(languageOf(locale)) ? 'rtl' : 'ltr');

/** Locales to try, best first: exact (`ar-SA`), then the language (`ar`), then English. */
export function localeCandidates(locale: string | null | undefined): string[] {
  const canonical = canonicalLocale(locale);
  const candidates = canonical ? [canonical, languageOf(canonical)] : [];
  candidates.push(defaultLocale);
  return [...new Set(candidates)];
}

export interface ChosenFile {
  readonly file: string;
  /** The locale of the file (`ar` for `ar.mjml`). */
  readonly locale: string;
}

/** The file for `channel` in the best locale for the customer; null when the folder has none in any candidate. */
export function chooseFile(
  files: Iterable<string>,
  channel: MessageChannel,
  locale: string | null | undefined,
): ChosenFile | null {
  const suffix = channelSuffix[channel];
  const byLocale = new Map<string, string>();
  for (const file of files) {
    if (!file.endsWith(suffix)) continue;
    const fileLocale = canonicalLocale(file.slice(0, -suffix.length));
    // `en.sms.txt` also ends in `.txt` of other channels, but never in another channel's full suffix.
    if (fileLocale) byLocale.set(fileLocale.toLowerCase(), file);
  }
  for (const candidate of localeCandidates(locale)) {
    const file = byLocale.get(candidate.toLowerCase());
    if (file) return { file, locale: candidate };
  }
  return null;
}

/**
 * The locale numbers, money and dates are formatted in: the customer's own (ar-SA: Arabic-Indic digits) when the
 * template is in their language, else the template's (an English fallback text gets English numbers).
 */
export function formattingLocale(customerLocale: string | null | undefined, templateLocale: string): string {
  const canonical = canonicalLocale(customerLocale);
  return canonical && languageOf(canonical) === languageOf(templateLocale) ? canonical : templateLocale;
}
