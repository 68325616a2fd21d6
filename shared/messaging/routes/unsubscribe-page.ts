import type { MessageChannel } from '../../workflow/core/schema/workflow.js';
import type { UnsubscribeView } from '../core/unsubscribe-service.js';

/** The preference page behind an unsubscribe link, in English, Arabic or Persian (right to left). */

interface Strings {
  readonly title: string;
  readonly channel: Readonly<Record<MessageChannel, string>>;
  readonly confirm: (channel: string) => string;
  readonly button: string;
  readonly nothingYet: string;
  readonly done: (channel: string) => string;
  readonly refused: Readonly<Record<'tampered' | 'expired' | 'malformed', string>>;
  readonly useNewer: string;
}

const strings: Readonly<Record<'en' | 'ar' | 'fa', Strings>> = {
  en: {
    title: 'Unsubscribe',
    channel: { email: 'marketing emails', sms: 'marketing text messages', whatsapp: 'marketing WhatsApp messages' },
    confirm: (channel) => `Stop receiving ${channel} from us?`,
    button: 'Unsubscribe',
    nothingYet: 'Nothing changes until you press the button.',
    done: (channel) => `You are unsubscribed: no more ${channel} from us.`,
    refused: {
      tampered: 'This link has been altered',
      expired: 'This link has expired',
      malformed: 'This link is not valid',
    },
    useNewer: 'To unsubscribe, use the link in a more recent message from us.',
  },
  ar: {
    title: 'إلغاء الاشتراك',
    channel: {
      email: 'الرسائل التسويقية عبر البريد الإلكتروني',
      sms: 'الرسائل النصية التسويقية',
      whatsapp: 'الرسائل التسويقية عبر واتساب',
    },
    confirm: (channel) => `هل تريد التوقف عن تلقي ${channel} منا؟`,
    button: 'إلغاء الاشتراك',
    nothingYet: 'لن يتغير شيء حتى تضغط على الزر.',
    done: (channel) => `تم إلغاء اشتراكك. لن تصلك ${channel} منا بعد الآن.`,
    refused: {
      tampered: 'تم التلاعب بهذا الرابط',
      expired: 'انتهت صلاحية هذا الرابط',
      malformed: 'هذا الرابط غير صالح',
    },
    useNewer: 'لإلغاء الاشتراك، استخدم الرابط الموجود في رسالة أحدث منا.',
  },
  fa: {
    title: 'لغو اشتراک',
    channel: { email: 'ایمیل‌های تبلیغاتی', sms: 'پیامک‌های تبلیغاتی', whatsapp: 'پیام‌های تبلیغاتی واتس‌اپ' },
    confirm: (channel) => `آیا می‌خواهید دیگر ${channel} ما را دریافت نکنید؟`,
    button: 'لغو اشتراک',
    nothingYet: 'تا دکمه را نزنید چیزی تغییر نمی‌کند.',
    done: (channel) => `اشتراک شما لغو شد. دیگر ${channel} از ما دریافت نخواهید کرد.`,
    refused: {
      tampered: 'این پیوند دستکاری شده است',
      expired: 'این پیوند منقضی شده است',
      malformed: 'این پیوند معتبر نیست',
    },
    useNewer: 'برای لغو اشتراک، از پیوند موجود در پیام جدیدتری از ما استفاده کنید.',
  },
};

type Language = keyof typeof strings;
const isLanguage = (tag: string): tag is Language => tag in strings;

/** The customer's locale when known, else the browser's first language we have, else English. */
export function pageLanguage(locale: string | null, acceptLanguage: string | undefined): Language {
  const candidates = [locale ?? '', ...(acceptLanguage ?? '').split(',').map((part) => part.split(';')[0] ?? '')];
  for (const candidate of candidates) {
    const language = candidate.trim().toLowerCase().split(/[-_]/)[0] ?? '';
    if (isLanguage(language)) return language;
  }
  return 'en';
}

/** The whole page for a view: the confirmation with its POST button, the result, or why the link was refused. */
export function unsubscribePage(view: UnsubscribeView, language: Language): string {
  const t = strings[language];
  let main: string;
  switch (view.outcome) {
    case 'confirm':
      // No action attribute: the form posts to this same URL, as a mail client's one-click would.
      main = `<h1>${t.title}</h1>
<p>${escapeHtml(t.confirm(t.channel[view.channel]))}</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${t.button}</button></form>
<p class="note">${t.nothingYet}</p>`;
      break;
    case 'unsubscribed':
      main = `<h1>${t.title}</h1>
<p>${escapeHtml(t.done(t.channel[view.channel]))}</p>`;
      break;
    case 'refused':
      main = `<h1>${t.refused[view.problem]}</h1>
<p>${t.useNewer}</p>
<p class="note" lang="en" dir="ltr">${escapeHtml(view.message)}</p>`;
      break;
  }
  const dir = language === 'en' ? 'ltr' : 'rtl';
  return `<!doctype html>
<html lang="${language}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${t.title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#222}
button{font:inherit;padding:.6rem 1.4rem;border:0;border-radius:.3rem;background:#222;color:#fff;cursor:pointer}
.note{color:#666;font-size:.9rem}</style>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
