import { Type } from 'typebox';
import { LANGUAGES, timeZones } from '../../contract/locale.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';

const Meta = Type.Object({
  serviceName: Type.String(),
  supportEmail: Type.String(),
  languages: Type.Array(Type.String()),
  timeZones: Type.Array(Type.String()),
  mailboxEnabled: Type.Boolean(),
});

/** What the browser needs before anyone signs in: names, allow-lists, the mailbox switch. */
export async function metaRoutes(app: App, ctx: AppContext): Promise<void> {
  const zones = timeZones();
  app.get('/meta', { schema: { tags: ['meta'], response: { 200: Meta } } }, async () => ({
    serviceName: ctx.config.serviceName,
    supportEmail: ctx.config.supportEmail,
    languages: [...LANGUAGES],
    timeZones: [...zones],
    mailboxEnabled: ctx.config.smtp.kind === 'mailbox',
  }));
}
