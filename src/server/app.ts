import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import type { ErrorBody, FieldError } from '../contract/errors.ts';
import { type Language, languageFromPreferences } from '../contract/locale.ts';
import { accountRoutes } from './accounts/routes.ts';
import { authRoutes } from './auth/routes.ts';
import type { AppContext } from './context.ts';
import { AppError, type FieldProblem } from './errors.ts';
import { mailboxRoutes } from './mail/mailbox-routes.ts';
import { errorMessage, fieldMessage } from './messages.ts';
import { metaRoutes } from './meta/routes.ts';
import { profileRoutes } from './profile/routes.ts';

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Where `vite build` puts the browser app. */
export const WEB_ROOT = join(import.meta.dirname, '../../dist/web');

/**
 * Builds the HTTP app: security headers, cookies, CSRF and rate limits first, then each
 * capability's routes, then the browser app for every other GET.
 */
export async function buildApp(ctx: AppContext): Promise<App> {
  const app: App = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    trustProxy: ctx.config.trustProxy,
    ajv: {
      // Unknown fields are refused, not silently dropped, and every problem is reported.
      customOptions: { removeAdditional: false, allErrors: true, coerceTypes: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('principal', null);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // HSTS only means something over HTTPS; on http://localhost it would be ignored anyway.
    strictTransportSecurity: ctx.config.publicUrl.protocol === 'https:',
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Mailroom API', version: '0.1.0' },
      servers: [{ url: ctx.config.publicUrl.origin }],
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    rejectCrossSiteWrite(ctx, request);
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const language = requestLanguage(request);
    const appError = toAppError(error);
    if (appError.code === 'internal') {
      request.log.error({ err: error }, 'request failed');
    }
    if (appError.details.retryAfterSeconds !== undefined) {
      reply.header('retry-after', String(appError.details.retryAfterSeconds));
    }
    const body: ErrorBody = {
      error: {
        code: appError.code,
        message: errorMessage(language, appError.code, {
          seconds: appError.details.retryAfterSeconds ?? 0,
        }),
        ...(appError.fields.length > 0 && {
          fields: appError.fields.map(
            (field): FieldError => ({
              field: field.field,
              rule: field.rule,
              message: fieldMessage(language, field.rule, field.params),
            }),
          ),
        }),
        ...(appError.details.retryAfterSeconds !== undefined && {
          retryAfterSeconds: appError.details.retryAfterSeconds,
        }),
      },
    };
    return reply.status(appError.status).send(body);
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await ctx.db.selectFrom('organizations').select('id').limit(1).execute();
      return { status: 'ready' };
    } catch (error) {
      ctx.logger.warn({ err: error }, 'database not ready');
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  await app.register(
    async (api) => {
      await metaRoutes(api as App, ctx);
      await authRoutes(api as App, ctx);
      await profileRoutes(api as App, ctx);
      await accountRoutes(api as App, ctx);
      if (ctx.config.smtp.kind === 'mailbox') await mailboxRoutes(api as App, ctx);
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
      api.all('/*', { schema: { hide: true } }, async () => {
        throw new AppError('not_found');
      });
    },
    { prefix: '/api' },
  );

  await serveWebApp(app);
  return app;
}

/**
 * CSRF defence for cookie-authenticated writes: a state-changing request must come from
 * this origin, which browsers state in Sec-Fetch-Site and Origin and pages cannot forge.
 */
function rejectCrossSiteWrite(ctx: AppContext, request: FastifyRequest): void {
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite !== undefined) {
    if (fetchSite !== 'same-origin') throw new AppError('csrf_rejected');
    return;
  }
  const origin = request.headers.origin;
  const ownOrigins = [ctx.config.publicUrl.origin, `${request.protocol}://${request.host}`];
  if (!origin || !ownOrigins.includes(origin)) throw new AppError('csrf_rejected');
}

/** The language to answer in: the signed-in account's, else the browser's. */
export function requestLanguage(request: FastifyRequest): Language {
  return (
    request.principal?.account.language ??
    languageFromPreferences(request.headers['accept-language'])
  );
}

function toAppError(error: FastifyError | AppError): AppError {
  if (error instanceof AppError) return error;
  if (error.validation) {
    return new AppError('validation_failed', error.validation.map(validationProblem));
  }
  if (error.statusCode === 429) return new AppError('rate_limited', [], { retryAfterSeconds: 60 });
  if (error.statusCode === 415 || error.statusCode === 400) {
    return new AppError('validation_failed', [{ field: 'body', rule: 'invalid_format' }]);
  }
  if (error.statusCode === 404) return new AppError('not_found');
  return new AppError('internal', [], {}, { cause: error });
}

interface AjvProblem {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** Words an Ajv problem as a field and a rule the messages know. */
function validationProblem(problem: AjvProblem): FieldProblem {
  const path = problem.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const limit = Number(problem.params.limit ?? 0);
  switch (problem.keyword) {
    case 'required':
      return { field: joinPath(path, String(problem.params.missingProperty)), rule: 'required' };
    case 'additionalProperties':
      return {
        field: joinPath(path, String(problem.params.additionalProperty)),
        rule: 'unknown_field',
      };
    case 'minLength':
      return limit <= 1
        ? { field: path, rule: 'required' }
        : { field: path, rule: 'too_short', params: { limit } };
    case 'maxLength':
      return { field: path, rule: 'too_long', params: { limit } };
    case 'format':
      return {
        field: path,
        rule: problem.params.format === 'email' ? 'invalid_email' : 'invalid_format',
      };
    case 'enum':
    case 'const':
    case 'anyOf':
      return { field: path, rule: 'not_allowed' };
    case 'type':
      return { field: path, rule: 'wrong_type' };
    default:
      return { field: path, rule: 'invalid_format' };
  }
}

function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Serves the built browser app, and its index.html for every client-side route. */
async function serveWebApp(app: App): Promise<void> {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    app.log.warn({ webRoot: WEB_ROOT }, 'browser app not built; run npm run build:web');
    return;
  }
  await app.register(fastifyStatic, { root: WEB_ROOT, wildcard: false, index: false });
  app.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' || request.url.startsWith('/api/')) {
      throw new AppError('not_found');
    }
    return reply.type('text/html').sendFile('index.html');
  });
}
