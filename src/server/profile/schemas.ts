import { Type } from 'typebox';

/** The signed-in account's own profile, as `GET /api/profile` and `GET /api/session` answer. */
export const ProfileSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Type.Union([
    Type.Literal('group_admin'),
    Type.Literal('service_user'),
    Type.Literal('report_viewer'),
    Type.Literal('accountant'),
  ]),
  language: Type.Union([Type.Literal('en'), Type.Literal('ja')]),
  timeZone: Type.String(),
  totp: Type.Union([Type.Literal('off'), Type.Literal('pending'), Type.Literal('on')]),
  deliveryReport: Type.Boolean(),
  virusAlert: Type.Boolean(),
  lastSignInAt: Type.Union([Type.String(), Type.Null()]),
  organization: Type.Object({
    id: Type.String(),
    name: Type.String(),
    clientNumber: Type.String(),
    plan: Type.Union([Type.Literal('standard'), Type.Literal('pro')]),
    virusCheckOption: Type.Boolean(),
  }),
  allowed: Type.Object({
    deliveryReport: Type.Boolean(),
    virusAlert: Type.Boolean(),
    disableTotp: Type.Boolean(),
  }),
});

/** The fields an account may change on itself; every one is optional. */
export const ProfileChangesSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 100 })),
    // Free strings here: the service checks them against the allow-lists and names the rule.
    language: Type.Optional(Type.String({ maxLength: 16 })),
    timeZone: Type.Optional(Type.String({ maxLength: 64 })),
    deliveryReport: Type.Optional(Type.Boolean()),
    virusAlert: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
