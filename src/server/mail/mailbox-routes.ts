import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { listMailbox, readMailboxMessage } from './mailbox.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const entryProperties = {
  id: Type.String(),
  receivedAt: Type.String(),
  from: Type.String(),
  to: Type.String(),
  subject: Type.String(),
};

/**
 * The built-in mailbox (docs/api.md, "Built-in mailbox"): mounted only in the embedded setup
 * and answering only requests from this machine. No session: it is a local tool of whoever
 * runs the embedded setup, who can read the database file anyway.
 */
export async function mailboxRoutes(app: App, ctx: AppContext): Promise<void> {
  const onRequest = async (request: FastifyRequest) => {
    if (!fromThisMachine(request)) throw new AppError('not_found');
  };
  const tags = ['mailbox'];

  app.get(
    '/mailbox',
    {
      onRequest,
      schema: {
        tags,
        response: { 200: Type.Object({ messages: Type.Array(Type.Object(entryProperties)) }) },
      },
    },
    async () => ({ messages: await listMailbox(ctx) }),
  );

  app.get(
    '/mailbox/:id',
    {
      onRequest,
      schema: {
        tags,
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 200: Type.Object({ ...entryProperties, text: Type.String() }) },
      },
    },
    async (request) => {
      const message = await readMailboxMessage(ctx, request.params.id);
      if (!message) throw new AppError('not_found');
      return message;
    },
  );
}

/**
 * Both the connection and the client address Fastify settled on must be loopback: with
 * TRUST_PROXY on, request.ip comes from X-Forwarded-For, which a remote client can write.
 */
function fromThisMachine(request: FastifyRequest): boolean {
  return LOOPBACK.has(request.ip) && LOOPBACK.has(request.socket.remoteAddress ?? '');
}
