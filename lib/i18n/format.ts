// Formatting one message of a catalogue with FormatJS intl-messageformat (ICU MessageFormat:
// placeholders, plurals by the language's CLDR rules, `<b>` tags). Safe in client components: it
// takes the messages as an argument and imports no catalogue itself.
import { IntlMessageFormat } from "intl-messageformat";
import { Children } from "react";
import type { MessageKey } from "./messages/en";
import type { Locale } from "./locales";

export type { MessageKey };
export type Messages = Partial<Record<MessageKey, string>>;
export type Values = Record<string, string | number>;
/** Values of a rich message: tags (`b`) are functions from their content to a React node. */
export type RichValues = Record<string, string | number | ((chunks: React.ReactNode[]) => React.ReactNode)>;

export interface Translate {
  (key: MessageKey, values?: Values): string;
  /** A message with `<b>…</b>`-style tags rendered by the given functions. */
  rich(key: MessageKey, values: RichValues): React.ReactNode;
  /** Whether the catalogue has `key` (for codes that arrive from outside, e.g. `?error=`). */
  has(key: string): key is MessageKey;
  locale: Locale;
}

// Compiled messages, shared by every translator of the process: client components' translators are
// made per render (I18nProvider), and compiling a message cost more than formatting it. Keyed by
// language and the message's own text, so it is bounded by the catalogues.
const compiled = new Map<string, IntlMessageFormat>();

function compile(text: string, locale: Locale): IntlMessageFormat {
  const id = `${locale}\u0000${text}`;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat(text, locale);
    compiled.set(id, format);
  }
  return format;
}

export function makeTranslate(locale: Locale, messages: Messages): Translate {
  // A missing key shows the key itself: visible in a page, caught by the catalogue test.
  const formatter = (key: MessageKey) => compile(messages[key] ?? key, locale);
  const t = ((key: MessageKey, values?: Values) => String(formatter(key).format(values))) as Translate;
  t.rich = (key, values) => {
    const out = (formatter(key).format as (values: RichValues) => React.ReactNode)(values);
    // Children.toArray keys the parts (a tag's element sits in an array next to plain text).
    return Array.isArray(out) ? Children.toArray(out) : out;
  };
  t.has = (key: string): key is MessageKey => Object.hasOwn(messages, key);
  t.locale = locale;
  return t;
}
