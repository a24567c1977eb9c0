import { Type } from 'typebox';
import { ACCOUNT_NOTICES, TOTP_STATES } from '../../contract/accounts.ts';

/*
 * The shapes of the account settings API (docs/api.md). Bodies refuse unknown fields, so
 * `organizationId` or `id` in a body is named back as `unknown_field`. Role, language and
 * time zone are plain strings here: the service checks them against their allow-lists and
 * names the rule (`role_forbidden`, `language`, `time_zone`).
 */

const closed = { additionalProperties: false } as const;

// Enum rather than a union of literals: one refusal per field, not one per allowed value.
const assignableRole = Type.Enum(['service_user', 'report_viewer', 'accountant']);

const email = Type.String({ maxLength: 254 });
const name = Type.String({ maxLength: 1000 });
const role = Type.String({ maxLength: 50 });
const language = Type.String({ maxLength: 10 });
const timeZone = Type.String({ maxLength: 100 });

export const accountIdParams = Type.Object({ id: Type.String({ maxLength: 100 }) }, closed);

export const accountSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: assignableRole,
  language: Type.String(),
  timeZone: Type.String(),
  totp: Type.Enum(TOTP_STATES),
  deliveryReport: Type.Boolean(),
  virusAlert: Type.Boolean(),
  locked: Type.Boolean(),
  lastSignInAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export const newAccountBody = Type.Object(
  {
    email,
    name,
    role,
    language,
    timeZone,
    totp: Type.Optional(Type.Boolean()),
    deliveryReport: Type.Optional(Type.Boolean()),
    virusAlert: Type.Optional(Type.Boolean()),
  },
  closed,
);

export const accountChangesBody = Type.Object(
  {
    email: Type.Optional(email),
    name: Type.Optional(name),
    role: Type.Optional(role),
    language: Type.Optional(language),
    timeZone: Type.Optional(timeZone),
    totp: Type.Optional(Type.Boolean()),
    deliveryReport: Type.Optional(Type.Boolean()),
    virusAlert: Type.Optional(Type.Boolean()),
    locked: Type.Optional(Type.Boolean()),
  },
  closed,
);

export const deletionBody = Type.Object({ password: Type.String({ maxLength: 1000 }) }, closed);

/** The list's filters; query values arrive as text, so flags and numbers are text here. */
const listFilters = {
  q: Type.Optional(Type.String({ maxLength: 254 })),
  role: Type.Optional(assignableRole),
  locked: Type.Optional(Type.Enum(['true', 'false'])),
  sort: Type.Optional(Type.Enum(['email', 'name', 'lastSignInAt'])),
  order: Type.Optional(Type.Enum(['asc', 'desc'])),
};

export const accountListQuery = Type.Object(
  {
    ...listFilters,
    after: Type.Optional(Type.String({ maxLength: 2000 })),
    before: Type.Optional(Type.String({ maxLength: 2000 })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
  },
  closed,
);

export const accountCsvQuery = Type.Object(listFilters, closed);

export const noticesSchema = Type.Array(Type.Enum(ACCOUNT_NOTICES));
