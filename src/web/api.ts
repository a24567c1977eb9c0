import type { ErrorBody, ErrorCode, FieldError } from '../contract/errors.ts';
import type { Language } from '../contract/locale.ts';
import type { MailboxEntry, MailboxMessage } from '../contract/mailbox.ts';
import type { Profile } from '../contract/profile.ts';

/*
 * The browser's client of the HTTP API described in docs/api.md: one typed function per
 * endpoint on top of a small fetch wrapper.
 */

/** An error answer of the API, with its message already in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields: readonly FieldError[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The field messages keyed by field name, as a form shows them next to each field. */
  fieldMessages(): Record<string, string> {
    return Object.fromEntries(this.fields.map((field) => [field.field, field.message]));
  }
}

let handleUnauthenticated: () => void = () => {};

/**
 * Sets what happens when the server says the session is gone (401 on any call but a failed
 * sign-in): the app sends the user to the sign-in page.
 */
export function onUnauthenticated(handler: () => void): void {
  handleUnauthenticated = handler;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Calls the API with JSON and the session cookie; error answers become an `ApiError`. */
export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api${path}`, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

  if (!response.ok) {
    const error = await errorFromResponse(response);
    if (error.status === 401 && error.code !== 'invalid_credentials') handleUnauthenticated();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Reads an error answer; one that is not the API's JSON (a proxy page) becomes `internal`. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as Partial<ErrorBody> | null;
  const error = body?.error;
  if (!error || typeof error.code !== 'string') {
    return new ApiError(response.status, 'internal', response.statusText);
  }
  return new ApiError(
    response.status,
    error.code,
    error.message,
    error.fields ?? [],
    error.retryAfterSeconds,
  );
}

/** How far a session has come through signing in. */
export type SessionStage = 'password_change' | 'totp_setup' | 'totp' | 'active';

export interface Meta {
  serviceName: string;
  supportEmail: string;
  languages: Language[];
  timeZones: string[];
  mailboxEnabled: boolean;
}

export interface Session {
  stage: SessionStage;
  /** The whole profile once active; only the email before. */
  account: Partial<Profile> & { email: string };
}

export interface ProfileChanges {
  name?: string;
  language?: Language;
  timeZone?: string;
  deliveryReport?: boolean;
  virusAlert?: boolean;
}

export interface TotpSetup {
  uri: string;
  secret: string;
  /** The QR code of `uri` as an SVG data URL. */
  qrCode: string;
}

interface StageAnswer {
  stage: SessionStage;
}

/** The endpoints of docs/api.md, grouped as the document groups them. */
export const api = {
  meta: () => request<Meta>('GET', '/meta'),

  session: () => request<Session>('GET', '/session'),
  signIn: (email: string, password: string) =>
    request<StageAnswer>('POST', '/auth/sign-in', { email, password }),
  chooseNewPassword: (newPassword: string) =>
    request<StageAnswer>('POST', '/auth/new-password', { newPassword }),
  totpSetup: () => request<TotpSetup>('GET', '/auth/totp-setup'),
  confirmTotpSetup: (code: string) => request<StageAnswer>('POST', '/auth/totp-setup', { code }),
  verifyTotp: (code: string) => request<StageAnswer>('POST', '/auth/totp', { code }),
  signOut: () => request<void>('POST', '/auth/sign-out'),

  profile: () => request<Profile>('GET', '/profile'),
  updateProfile: (changes: ProfileChanges) => request<Profile>('PATCH', '/profile', changes),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/profile/password', { currentPassword, newPassword }),
  enableTotp: () => request<Profile>('POST', '/profile/totp/enable', {}),
  disableTotp: (password: string, code: string) =>
    request<Profile>('POST', '/profile/totp/disable', { password, code }),

  mailbox: () => request<{ messages: MailboxEntry[] }>('GET', '/mailbox'),
  mailboxMessage: (id: string) =>
    request<MailboxMessage>('GET', `/mailbox/${encodeURIComponent(id)}`),
};
