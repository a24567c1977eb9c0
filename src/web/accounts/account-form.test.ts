import { describe, expect, it } from 'vitest';
import type { ManagedAccount } from '../../contract/accounts.ts';
import {
  blankDraft,
  changesOf,
  draftOf,
  newAccountOf,
  offeredOptions,
  withRole,
} from './account-form.ts';

const pro = { plan: 'pro', virusCheckOption: true } as const;
const proWithoutOption = { plan: 'pro', virusCheckOption: false } as const;
const standard = { plan: 'standard', virusCheckOption: false } as const;

const saved: ManagedAccount = {
  id: '0b9d1f5e-3c1e-4d8e-9a57-2f1f0e7b9a10',
  email: 'hanako@demo.example',
  name: 'Hanako Sato',
  role: 'service_user',
  language: 'ja',
  timeZone: 'Asia/Tokyo',
  totp: 'pending',
  deliveryReport: true,
  virusAlert: true,
  locked: false,
  lastSignInAt: null,
  createdAt: '2026-01-05T00:00:00.000Z',
};

describe('the options the dialog offers', () => {
  it('offers the virus check only on Pro with the virus check option, to service users', () => {
    expect(offeredOptions('service_user', pro).virusAlert).toBe(true);
    expect(offeredOptions('service_user', proWithoutOption).virusAlert).toBe(false);
    expect(offeredOptions('service_user', standard).virusAlert).toBe(false);
    expect(offeredOptions('report_viewer', pro).virusAlert).toBe(false);
    expect(offeredOptions('accountant', pro).virusAlert).toBe(false);
  });

  it('offers the delivery report to every role but accountant', () => {
    expect(offeredOptions('service_user', standard).deliveryReport).toBe(true);
    expect(offeredOptions('report_viewer', standard).deliveryReport).toBe(true);
    expect(offeredOptions('accountant', pro).deliveryReport).toBe(false);
  });
});

describe('a role change in the dialog', () => {
  it('turns off the options the new role may not have and names them', () => {
    const { draft, turnedOff } = withRole(draftOf(saved), 'accountant', pro);

    expect(draft).toMatchObject({ role: 'accountant', deliveryReport: false, virusAlert: false });
    expect(turnedOff).toEqual(['delivery_report_turned_off', 'virus_alert_turned_off']);
  });

  it('keeps what the new role may have and names nothing', () => {
    const { draft, turnedOff } = withRole(draftOf(saved), 'report_viewer', pro);

    expect(draft).toMatchObject({ deliveryReport: true, virusAlert: false });
    expect(turnedOff).toEqual(['virus_alert_turned_off']);
    expect(withRole(draft, 'service_user', pro).turnedOff).toEqual([]);
  });
});

describe('what adding sends', () => {
  it('starts as a service user with two-factor authentication and every mail off', () => {
    expect(blankDraft('ja', 'Asia/Tokyo')).toMatchObject({
      role: 'service_user',
      language: 'ja',
      timeZone: 'Asia/Tokyo',
      totp: false,
      deliveryReport: false,
      virusAlert: false,
    });
  });

  it('never asks for an option the plan forbids, and trims what was typed', () => {
    const draft = {
      ...blankDraft('en', 'UTC'),
      email: ' new.user@demo.example ',
      name: ' New User ',
      deliveryReport: true,
      virusAlert: true,
    };

    expect(newAccountOf(draft, standard)).toEqual({
      email: 'new.user@demo.example',
      name: 'New User',
      role: 'service_user',
      language: 'en',
      timeZone: 'UTC',
      totp: false,
      deliveryReport: true,
      virusAlert: false,
    });
  });
});

describe('what saving an edit sends', () => {
  it('sends nothing when nothing changed', () => {
    expect(changesOf(saved, draftOf(saved))).toEqual({});
  });

  it('sends only the fields that changed', () => {
    const draft = { ...draftOf(saved), name: 'Hanako Suzuki ', locked: true };

    expect(changesOf(saved, draft)).toEqual({ name: 'Hanako Suzuki', locked: true });
  });

  it('sends the role together with the options it turned off', () => {
    const { draft } = withRole(draftOf(saved), 'accountant', pro);

    expect(changesOf(saved, draft)).toEqual({
      role: 'accountant',
      deliveryReport: false,
      virusAlert: false,
    });
  });

  it('switches two-factor authentication off, and leaves a pending setup alone otherwise', () => {
    expect(changesOf(saved, { ...draftOf(saved), totp: false })).toEqual({ totp: false });
    expect(changesOf(saved, { ...draftOf(saved), totp: true })).toEqual({});
  });
});
