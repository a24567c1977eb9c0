import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { can, type Permission } from '../../contract/roles.ts';
import type { AppContext } from '../context.ts';
import type { SessionStage } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { findSession, type Principal } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/**
 * A preHandler that lets a request through only with a session at `stage` (by default a
 * fully signed-in one; `any` for sign-out and the session itself) and, when given, a role
 * that has `permission`. It puts the session on `request.principal`; the organization every
 * query is scoped by comes from there.
 */
export function requireSession(
  ctx: AppContext,
  options: { stage?: SessionStage | 'any'; permission?: Permission } = {},
): preHandlerAsyncHookHandler {
  const stage = options.stage ?? 'active';
  return async (request) => {
    const principal = await findSession(ctx, request);
    if (!principal) throw new AppError('unauthenticated');
    if (stage !== 'any' && principal.stage !== stage) {
      throw new AppError(stage === 'active' ? 'unauthenticated' : 'wrong_stage');
    }
    if (options.permission && !can(principal.account.role, options.permission)) {
      throw new AppError('forbidden');
    }
    request.principal = principal;
  };
}

/** The principal a `requireSession` preHandler put on the request. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route is missing its requireSession preHandler');
  return request.principal;
}
