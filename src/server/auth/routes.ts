import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { Type } from 'typebox';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { sha256 } from '../crypto.ts';
import { AppError } from '../errors.ts';
import { ProfileSchema } from '../profile/schemas.ts';
import { loadProfile } from '../profile/service.ts';
import { principalOf, requireSession } from './guard.ts';
import { endSession, sessionCookieName, startSession } from './sessions.ts';
import {
  type CodeResult,
  chooseNewPassword,
  confirmTotpSetup,
  type OpenSession,
  signIn,
  signInWithCode,
  totpSetupKey,
} from './sign-in.ts';

const Stage = Type.Union([
  Type.Literal('password_change'),
  Type.Literal('totp_setup'),
  Type.Literal('totp'),
  Type.Literal('active'),
]);
const StageAnswer = Type.Object({ stage: Stage });

/** Bounds that stop a huge body from reaching the hash, without telling anything. */
const Email = Type.String({ minLength: 1, maxLength: 320 });
const Password = Type.String({ minLength: 1, maxLength: 1024 });
const Code = Type.String({ minLength: 1, maxLength: 16 });

const SignInBody = Type.Object(
  { email: Email, password: Password },
  { additionalProperties: false },
);
const NewPasswordBody = Type.Object({ newPassword: Password }, { additionalProperties: false });
const CodeBody = Type.Object({ code: Code }, { additionalProperties: false });
const TotpSetup = Type.Object({ uri: Type.String(), secret: Type.String(), qrCode: Type.String() });
const SessionAnswer = Type.Object({
  stage: Stage,
  account: Type.Union([ProfileSchema, Type.Object({ email: Type.String() })]),
});

/**
 * Signing in stage by stage, signing out, and the current session. Each step that moves a
 * stage replaces the session cookie with a new token.
 */
export async function authRoutes(app: App, ctx: AppContext): Promise<void> {
  // Per client address, on top of the per-login throttling of the sign-in service.
  const rateLimit = { max: ctx.config.signInRateLimitPerMinute, timeWindow: '1 minute' };
  const tags = ['auth'];

  app.post(
    '/auth/sign-in',
    {
      schema: { tags, body: SignInBody, response: { 200: StageAnswer } },
      config: { rateLimit },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const result = await signIn(
        ctx,
        { email, password, clientAddress: request.ip },
        sessionOpener(ctx, reply, replacedSession(ctx, request)),
      );

      if (result.ok) return { stage: result.stage };
      switch (result.reason) {
        case 'throttled':
          throw throttled(result.retryAfterSeconds);
        case 'locked':
          throw new AppError('account_locked');
        case 'temporary_password_expired':
          throw AppError.field('password', 'temporary_password_expired');
        case 'invalid_credentials':
          throw new AppError('invalid_credentials');
      }
    },
  );

  app.post(
    '/auth/new-password',
    {
      schema: { tags, body: NewPasswordBody, response: { 200: StageAnswer } },
      config: { rateLimit },
      preHandler: requireSession(ctx, { stage: 'password_change' }),
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const result = await chooseNewPassword(
        ctx,
        principal.account.id,
        request.body.newPassword,
        request.ip,
        sessionOpener(ctx, reply, principal.sessionId),
      );

      if (!result.ok) {
        throw new AppError('password_rejected', [{ field: 'newPassword', rule: result.rule }]);
      }
      return { stage: result.stage };
    },
  );

  app.get(
    '/auth/totp-setup',
    {
      schema: { tags, response: { 200: TotpSetup } },
      preHandler: requireSession(ctx, { stage: 'totp_setup' }),
    },
    async (request) => {
      const { uri, secret } = await totpSetupKey(ctx, principalOf(request).account.id);
      return { uri, secret, qrCode: await qrCodeDataUrl(uri) };
    },
  );

  app.post(
    '/auth/totp-setup',
    {
      schema: { tags, body: CodeBody, response: { 200: StageAnswer } },
      config: { rateLimit },
      preHandler: requireSession(ctx, { stage: 'totp_setup' }),
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const result = await confirmTotpSetup(
        ctx,
        principal.account.id,
        normalizeCode(request.body.code),
        request.ip,
        sessionOpener(ctx, reply, principal.sessionId),
      );
      return stageOrRefusal(result);
    },
  );

  app.post(
    '/auth/totp',
    {
      schema: { tags, body: CodeBody, response: { 200: StageAnswer } },
      config: { rateLimit },
      preHandler: requireSession(ctx, { stage: 'totp' }),
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const result = await signInWithCode(
        ctx,
        principal.account.id,
        normalizeCode(request.body.code),
        request.ip,
        sessionOpener(ctx, reply, principal.sessionId),
      );
      return stageOrRefusal(result);
    },
  );

  app.post(
    '/auth/sign-out',
    { schema: { tags }, preHandler: requireSession(ctx, { stage: 'any' }) },
    async (request, reply) => {
      await endSession(ctx, reply, principalOf(request).sessionId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/session',
    {
      schema: { tags, response: { 200: SessionAnswer } },
      preHandler: requireSession(ctx, { stage: 'any' }),
    },
    async (request) => {
      const principal = principalOf(request);
      if (principal.stage !== 'active') {
        return { stage: principal.stage, account: { email: principal.account.email } };
      }
      return { stage: principal.stage, account: await loadProfile(ctx, principal.account.id) };
    },
  );
}

/** Starts the next stage's session with a new token, replacing the one the request had. */
function sessionOpener(
  ctx: AppContext,
  reply: FastifyReply,
  replacing: string | undefined,
): OpenSession {
  return (db, accountId, stage) => startSession(ctx, db, reply, accountId, stage, replacing);
}

/** A sign-in from a browser that still holds a session replaces that session. */
function replacedSession(ctx: AppContext, request: FastifyRequest): string | undefined {
  const token = request.cookies[sessionCookieName(ctx)];
  return token ? sha256(token) : undefined;
}

/** Authenticator apps show codes as `123 456`; people paste them that way. */
function normalizeCode(code: string): string {
  return code.replace(/\s+/g, '');
}

function stageOrRefusal(result: CodeResult): { stage: 'active' } {
  if (result.ok) return { stage: 'active' };
  if (result.reason === 'throttled') throw throttled(result.retryAfterSeconds);
  throw new AppError('invalid_code');
}

function throttled(retryAfterSeconds: number): AppError {
  return new AppError('sign_in_throttled', [], { retryAfterSeconds });
}

/** The QR code of the URI as an SVG data URL, which the CSP's `img-src data:` allows. */
async function qrCodeDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
