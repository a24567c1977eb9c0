import { Type } from 'typebox';
import type { App } from '../app.ts';
import { principalOf, requireSession } from '../auth/guard.ts';
import { startSession } from '../auth/sessions.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { ProfileChangesSchema, ProfileSchema } from './schemas.ts';
import {
  changePassword,
  disableOwnTotp,
  enableOwnTotp,
  loadProfile,
  updateProfile,
} from './service.ts';

const Password = Type.String({ minLength: 1, maxLength: 1024 });
const PasswordChangeBody = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);
const TotpDisableBody = Type.Object(
  { password: Password, code: Type.String({ maxLength: 16 }) },
  { additionalProperties: false },
);
const EmptyBody = Type.Object({}, { additionalProperties: false });

/** The signed-in account's own profile, password and two-factor switch, for every role. */
export async function profileRoutes(app: App, ctx: AppContext): Promise<void> {
  const signedIn = requireSession(ctx, { permission: 'editOwnProfile' });
  const tags = ['profile'];
  // Re-authentication guesses are throttled per account too; this bounds one address.
  const rateLimit = { max: ctx.config.signInRateLimitPerMinute, timeWindow: '1 minute' };

  app.get(
    '/profile',
    { schema: { tags, response: { 200: ProfileSchema } }, preHandler: signedIn },
    async (request) => loadProfile(ctx, principalOf(request).account.id),
  );

  app.patch(
    '/profile',
    {
      schema: { tags, body: ProfileChangesSchema, response: { 200: ProfileSchema } },
      preHandler: signedIn,
    },
    async (request) => {
      const result = await updateProfile(ctx, principalOf(request), request.body, request.ip);
      if (!result.ok) throw new AppError('validation_failed', result.fields);
      return result.profile;
    },
  );

  app.post(
    '/profile/password',
    {
      schema: { tags, body: PasswordChangeBody },
      config: { rateLimit },
      preHandler: signedIn,
    },
    async (request, reply) => {
      const result = await changePassword(
        ctx,
        principalOf(request),
        request.body,
        request.ip,
        (db, accountId, stage) => startSession(ctx, db, reply, accountId, stage),
      );

      if (result.ok) return reply.status(204).send();
      if ('throttled' in result) {
        throw new AppError('sign_in_throttled', [], {
          retryAfterSeconds: result.retryAfterSeconds,
        });
      }
      const code = result.field === 'newPassword' ? 'password_rejected' : 'validation_failed';
      throw new AppError(code, [{ field: result.field, rule: result.rule }]);
    },
  );

  app.post(
    '/profile/totp/enable',
    {
      schema: { tags, body: EmptyBody, response: { 200: ProfileSchema } },
      preHandler: signedIn,
    },
    async (request) => enableOwnTotp(ctx, principalOf(request), request.ip),
  );

  app.post(
    '/profile/totp/disable',
    {
      schema: { tags, body: TotpDisableBody, response: { 200: ProfileSchema } },
      config: { rateLimit },
      preHandler: signedIn,
    },
    async (request) => {
      const principal = principalOf(request);
      if (principal.account.role !== 'group_admin') throw new AppError('forbidden');

      const { password, code } = request.body;
      const result = await disableOwnTotp(
        ctx,
        principal,
        { password, code: code.replace(/\s+/g, '') },
        request.ip,
      );
      if (result.ok) return result.profile;
      if (result.refusal === 'throttled') {
        throw new AppError('sign_in_throttled', [], {
          retryAfterSeconds: result.retryAfterSeconds,
        });
      }
      if (result.refusal === 'invalid_code') throw new AppError('invalid_code');
      throw AppError.field('password', 'password_wrong');
    },
  );
}
