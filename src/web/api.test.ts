import { describe, expect, it } from 'vitest';
import { errorFromResponse } from './api.ts';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

describe('errorFromResponse', () => {
  it('keeps the code, the message and each field message of an API error', async () => {
    const error = await errorFromResponse(
      jsonResponse(400, {
        error: {
          code: 'password_rejected',
          message: '別のパスワードを選んでください。',
          fields: [
            { field: 'newPassword', rule: 'password_common', message: 'よく使われています。' },
          ],
        },
      }),
    );

    expect(error.status).toBe(400);
    expect(error.code).toBe('password_rejected');
    expect(error.message).toBe('別のパスワードを選んでください。');
    expect(error.fieldMessages()).toEqual({ newPassword: 'よく使われています。' });
  });

  it('keeps how long a throttled sign-in has to wait', async () => {
    const error = await errorFromResponse(
      jsonResponse(429, {
        error: {
          code: 'sign_in_throttled',
          message: 'Try again in 60 seconds.',
          retryAfterSeconds: 60,
        },
      }),
    );

    expect(error.retryAfterSeconds).toBe(60);
    expect(error.fields).toEqual([]);
  });

  it('turns an answer that is not the API JSON, such as a proxy error page, into internal', async () => {
    const error = await errorFromResponse(
      new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );

    expect(error.status).toBe(502);
    expect(error.code).toBe('internal');
  });
});
