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

export function makeTranslate(locale: Locale, messages: Messages): Translate {
  const cache = new Map<MessageKey, IntlMessageFormat>();
  const formatter = (key: MessageKey) => {
    let format = cache.get(key);
    if (!format) {
      // A missing key shows the key itself: visible in a page, caught by the catalogue test.
      format = new IntlMessageFormat(messages[key] ?? key, locale);
      cache.set(key, format);
    }
    return format;
  };
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
