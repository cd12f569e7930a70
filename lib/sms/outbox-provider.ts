// The development outbox: messages are stored in the database and shown at /dev/outbox, never sent.
import { db } from "@/lib/db";
import type { SmsProvider } from "./types";

export const outboxProvider: SmsProvider = {
  name: "outbox",
  async send(to, body) {
    const message = await db().smsMessage.create({ data: { to, body, provider: "outbox" } });
    return { providerMessageId: message.id };
  },
};
